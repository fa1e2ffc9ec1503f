// Outbox destinations on Telegram: forwarded feedback to the Home Affairs staff chat, and
// staff answers to the citizen's own chat. Errors propagate so the outbox retries with
// backoff; a message id already sent is never sent again (kept in a small file, so a
// restart does not resend either).
import { TelegramError, type Telegram } from 'telegraf';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import { PermanentDeliveryError, RecipientGoneError, type Destination, type OutboxMessage } from '../../outbox/message.ts';
import type { HandledIds } from '../../outbox/handled-ids.ts';
import { messageButtons } from '../message-buttons.ts';
import { CHANNEL_LIMITS } from '../split-message.ts';
import { noticeToHtml, splitHtml } from './html.ts';
import type { SendQueue } from './send-queue.ts';

export const STAFF_TELEGRAM_DESTINATION = 'staff-telegram';

/** Which chat a message goes to: a staff chat (the unit's, or the deployment's), or the citizen's. */
export type ChatOf = (message: OutboxMessage) => string | undefined;

/** The citizen's own chat, for answers to citizens who wrote on Telegram. */
export const citizenChat: ChatOf = (message) => (message.to?.channel === 'telegram' ? message.to.chatId : undefined);

/** Sends outbox messages to the Telegram chat `chatOf` picks. */
export class TelegramChatDestination implements Destination {
  /** Parts already sent of a message whose later part failed: a retry sends only the rest. */
  private readonly partsSent = new Map<string, number>();

  constructor(
    readonly name: string,
    private readonly telegram: Telegram,
    private readonly queue: SendQueue,
    private readonly sent: HandledIds,
    private readonly chatOf: ChatOf,
  ) {}

  async deliver(message: OutboxMessage): Promise<void> {
    const key = `${this.name}:${message.id}`;
    if (await this.sent.has(key)) return;
    const chatId = this.chatOf(message);
    // Retrying cannot find a chat nobody configured: the web workspace still shows the feedback.
    if (!chatId) throw new PermanentDeliveryError(`tin ${message.id} không có nhóm Telegram nhận${message.unit ? ` (đơn vị ${message.unit} chưa đặt staff.telegramChatId)` : ''}`);
    const parts = splitHtml(noticeToHtml(message.text), CHANNEL_LIMITS.telegram);
    // The message's choices (the satisfaction question's, "Hủy nhận tin" under an announcement), under its last part.
    const buttons = messageButtons(message);
    const keyboard: InlineKeyboardMarkup | undefined = buttons.length ? { inline_keyboard: buttons.map((b) => [{ text: b.label, callback_data: b.payload }]) } : undefined;
    for (let i = this.partsSent.get(key) ?? 0; i < parts.length; i++) {
      const markup = keyboard && i === parts.length - 1 ? { reply_markup: keyboard } : {};
      try {
        // Announcements go in bulk: they give way to replies under the overall limit.
        await this.queue.run(chatId, () => this.telegram.sendMessage(chatId, parts[i]!, { parse_mode: 'HTML', link_preview_options: { is_disabled: true }, ...markup }), message.kind === 'announcement' ? 'bulk' : 'normal');
      } catch (err) {
        throw message.to ? citizenGone(err) : err;
      }
      this.partsSent.set(key, i + 1);
    }
    this.partsSent.delete(key);
    await this.sent.add(key);
  }
}

/**
 * A citizen the bot can no longer write to: 403 (they blocked the bot, deleted their
 * account) or 400 "chat not found". Anything else is thrown as it is, to be retried.
 */
function citizenGone(err: unknown): unknown {
  if (!(err instanceof TelegramError)) return err;
  if (err.code === 403 || (err.code === 400 && /chat not found|user not found/i.test(err.description))) return new RecipientGoneError(`Telegram ${err.code}: ${err.description}`);
  return err;
}
