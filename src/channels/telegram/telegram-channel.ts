// The Telegram channel: translates updates into the conversation core's messages and
// its replies back into Telegram messages, and lets Home Affairs staff answer forwarded
// feedback from their group. It only translates: answers, flows and staff rules live
// in the core (Conversation, runStaffCommand).
import { Telegraf } from 'telegraf';
import type { Message, User } from 'telegraf/types';
import type { IncomingMessage, Reply, TurnHooks } from '../../conversation/types.ts';
import { menuButton } from '../../conversation/payloads.ts';
import { TRACKING_CODE_IN_TEXT } from '../../conversation/status-lookup.ts';
import type { FeedbackRepository } from '../../feedback/record.ts';
import { isStaffCommand, runStaffCommand, type StaffCommand } from '../../feedback/staff-commands.ts';
import type { OutboxPort } from '../../outbox/message.ts';
import { ChatTurns } from '../chat-turns.ts';
import { CHANNEL_LIMITS } from '../split-message.ts';
import { handleOnce, LocalUpdateClaims, UpdateBusyError, type UpdateClaims } from '../update-claims.ts';
import { MemoryHandledIds, type HandledIds } from '../../outbox/handled-ids.ts';
import { citizenChat, STAFF_TELEGRAM_DESTINATION, TelegramChatDestination } from './destinations.ts';
import { BOT_COMMANDS, parseCommand, staffName } from './commands.ts';
import { Keyboards } from './keyboard.ts';
import { StaffChats } from './staff-chats.ts';
import { answerRetryLater, chatOf } from './webhook-updates.ts';
import { sectionsToHtml, splitHtml } from './html.ts';
import { SendQueue, type SendLimits } from './send-queue.ts';
import { telegramAttachment } from './attachments.ts';

export const CITIZEN_TELEGRAM_DESTINATION = 'citizen-telegram';

export interface TelegramSettings {
  token: string;
  /** A self-hosted Bot API server, or the fake one in tests; default the public Bot API. */
  apiRoot?: string;
  /** The Home Affairs group: receives forwarded feedback, may use staff commands. */
  staffChatId?: string;
  /**
   * In a deployment serving several units: unit id → its staff group (from the units'
   * settings, read again when they change). A unit's group receives that unit's feedback
   * and acts on its records only; the group above receives what has no unit group.
   */
  unitChats?: () => ReadonlyMap<string, string>;
  /** Telegram user ids allowed to use staff commands from any chat. */
  staffIds?: readonly string[];
  /** The outbox message ids already sent (no resend after a restart): kept in the store. */
  sent?: HandledIds;
  /** Claims on update ids: a retried webhook delivery, to this replica or another, is handled once. */
  claims?: UpdateClaims;
  /** How long a replica has to handle an update it claimed before another may take it over. */
  claimMs?: number;
  limits?: Partial<SendLimits>;
  /** Never receives the token or message text. */
  log?: (line: string) => void;
  /** Webhook mode: Telegram posts updates to `url`, served by a local server on `port`.
   *  Requests without the secret token header are refused (403). Long polling otherwise. */
  webhook?: { url: string; port: number; host?: string; secretToken: string };
}

/** What the channel needs from the running bot. */
export interface TelegramCore {
  conversation: { handle(message: IncomingMessage, hooks?: TurnHooks): Promise<Reply[]> };
  feedback: FeedbackRepository;
  outbox: OutboxPort;
}


export const TEXT_ONLY_NOTICE = 'Xin lỗi, bot chỉ đọc được tin nhắn chữ. Bạn hãy gõ câu hỏi bằng chữ, hoặc chọn Menu nhé.';
const FAILURE_NOTICE = 'Xin lỗi, bot đang gặp trục trặc. Bạn thử lại sau ít phút nhé.';
const PHOTO_FAILED_NOTICE = 'Xin lỗi, bot chưa tải được ảnh bạn gửi. Bạn gửi lại ảnh sau ít phút nhé.';

