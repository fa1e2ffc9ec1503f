// The official Zalo Bot channel (Zalo Bot Platform): updates in, by long polling or a
// webhook, to the conversation core; its replies out through the reply outbox, so a reply
// the platform cannot take now is retried, and sent once, across a restart too. The
// platform has no buttons: options are numbered lines and a number typed back picks one.
// Bots cannot join groups, so staff work elsewhere (Telegram or Zalo group, web
// workspace); their answers come back here through the citizen route.
//
// An update is handled fully (its replies queued in the store) before it is acknowledged:
// by long polling, before the next is asked for (the platform forgets an update once it has
// handed it over); by webhook, before the answer 200. A chat's updates are handled in
// order; each update once, however many replicas it is delivered to (see update-claims.ts).
import type { IncomingMessage, Reply, TurnHooks } from '../../conversation/types.ts';
import type { OutboxPort } from '../../outbox/message.ts';
import { retryDelay } from '../../outbox/backoff.ts';
import { MemoryHandledIds, type HandledIds } from '../../outbox/handled-ids.ts';
import { ChatTurns } from '../chat-turns.ts';
import { fetchLimited } from '../fetch-limited.ts';
import { MAX_IMAGE_BYTES } from '../../feedback/attachments.ts';
import { handleOnce, LocalUpdateClaims, type UpdateClaims } from '../update-claims.ts';
import { NumberedOptions, type OptionsMemory } from '../numbered-options.ts';
import { ZaloBotApi, ZaloBotApiError } from './bot-api.ts';
import { ZaloBotChatDestination } from './chat-destination.ts';
import { readUpdate, type ZaloBotUpdate } from './updates.ts';
import { startWebhookServer, type WebhookServer } from './webhook-server.ts';

export const REPLY_ZALO_BOT_DESTINATION = 'reply-zalo-bot';
export const CITIZEN_ZALO_BOT_DESTINATION = 'citizen-zalo-bot';

export interface ZaloBotSettings {
  token: string;
  apiRoot?: string;
  /** The ids of message parts sent, kept in the store (no resend after a restart). */
  sent?: HandledIds;
  /** Claims on update ids, kept in the store (a redelivery, or another replica, handles none twice). */
  claims?: UpdateClaims;
  /** How long a replica has to handle an update it claimed before another may take it over. */
  claimMs?: number;
  /** The numbered options each chat was last shown (shared by replicas); in memory by default. */
  options?: OptionsMemory;
  /** Webhook mode; long polling otherwise. */
  webhook?: { url: string; port: number; host?: string; secret: string };
  /** Seconds a long poll waits for an update. */
  pollSeconds?: number;
  /** Never receives the token, message text or names. */
  log?: (line: string) => void;
}

/** What the channel needs from the running bot. */
export interface ZaloBotCore {
  conversation: { handle(message: IncomingMessage, hooks?: TurnHooks): Promise<Reply[]> };
  /** The reply outbox: replies are queued there, then delivered. */
  replies: OutboxPort;
}

const POLL_BACKOFF = { initialMs: 1_000, maxMs: 60_000, factor: 2 };
const FAILURE_NOTICE = 'Xin lỗi, bot đang gặp trục trặc. Bạn thử lại sau ít phút nhé.';

export class ZaloBotChannel {
  readonly api: ZaloBotApi;
  /** The bot's own replies (the reply outbox's destination). */
  readonly replyDestination: ZaloBotChatDestination;
  /** Staff answers and status changes to citizens who wrote here (the 'zalo-bot' citizen route). */
  readonly citizenDestination: ZaloBotChatDestination;
  private readonly log: (line: string) => void;
  private readonly options: NumberedOptions;
  private readonly claims: UpdateClaims;
  private core: ZaloBotCore | undefined;
  private polling: { abort: AbortController; loop: Promise<void> } | undefined;
  private webhookServer: WebhookServer | undefined;
  /** A chat's updates are handled in order. */
  private readonly turns = new ChatTurns();

  constructor(private readonly settings: ZaloBotSettings) {
    this.api = new ZaloBotApi({ token: settings.token, apiRoot: settings.apiRoot });
    this.log = settings.log ?? ((line) => console.error(line));
    const sent = settings.sent ?? new MemoryHandledIds();
    this.options = new NumberedOptions(settings.options);
    this.replyDestination = new ZaloBotChatDestination(REPLY_ZALO_BOT_DESTINATION, () => this.api, sent);
    // Messages that ask something (the satisfaction question) number their choices here.
    this.citizenDestination = new ZaloBotChatDestination(CITIZEN_ZALO_BOT_DESTINATION, () => this.api, sent, undefined, this.options);
    this.claims = settings.claims ?? new LocalUpdateClaims();
  }

  attach(core: ZaloBotCore): this {
    this.core = core;
    return this;
  }

  /**
   * Checks the token, then receives updates (long polling, or the webhook); resolves once
   * running with `done`, which rejects when receiving stops for good (a revoked token).
   */
  async start(): Promise<{ done: Promise<void> }> {
    if (!this.core) throw new Error('ZaloBotChannel: attach() the bot before start()');
    const me = await this.api.getMe();
    const hook = this.settings.webhook;
    if (hook) {
      this.webhookServer = await startWebhookServer({ ...hook, path: new URL(hook.url).pathname, onUpdate: (body) => this.handle(body), log: this.log });
      await this.api.setWebhook(hook.url, hook.secret);
      this.log(`zalo-bot: đã kết nối bot ${me.id} (webhook ${new URL(hook.url).origin})`);
      return { done: new Promise<void>(() => undefined) };
    }
    // getUpdates does not work while a webhook is set (left from an earlier deployment).
    await this.api.deleteWebhook().catch((err: unknown) => this.log(`zalo-bot: deleteWebhook lỗi: ${describe(err)}`));
    const abort = new AbortController();
    const loop = this.poll(abort.signal);
    this.polling = { abort, loop };
    this.log(`zalo-bot: đã kết nối bot ${me.id} (long polling)`);
    return { done: loop };
  }

