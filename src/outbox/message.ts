// Everything the bot sends on its own initiative (feedback forwarded to Home Affairs,
// staff answers going back to citizens) goes through the outbox: stored first, then
// delivered to each destination with retries, surviving restarts.
import type { CitizenAddress } from '../address/address.ts';

export const MESSAGE_KINDS = ['feedback', 'unanswered', 'staff-answer', 'status-change', 'reply', 'channel-alert', 'announcement', 'satisfaction', 'assignment', 'deadline-reminder'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export interface OutboxMessage {
  /** Unique per message and destination; destinations use it to drop a repeated delivery. */
  id: string;
  /** Name of a configured destination: "staff-file", "staff-telegram", "citizen" … */
  destination: string;
  kind: MessageKind;
  /** Tracking code of the feedback concerned, if any. */
  code?: string;
  /** For messages to a citizen: where to. */
  to?: CitizenAddress;
  /** The ward or commune concerned, in a deployment serving several: picks its staff chat. */
  unit?: string;
  text: string;
  createdAt: string;
}

export interface Destination {
  readonly name: string;
  /**
   * Throws on failure (the outbox retries), or PermanentDeliveryError when retrying cannot
   * help (the outbox gives the message up); must not deliver the same message id twice.
   */
  deliver(message: OutboxMessage): Promise<void>;
}

/** The destination refuses this message for good (e.g. the platform says the chat does not exist). */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
}

/** The citizen cannot be reached there any more (they blocked the bot, left the platform): nothing else will go to them there. */
export class RecipientGoneError extends PermanentDeliveryError {
  override name = 'RecipientGoneError';
}

/**
 * A message to queue. Give it an `id` derived from what it reports (see
 * feedback/notifications.ts) and queueing it again is harmless: a message whose id the
 * outbox already holds, waiting or delivered, is not queued twice.
 */
export type NewOutboxMessage = Omit<OutboxMessage, 'id' | 'createdAt'> & { id?: string };

export interface OutboxPort {
  /** Resolves once the messages are durably queued. */
  enqueue(messages: NewOutboxMessage[]): Promise<void>;
}