export class TelegramChannel {
  readonly telegraf: Telegraf;
  readonly queue: SendQueue;
  /** Forwarded feedback to the staff chat; undefined without TELEGRAM_STAFF_CHAT_ID. */
  readonly staffDestination: TelegramChatDestination | undefined;
  /** Staff answers to citizens who wrote on Telegram (the 'telegram' route of the citizen destination). */
  readonly citizenDestination: TelegramChatDestination;
  private core: TelegramCore | undefined;
  private readonly log: (line: string) => void;
  private readonly staff: StaffChats;
  /** A chat's updates are handled in order. */
  private readonly turns = new ChatTurns();
  private readonly keyboards = new Keyboards();
  private running: Promise<void> | undefined;

  constructor(private readonly settings: TelegramSettings) {
    // webhookReply off: every call goes to the API and returns its result, as the send queue expects.
    this.telegraf = new Telegraf(settings.token, { telegram: { webhookReply: false, ...(settings.apiRoot ? { apiRoot: settings.apiRoot } : {}) } });
    this.queue = new SendQueue(settings.limits);
    this.log = settings.log ?? ((line) => console.error(line));
    this.staff = new StaffChats(settings.staffChatId, settings.unitChats ?? (() => new Map()), new Set(settings.staffIds ?? []));
    const sent = settings.sent ?? new MemoryHandledIds();
    this.staffDestination =
      settings.staffChatId || settings.unitChats
        ? new TelegramChatDestination(STAFF_TELEGRAM_DESTINATION, this.telegraf.telegram, this.queue, sent, (m) => (m.unit && settings.unitChats?.().get(m.unit)) || settings.staffChatId)
        : undefined;
    this.citizenDestination = new TelegramChatDestination(CITIZEN_TELEGRAM_DESTINATION, this.telegraf.telegram, this.queue, sent, citizenChat);
    const claims = settings.claims ?? new LocalUpdateClaims();
    this.telegraf.use((ctx, next) => {
      const id = String(ctx.update.update_id);
      const chatId = chatOf(ctx.update) ?? `update-${id}`;
      const handled = this.turns.run(chatId, () => handleOnce(claims, id, next, { leaseMs: settings.claimMs })).catch((err: unknown) => {
        if (err instanceof UpdateBusyError) this.log(`telegram: ${err.message}; Telegram sẽ gửi lại sau`);
        else this.log(`telegram: lỗi khi xử lý tin của chat ${chatId}: ${this.safeError(err)}`);
        return 'failed' as const;
      });
      // Polling: in the background, since telegraf polls again only when its handlers return
      // and one slow chat must not hold up the others. Webhook: answered once handled, so an
      // update whose replica died meanwhile is delivered again; one held by another replica,
      // or not handled for a failure (Telegram unreachable, the database down), is answered
      // 503 to come again.
      if (!settings.webhook) return;
      return handled.then((outcome) => void (outcome === 'failed' && answerRetryLater(ctx.telegram)));
    });
    this.telegraf.on('message', (ctx) => this.onMessage(ctx.message, ctx.update.update_id));
    this.telegraf.on('callback_query', (ctx) => {
      const chatId = ctx.callbackQuery.message?.chat.id;
      void ctx.answerCbQuery().catch((err: unknown) => this.log(`telegram: answerCallbackQuery lỗi: ${this.safeError(err)}`));
      if (chatId === undefined || !('data' in ctx.callbackQuery)) return;
      return this.onButton(ctx.callbackQuery.from, ctx.callbackQuery.message!.chat, ctx.callbackQuery.data, ctx.update.update_id);
    });
    this.telegraf.catch((err, ctx) => this.log(`telegram: lỗi khi xử lý cập nhật ${ctx.update.update_id}: ${this.safeError(err)}`));
  }

  /** Connects the channel to the running bot; required before start(). */
  attach(core: TelegramCore): this {
    this.core = core;
    return this;
  }