  /** Stops receiving; waits for the update being handled. Queued replies stay queued. */
  async stop(): Promise<void> {
    if (this.polling) {
      this.polling.abort.abort(new Error('stopped'));
      await this.polling.loop.catch(() => undefined);
      this.polling = undefined;
    }
    await this.webhookServer?.close();
    this.webhookServer = undefined;
    await this.turns.idle();
  }

  /**
   * Handles one delivered update (a getUpdates result or a webhook body) after its chat's
   * earlier ones; rejects with UpdateBusyError when another replica is handling it.
   */
  async handle(body: unknown): Promise<void> {
    const update = readUpdate(body);
    if (update.kind === 'ignored') return;
    // Bots cannot join groups today; should one get there, it stays quiet.
    if (update.isGroup) return;
    await this.turns.run(update.chatId, () => handleOnce(this.claims, update.messageId, () => this.respond(update), { leaseMs: this.settings.claimMs }));
  }

  private async poll(signal: AbortSignal): Promise<void> {
    let failures = 0;
    let lastError = '';
    while (!signal.aborted) {
      try {
        const update = await this.api.getUpdate(this.settings.pollSeconds ?? 30, signal);
        if (failures) this.log(`zalo-bot: nhận tin trở lại sau ${failures} lần lỗi`);
        failures = 0;
        lastError = '';
        if (update !== undefined) await this.handle(update);
      } catch (err) {
        if (signal.aborted) return;
        if (err instanceof ZaloBotApiError && err.isUnauthorized) throw new Error(`token Zalo Bot không hợp lệ hoặc đã bị đổi (${err.message})`, { cause: err });
        failures++;
        const wait = retryDelay(failures, POLL_BACKOFF, Math.random);
        const text = describe(err);
        // The same error again is not news.
        if (text !== lastError) this.log(`zalo-bot: chưa nhận được tin (${text}); thử lại sau ${Math.ceil(wait / 1000)} giây`);
        lastError = text;
        await sleep(wait, signal);
      }
    }
  }

  private async respond(update: Exclude<ZaloBotUpdate, { kind: 'ignored' }>): Promise<void> {
    const core = this.requireCore();
    void this.api.sendChatAction(update.chatId, 'typing').catch(() => undefined);
    const pressed = update.kind === 'text' ? await this.options.pick(update.chatId, update.text) : undefined;
    const to = { channel: 'zalo-bot' as const, chatId: update.chatId, userId: update.userId };
    let queued = false;
    // Ids from the update: handling it again (a redelivery, a replica taking over) queues nothing new.
    const queue = async (replies: Reply[]) => {
      await core.replies.enqueue(
        (await this.options.render(update.chatId, replies)).map((text, i) => ({ id: `zalo-bot:${update.messageId}:${i}`, destination: REPLY_ZALO_BOT_DESTINATION, kind: 'reply' as const, to, text })),
      );
      queued = true;
    };
    try {
      const replies = await core.conversation.handle(
        {
          channel: 'zalo-bot',
          userId: update.userId,
          chatId: update.chatId,
          id: update.messageId,
          ...(update.kind === 'text' && update.displayName ? { displayName: update.displayName } : {}),
          input: await this.inputOf(update, pressed),
        },
        { beforeSave: queue },
      );
      // A core that keeps no session calls no hook.
      if (!queued) await queue(replies);
    } catch (err) {
      // Replies queued but the session not saved: the update is handled again when redelivered.
      if (queued) throw err;
      this.log(`zalo-bot: cuộc trò chuyện lỗi: ${describe(err)}`);
      await queue([{ sections: [{ lines: [FAILURE_NOTICE] }], buttons: [] }]);
    }
  }

  /** What the update says to the core; a photo is fetched from the platform, never more than the bot keeps. */
  private async inputOf(update: Exclude<ZaloBotUpdate, { kind: 'ignored' }>, pressed: string | undefined): Promise<IncomingMessage['input']> {
    if (pressed) return { kind: 'button', payload: pressed };
    switch (update.kind) {
      case 'text':
        return { kind: 'text', text: update.text };
      case 'location':
        return { kind: 'location', latitude: update.latitude, longitude: update.longitude };
      case 'image':
        return { kind: 'image', image: await fetchLimited(update.url, MAX_IMAGE_BYTES) };
      default:
        // A sticker or voice message: the core answers an empty text with what the bot can read.
        return { kind: 'text', text: '' };
    }
  }

  private requireCore(): ZaloBotCore {
    if (!this.core) throw new Error('ZaloBotChannel: chưa gắn với bot');
    return this.core;
  }
}

/** A revoked or mistyped token: the platform answers 401 and waiting will not change it. */
export function isPermanentZaloBotError(err: unknown): boolean {
  const cause = err instanceof Error && err.cause !== undefined ? err.cause : err;
  return cause instanceof ZaloBotApiError && cause.isUnauthorized;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}
