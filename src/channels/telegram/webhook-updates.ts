// What the channel needs to know of a raw update before handling it.
import type { ServerResponse } from 'node:http';
import type { Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';

/** The chat an update belongs to, so that a chat's updates are handled in order. */
export function chatOf(update: Update): string | undefined {
  const chat = 'message' in update ? update.message.chat : 'callback_query' in update ? update.callback_query.message?.chat : undefined;
  return chat === undefined ? undefined : String(chat.id);
}

/** Tells Telegram (through the webhook's response) to deliver the update again later. */
export function answerRetryLater(telegram: Telegraf['telegram']): void {
  // telegraf keeps the webhook's response on the Telegram object of the update's context.
  const response = (telegram as unknown as { response?: ServerResponse }).response;
  if (response && !response.headersSent) {
    response.statusCode = 503;
    response.setHeader('Retry-After', '5');
  }
}
