// Outbox destinations on Telegram: forwarded feedback to the Home Affairs staff chat, and
// staff answers to the citizen's own chat. Errors propagate so the outbox retries with
// backoff; a message id already sent is never sent again (kept in a small file, so a
// restart does not resend either).
import type { Telegram } from 'telegraf';
import type { Destination, OutboxMessage } from '../../outbox/message.ts';
import type { HandledIds } from '../../outbox/handled-ids.ts';
import { CHANNEL_LIMITS } from '../split-message.ts';
import { noticeToHtml, splitHtml } from './html.ts';
import type { SendQueue } from './send-queue.ts';

export const STAFF_TELEGRAM_DESTINATION = 'staff-telegram';

/** Sends outbox messages to a Telegram chat: a fixed one, or the citizen's (`message.to.chatId`). */
export class TelegramChatDestination implements Destination {
  /** Parts already sent of a message whose later part failed: a retry sends only the rest. */
  private readonly partsSent = new Map<string, number>();

  constructor(
    readonly name: string,
    private readonly telegram: Telegram,
    private readonly queue: SendQueue,
    private readonly sent: HandledIds,
    private readonly chatId?: string,
  ) {}

  async deliver(message: OutboxMessage): Promise<void> {
    const key = `${this.name}:${message.id}`;
    if (await this.sent.has(key)) return;
    const chatId = this.chatId ?? (message.to?.channel === 'telegram' ? message.to.chatId : undefined);
    if (!chatId) throw new Error(`tin ${message.id} không có chat Telegram nhận`);
    const parts = splitHtml(noticeToHtml(message.text), CHANNEL_LIMITS.telegram);
    for (let i = this.partsSent.get(key) ?? 0; i < parts.length; i++) {
      await this.queue.run(chatId, () => this.telegram.sendMessage(chatId, parts[i]!, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } }));
      this.partsSent.set(key, i + 1);
    }
    this.partsSent.delete(key);
    await this.sent.add(key);
  }
}
