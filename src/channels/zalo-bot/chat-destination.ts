// Sends queued messages (the bot's replies, staff answers) to a citizen's Zalo Bot chat.
// The outbox retries what this throws; this decides what is worth retrying. Each part of a
// long message is recorded on disk once the platform has taken it, so neither a retry nor
// a restart sends a part twice.
import { PermanentDeliveryError, RecipientGoneError, type Destination, type OutboxMessage } from '../../outbox/message.ts';
import type { NumberedOptions } from '../numbered-options.ts';
import type { HandledIds } from '../../outbox/handled-ids.ts';
import { CHANNEL_LIMITS, splitMessage } from '../split-message.ts';
import { SendThrottle } from '../zalo/throttle.ts';
import { messageButtons } from '../message-buttons.ts';
import { ZaloBotApiError, ZaloBotErrorCode, type ZaloBotApi } from './bot-api.ts';

/**
 * The platform publishes no rate limit, only "429 quota exceeded": messages to one chat
 * are spaced like a person reading them, and all chats together kept modest.
 */
export const ZALO_BOT_SPACING = { perThreadMs: 400, globalMs: 60 };

export class ZaloBotChatDestination implements Destination {
  constructor(
    readonly name: string,
    private readonly api: () => ZaloBotApi,
    private readonly sent: HandledIds,
    private readonly throttle: SendThrottle = new SendThrottle(ZALO_BOT_SPACING),
    /** Where a message's choices (the satisfaction question, an announcement's "Hủy nhận tin") are numbered and remembered, so a number typed back picks one. */
    private readonly numbered?: NumberedOptions,
  ) {}

  async deliver(message: OutboxMessage): Promise<void> {
    if (message.to?.channel !== 'zalo-bot') throw new PermanentDeliveryError(`tin ${message.id} không gửi qua Zalo Bot`);
    const chatId = message.to.chatId;
    // The platform takes 1 to 2,000 characters: blank parts are never sent.
    const buttons = messageButtons(message);
    const text = buttons.length && this.numbered ? (await this.numbered.render(chatId, [{ sections: [{ lines: [message.text.trim()] }], buttons }])).join('\n\n') : message.text;
    const parts = splitMessage(text.trim(), CHANNEL_LIMITS['zalo-bot']).filter((p) => p.trim());
    for (const [i, part] of parts.entries()) {
      const key = `${this.name}:${message.id}#${i}`;
      if (await this.sent.has(key)) continue;
      try {
        await this.throttle.run(chatId, () => this.api().sendMessage(chatId, part));
      } catch (err) {
        throw classify(err, message.kind === 'announcement');
      }
      await this.sent.add(key);
    }
  }
}

/** Retryable errors are thrown as they are; a refusal that retrying cannot change gives the message up. */
function classify(err: unknown, toSubscriber = false): Error {
  if (!(err instanceof ZaloBotApiError)) return err instanceof Error ? err : new Error(String(err));
  // A subscriber who is no longer there (no such chat, or blocked the bot): their subscription ends.
  if (toSubscriber && (err.code === ZaloBotErrorCode.NotFound || /block|chặn|unfollow|not follow/i.test(err.description))) return new RecipientGoneError(err.message);
  // 400: the platform rejects this message itself (no such chat, text refused). 404: no such chat.
  if (err.code === ZaloBotErrorCode.BadRequest || err.code === ZaloBotErrorCode.NotFound) return new PermanentDeliveryError(err.message);
  // Everything else waits: a revoked token (401) is fixed by a person, then the queue goes on.
  return err;
}
