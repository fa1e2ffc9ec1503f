// Where the outbox keeps its messages: a port with two implementations, a lowdb file for
// one ward on one machine and a PostgreSQL table for a province on several replicas.
// The dispatcher (outbox.ts) decides when to deliver and what a failure means; a store
// only keeps state and hands out the messages that are due, one per lane, to one taker.
import type { OutboxMessage } from './message.ts';

/** A message in the queue, with the dispatcher's bookkeeping. */
export interface QueuedMessage extends OutboxMessage {
  /** Failed attempts so far. */
  attempts: number;
  /** Not to be tried again before this time. */
  nextAttemptAt: string;
  lastError?: string;
}

/** What is kept of a message given up on: no text, no address. */
export interface UndeliverableRecord {
  id: string;
  destination: string;
  at: string;
  error: string;
}

export interface OutboxStore {
  /** Queues the messages whose ids it has never seen (waiting, delivered or given up); resolves once they are durable. */
  add(messages: QueuedMessage[]): Promise<void>;
  /**
   * Up to `limit` messages due at `now`, each the oldest waiting message of its lane (see
   * laneOf), none handed to another taker whose claim is still running; claimed by the
   * caller until `now + claimMs`. A claim ends with one of the three marks below.
   */
  claim(now: Date, claimMs: number, limit: number): Promise<QueuedMessage[]>;
  /** Keeps the caller's claims on these waiting messages until `until` (a delivery still under way). */
  extendClaims(ids: readonly string[], until: Date): Promise<void>;
  markDelivered(id: string, at: Date): Promise<void>;
  markFailed(id: string, state: Pick<QueuedMessage, 'attempts' | 'nextAttemptAt' | 'lastError'>): Promise<void>;
  markUndeliverable(id: string, at: Date, error: string): Promise<void>;
  /** Of these ids, the ones the store knows (waiting, delivered or given up, within the days it keeps them). */
  known(ids: readonly string[]): Promise<Set<string>>;
  /** Waiting messages, oldest first. */
  pending(): Promise<QueuedMessage[]>;
  undeliverable(): Promise<UndeliverableRecord[]>;
  /** The earliest time a waiting, unclaimed lane head falls due; undefined when nothing waits. */
  nextDueAt(now: Date): Promise<number | undefined>;
  /** Forgets delivered and given-up ids older than `before`. */
  prune(before: Date): Promise<void>;
  close(): Promise<void>;
}

/** A destination, and for a message to a citizen their chat: the unit of ordering and of holding back. */
export function laneOf(m: Pick<OutboxMessage, 'destination' | 'to'>): string {
  return m.to ? `${m.destination}\u0000${m.to.channel}\u0000${m.to.chatId}` : m.destination;
}
