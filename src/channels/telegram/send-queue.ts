// Telegram limits how fast a bot sends (about 1 message a second per chat, 20 a minute
// per group, 30 a second overall) and answers 429 with `retry_after` when it is exceeded;
// telegraf does not retry. Every send goes through this queue: one lane per chat, in
// order, spaced to the limits, and a 429 waits the time asked and sends the same call
// again. Any other error is thrown to the caller (the outbox retries with backoff).
import { TelegramError } from 'telegraf';

export interface SendLimits {
  /** Least time between two messages to one chat. */
  perChatMs: number;
  /** Messages a minute to one group chat. */
  groupPerMinute: number;
  /** Messages a second to all chats together. */
  globalPerSecond: number;
  /** How many 429 answers in a row a call waits out before giving up. */
  max429Retries: number;
  /** Longest `retry_after` waited out in place; a longer one is thrown to the caller. */
  maxRetryAfterSeconds: number;
}

export const TELEGRAM_LIMITS: SendLimits = { perChatMs: 1_050, groupPerMinute: 20, globalPerSecond: 30, max429Retries: 5, maxRetryAfterSeconds: 60 };

/**
 * Telegram counts a message when it arrives, this queue when it leaves: network delays that
 * vary by a few milliseconds would put 31 in one of Telegram's seconds when this queue sent
 * 30 in its own, and one 429 pauses every chat. The overall limit is counted over a little
 * more than a second (and chats spaced a little more than one), so that never happens.
 */
const WINDOW_MS = 1_050;

/** Sends of the overall limit that bulk sends (announcements) leave to replies, so a broadcast never delays a reply. */
const BULK_HEADROOM = 5;

/** A reply or a staff message; or one of many (an announcement), which gives way. */
export type SendPriority = 'normal' | 'bulk';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The seconds to wait when `err` is a 429 from the Bot API; undefined for any other error. */
export function retryAfterOf(err: unknown): number | undefined {
  if (!(err instanceof TelegramError) || err.code !== 429) return undefined;
  return err.parameters?.retry_after ?? 1;
}

export class SendQueue {
  private readonly lanes = new Map<string, Promise<unknown>>();
  /** Per chat: the earliest time its next message may go. */
  private readonly chatNext = new Map<string, number>();
  private readonly groupSent = new Map<string, number[]>();
  private globalSent: number[] = [];
  /** After a 429: no send to any chat before this. */
  private pausedUntil = 0;
  readonly limits: SendLimits;

  constructor(limits: Partial<SendLimits> = {}) {
    this.limits = { ...TELEGRAM_LIMITS, ...limits };
  }

  /** Runs `call` (one Bot API send to `chatId`) in the chat's lane, within the limits. */
  run<T>(chatId: string, call: () => Promise<T>, priority: SendPriority = 'normal'): Promise<T> {
    const run = (this.lanes.get(chatId) ?? Promise.resolve()).then(() => this.send(chatId, call, priority));
    const tail = run.catch(() => undefined);
    this.lanes.set(chatId, tail);
    void tail.then(() => {
      if (this.lanes.get(chatId) === tail) this.lanes.delete(chatId);
    });
    return run;
  }

  /** Resolves once every send queued so far has finished. */
  async idle(): Promise<void> {
    await Promise.all([...this.lanes.values()]);
  }

  private async send<T>(chatId: string, call: () => Promise<T>, priority: SendPriority): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      await this.slot(chatId, priority);
      try {
        return await call();
      } catch (err) {
        const retryAfter = retryAfterOf(err);
        if (retryAfter === undefined || attempt >= this.limits.max429Retries || retryAfter > this.limits.maxRetryAfterSeconds) throw err;
        // Telegram says the bot itself sends too fast (chats are spaced already): every chat
        // waits the time asked, or the others' sends would meet a 429 each.
        this.pausedUntil = Math.max(this.pausedUntil, Date.now() + retryAfter * 1000);
      }
    }
  }

  /** Waits until a message to `chatId` is within every limit, and counts it. */
  private async slot(chatId: string, priority: SendPriority = 'normal'): Promise<void> {
    const isGroup = chatId.startsWith('-');
    const overall = priority === 'bulk' ? Math.max(1, this.limits.globalPerSecond - BULK_HEADROOM) : this.limits.globalPerSecond;
    for (;;) {
      const now = Date.now();
      this.globalSent = this.globalSent.filter((t) => t > now - WINDOW_MS);
      const group = isGroup ? (this.groupSent.get(chatId) ?? []).filter((t) => t > now - 60_000) : [];
      const wait = Math.max(
        this.pausedUntil - now,
        (this.chatNext.get(chatId) ?? 0) - now,
        this.globalSent.length >= overall ? this.globalSent[this.globalSent.length - overall]! + WINDOW_MS - now : 0,
        group.length >= this.limits.groupPerMinute ? group[0]! + 60_000 - now : 0,
      );
      if (wait <= 0) {
        this.globalSent.push(now);
        if (isGroup) this.groupSent.set(chatId, [...group, now]);
        this.forgetIdleChats(now);
        this.chatNext.set(chatId, now + this.limits.perChatMs);
        return;
      }
      await sleep(wait);
    }
  }

  /** Keeps the per-chat maps from growing with every chat ever served. */
  private forgetIdleChats(now: number): void {
    if (this.chatNext.size < 5_000) return;
    for (const [chat, next] of this.chatNext) if (next < now) this.chatNext.delete(chat);
    for (const [chat, times] of this.groupSent) if (times.every((t) => t <= now - 60_000)) this.groupSent.delete(chat);
  }
}