  /**
   * Connects (long polling, or the webhook server), registers the commands, and resolves
   * once running, with `done`: it settles when receiving stops (rejects on a failure such
   * as a revoked token or another instance polling with the same token).
   */
  async start(): Promise<{ done: Promise<void> }> {
    if (!this.core) throw new Error('TelegramChannel: attach() the bot before start()');
    const hook = this.settings.webhook;
    const webhook = hook && { domain: new URL(hook.url).origin, path: new URL(hook.url).pathname, port: hook.port, host: hook.host, secretToken: hook.secretToken };
    let launched!: () => void;
    const connected = new Promise<void>((resolve) => (launched = resolve));
    const running = this.telegraf.launch({ allowedUpdates: ['message', 'callback_query'], ...(webhook ? { webhook } : {}) }, () => launched());
    this.running = running.catch(() => undefined);
    // launch() resolves only when receiving stops (polling), or once set up (webhook).
    const outcome = await Promise.race([connected.then(() => 'connected' as const), running.then(() => 'ended' as const)]).catch((err: unknown) => {
      throw new Error(`Không kết nối được Telegram: ${this.safeError(err)}`, { cause: err });
    });
    await this.telegraf.telegram.setMyCommands(BOT_COMMANDS).catch((err: unknown) => this.log(`telegram: setMyCommands lỗi: ${this.safeError(err)}`));
    const done =
      hook || outcome === 'ended'
        ? new Promise<void>(() => undefined)
        : running.catch((err: unknown) => {
            throw new Error(`ngừng nhận tin: ${this.safeError(err)}`, { cause: err });
          });
    return { done };
  }

  /** Stops polling, then waits for the updates being handled and their replies. */
  async stop(): Promise<void> {
    if (this.running) {
      try {
        this.telegraf.stop('shutdown');
      } catch {
        // not running any more
      }
      await this.running.catch(() => undefined);
      this.running = undefined;
    }
    await this.idle();
  }

  /** Resolves once every update received so far is handled and its replies sent. */
  async idle(): Promise<void> {
    await this.turns.idle();
    await this.queue.idle();
  }

  /** Error text for logs: never the token (it is in request URLs), never message text. */
  safeError(err: unknown): string {
    const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    return text.split(this.settings.token).join('<token>').replace(/bot\d+:[\w-]+/g, 'bot<token>');
  }

  private async onMessage(message: Message, updateId: number): Promise<void> {
    const chatId = String(message.chat.id);
    const text = 'text' in message ? message.text : undefined;
    const command = text === undefined ? undefined : parseCommand(text);
    if (command && isStaffCommand(command.name)) return this.onStaffCommand(message, command.name, command.args);
    if (this.staff.isStaffChat(chatId)) {
      if (text !== undefined && 'reply_to_message' in message && message.reply_to_message) return this.onStaffReply(message, text, message.reply_to_message);
      return;
    }
    if (message.chat.type !== 'private' || !message.from) return;
    if (text !== undefined) return this.converse(message.from, chatId, { kind: 'text', text }, updateId);
    const input = await telegramAttachment(this.telegraf.telegram, message).catch((err: unknown) => {
      this.log(`telegram: không tải được ảnh của chat ${chatId}: ${this.safeError(err)}`);
      return 'failed' as const;
    });
    if (input === 'failed') return this.sendReplies(chatId, [{ sections: [{ lines: [PHOTO_FAILED_NOTICE] }], buttons: [] }]);
    if (!input) return this.sendReplies(chatId, [{ sections: [{ lines: [TEXT_ONLY_NOTICE] }], buttons: menuButton() }]);
    return this.converse(message.from, chatId, input, updateId);
  }

  private async onButton(from: User, chat: Message['chat'], data: string, updateId: number): Promise<void> {
    if (chat.type !== 'private') return;
    const payload = this.keyboards.decode(data);
    return this.converse(from, String(chat.id), { kind: 'button', payload }, updateId);
  }

