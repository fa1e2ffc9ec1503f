// The outbox data file: messages still to deliver, and a short log of what was delivered.
// A delivered message keeps only its id, destination and time here, so the text (which
// may hold personal data) leaves the file as soon as it has reached its destination.
import { z } from 'zod';
import { citizenAddress } from '../address/address.ts';
import { JsonDocument } from '../storage/json-document.ts';
import { MESSAGE_KINDS, type OutboxMessage } from './message.ts';

const queuedMessage = z.object({
  id: z.string().min(1),
  destination: z.string().min(1),
  kind: z.enum(MESSAGE_KINDS),
  code: z.string().optional(),
  to: citizenAddress.optional(),
  text: z.string(),
  createdAt: z.string(),
  /** Failed attempts so far. */
  attempts: z.number().int().min(0),
  /** Not to be tried again before this time. */
  nextAttemptAt: z.string(),
  lastError: z.string().optional(),
});
export type QueuedMessage = z.infer<typeof queuedMessage>;

const deliveryRecord = z.object({ id: z.string(), destination: z.string(), at: z.string() });
export type DeliveryRecord = z.infer<typeof deliveryRecord>;

const undeliverableRecord = z.object({ id: z.string(), destination: z.string(), at: z.string(), error: z.string() });

const outboxData = z.object({
  /** In enqueue order: the order messages to one destination are delivered in. */
  pending: z.array(queuedMessage),
  delivered: z.array(deliveryRecord),
  /** Given up on: the destination refused them for good. No text. Older files have none. */
  undeliverable: z.array(undeliverableRecord).default([]),
});
export type OutboxData = z.infer<typeof outboxData>;

/** Throws DataFileCorruptError (naming the file) when the file is not an outbox. */
export function openOutboxFile(path: string): Promise<JsonDocument<OutboxData>> {
  return JsonDocument.open<OutboxData>(path, { pending: [], delivered: [], undeliverable: [] }, { validate: (data) => outboxData.parse(data) });
}

/** The message as destinations see it, without the outbox's bookkeeping. */
export function toOutboxMessage(queued: QueuedMessage): OutboxMessage {
  const { attempts: _attempts, nextAttemptAt: _nextAttemptAt, lastError: _lastError, ...message } = queued;
  return message;
}