  private async converse(from: User, chatId: string, input: IncomingMessage['input'], updateId: number): Promise<void> {
    void this.telegraf.telegram.sendChatAction(chatId, 'typing').catch(() => undefined);
    const displayName = [from.first_name, from.last_name].filter(Boolean).join(' ') || from.username;
    let sent = false;
    // Sent before the session is saved: a replica killed between the two leaves the update to
    // be handled again from the turn before (the session remembers the update once saved).
    const send = async (replies: Reply[]) => {
      await this.sendReplies(chatId, replies);
      sent = true;
    };
    try {
      const replies = await this.requireCore().conversation.handle(
        { channel: 'telegram', userId: String(from.id), chatId, id: String(updateId), ...(displayName ? { displayName } : {}), input },
        { beforeSave: send },
      );
      // A core that keeps no session calls no hook.
      if (!sent) await send(replies);
    } catch (err) {
      // Replies out but the session not saved (or Telegram unreachable): Telegram delivers the update again.
      if (sent) throw err;
      this.log(`telegram: cuộc trò chuyện lỗi (chat ${chatId}): ${this.safeError(err)}`);
      await send([{ sections: [{ lines: [FAILURE_NOTICE] }], buttons: [] }]);
    }
  }

  /** Sends replies in order: HTML, split under the limit, the keyboard on the last part only. */
  async sendReplies(chatId: string, replies: readonly Reply[]): Promise<void> {
    for (const r of replies) {
      let html = sectionsToHtml(r.sections);
      if (!html.trim()) {
        if (!r.buttons.length) continue;
        html = 'Bạn chọn một mục:';
      }
      const parts = splitHtml(html, CHANNEL_LIMITS.telegram);
      for (const [i, part] of parts.entries()) {
        const keyboard = i === parts.length - 1 && r.buttons.length ? this.keyboards.of(r) : undefined;
        await this.queue.run(chatId, () =>
          this.telegraf.telegram.sendMessage(chatId, part, {
            parse_mode: 'HTML',
            link_preview_options: { is_disabled: true },
            ...(keyboard ? { reply_markup: keyboard } : {}),
          }),
        );
      }
    }
  }

  private async onStaffCommand(message: Message, name: string, args: string): Promise<void> {
    const chatId = String(message.chat.id);
    if (!this.staff.isStaff(chatId, message.from && String(message.from.id))) {
      return this.sendText(chatId, 'Lệnh này chỉ dành cho cán bộ tiếp nhận phản ánh, kiến nghị.');
    }
    const core = this.requireCore();
    const text = await runStaffCommand(name as StaffCommand, args, { feedback: core.feedback, outbox: core.outbox, by: staffName(message.from), unit: this.staff.unitOf(chatId) });
    return this.sendText(chatId, text);
  }

  /** A reply, in the staff chat, to a message of the bot that carries a tracking code. */
  private async onStaffReply(message: Message, text: string, repliedTo: NonNullable<Message.TextMessage['reply_to_message']>): Promise<void> {
    if (repliedTo.from?.id !== this.telegraf.botInfo?.id) return;
    const quoted = 'text' in repliedTo ? repliedTo.text : undefined;
    const code = quoted && TRACKING_CODE_IN_TEXT.exec(quoted)?.[0];
    if (!code) return;
    const core = this.requireCore();
    const ack = await runStaffCommand('traloi', `${code} ${text}`, { feedback: core.feedback, outbox: core.outbox, by: staffName(message.from), unit: this.staff.unitOf(String(message.chat.id)) });
    return this.sendText(String(message.chat.id), ack);
  }

  private sendText(chatId: string, text: string): Promise<void> {
    return this.sendReplies(chatId, [{ sections: [{ lines: [text] }], buttons: [] }]);
  }

  private requireCore(): TelegramCore {
    if (!this.core) throw new Error('TelegramChannel: chưa gắn với bot');
    return this.core;
  }
}

/** A revoked or mistyped token: Telegram answers 401 (or 404 for a malformed one), and waiting will not change it. */
export function isPermanentTelegramError(err: unknown): boolean {
  const cause = err instanceof Error && err.cause !== undefined ? err.cause : err;
  const code = (cause as { code?: unknown; response?: { error_code?: unknown } } | undefined)?.response?.error_code ?? (cause as { code?: unknown })?.code;
  return code === 401 || code === 404;
}

export { parseCommand };

