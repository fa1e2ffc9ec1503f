// The outbox in one lowdb file of the data folder: messages still to deliver, and a short
// log of what was delivered or given up. A delivered message keeps only its id,
// destination and time here, so the text (which may hold personal data) leaves the file as
// soon as it has reached its destination. One process owns the data folder (see
// data-dir-lock.ts), so claims are kept in memory.
import { z } from 'zod';
import { Outbox, type OutboxOptions } from '../../outbox/outbox.ts';
import { laneOf, type OutboxStore, type QueuedMessage, type UndeliverableRecord } from '../../outbox/store.ts';
import { JsonDocument } from './json-document.ts';
import { storedQueuedMessage as queuedMessage } from '../stored-records.ts';


const deliveryRecord = z.object({ id: z.string(), destination: z.string(), at: z.string() });
const undeliverableRecord = z.object({ id: z.string(), destination: z.string(), at: z.string(), error: z.string() });

const outboxData = z.object({
  /** In enqueue order: the order messages of one lane are delivered in. */
  pending: z.array(queuedMessage),
  delivered: z.array(deliveryRecord),
  /** Given up on: the destination refused them for good. No text. Older files have none. */
  undeliverable: z.array(undeliverableRecord).default([]),
});
export type OutboxData = z.infer<typeof outboxData>;

export class OutboxFile implements OutboxStore {
  /** Claimed ids, until when. */
  private readonly claims = new Map<string, number>();
  /** Ids added in memory whose write has not resolved yet: not to be handed out before they are on disk. */
  private readonly unwritten = new Set<string>();

  private constructor(private readonly doc: JsonDocument<OutboxData>) {}

  /** Opens (or creates) the file; throws DataFileCorruptError (naming it) when it is not an outbox. */
  static async open(path: string): Promise<OutboxFile> {
    const store = new OutboxFile(await JsonDocument.open<OutboxData>(path, { pending: [], delivered: [], undeliverable: [] }, { validate: (data) => outboxData.parse(data) }));
    // Only a hand-edited or restored file has a message both waiting and delivered: the delivered record wins.
    const done = new Set([...store.doc.data.delivered, ...store.doc.data.undeliverable].map((r) => r.id));
    if (store.doc.data.pending.some((m) => done.has(m.id))) await store.doc.update((d) => void (d.pending = d.pending.filter((m) => !done.has(m.id))));
    return store;
  }

  get path(): string {
    return this.doc.path;
  }

  async add(messages: QueuedMessage[]): Promise<void> {
    const known = this.knownSet();
    const fresh = messages.filter((m) => !known.has(m.id) && !!known.add(m.id));
    if (!fresh.length) return;
    for (const m of fresh) this.unwritten.add(m.id);
    try {
      await this.doc.update(
        (d) => void d.pending.push(...fresh),
        // Not on disk, so not queued: the caller is told and may add them again without a duplicate.
        (d) => void (d.pending = d.pending.filter((m) => !fresh.includes(m))),
      );
    } finally {
      for (const m of fresh) this.unwritten.delete(m.id);
    }
  }

  async extendClaims(ids: readonly string[], until: Date): Promise<void> {
    for (const id of ids) if (this.claims.has(id)) this.claims.set(id, until.getTime());
  }

  async claim(now: Date, claimMs: number, limit: number): Promise<QueuedMessage[]> {
    const t = now.getTime();
    const seen = new Set<string>();
    const claimed: QueuedMessage[] = [];
    for (const m of this.doc.data.pending) {
      if (claimed.length >= limit) break;
      const lane = laneOf(m);
      if (seen.has(lane)) continue;
      seen.add(lane);
      if (this.unwritten.has(m.id) || (this.claims.get(m.id) ?? 0) > t || Date.parse(m.nextAttemptAt) > t) continue;
      this.claims.set(m.id, t + claimMs);
      claimed.push(structuredClone(m));
    }
    return claimed;
  }

  async markDelivered(id: string, at: Date): Promise<void> {
    this.claims.delete(id);
    const m = this.doc.data.pending.find((p) => p.id === id);
    if (!m) return;
    // No undo if this write fails: the destination has the message, so memory keeps it
    // delivered and the next write records that; putting it back would send it again.
    await this.doc.update((d) => {
      d.pending = d.pending.filter((p) => p.id !== id);
      d.delivered.push({ id, destination: m.destination, at: at.toISOString() });
    });
  }

  async markFailed(id: string, state: Pick<QueuedMessage, 'attempts' | 'nextAttemptAt' | 'lastError'>): Promise<void> {
    this.claims.delete(id);
    // No undo if this write fails: keeping the later retry time in memory stops the loop
    // from retrying at once, over and over, while the disk is failing.
    await this.doc.update((d) => {
      const m = d.pending.find((p) => p.id === id);
      if (m) Object.assign(m, state);
    });
  }

  async markUndeliverable(id: string, at: Date, error: string): Promise<void> {
    this.claims.delete(id);
    const m = this.doc.data.pending.find((p) => p.id === id);
    if (!m) return;
    await this.doc.update((d) => {
      d.pending = d.pending.filter((p) => p.id !== id);
      d.undeliverable.push({ id, destination: m.destination, at: at.toISOString(), error });
    });
  }

  async known(ids: readonly string[]): Promise<Set<string>> {
    const all = this.knownSet();
    return new Set(ids.filter((id) => all.has(id)));
  }

  async pending(): Promise<QueuedMessage[]> {
    return structuredClone(this.doc.data.pending);
  }

  async undeliverable(): Promise<UndeliverableRecord[]> {
    return structuredClone(this.doc.data.undeliverable);
  }

  async nextDueAt(now: Date): Promise<number | undefined> {
    const heads = new Map<string, QueuedMessage>();
    for (const m of this.doc.data.pending) if (!heads.has(laneOf(m))) heads.set(laneOf(m), m);
    const times = [...heads.values()].filter((m) => (this.claims.get(m.id) ?? 0) <= now.getTime()).map((m) => Date.parse(m.nextAttemptAt));
    return times.length ? Math.min(...times) : undefined;
  }

  async prune(before: Date): Promise<void> {
    const t = before.getTime();
    const old = (r: { at: string }) => Date.parse(r.at) < t;
    if (!this.doc.data.delivered.some(old) && !this.doc.data.undeliverable.some(old)) return;
    await this.doc.update((d) => {
      d.delivered = d.delivered.filter((r) => !old(r));
      d.undeliverable = d.undeliverable.filter((r) => !old(r));
    });
  }

  close(): Promise<void> {
    return this.doc.close();
  }

  private knownSet(): Set<string> {
    const d = this.doc.data;
    return new Set([...d.pending.map((m) => m.id), ...d.delivered.map((r) => r.id), ...d.undeliverable.map((r) => r.id)]);
  }
}

/** An outbox over a lowdb file (one-shot tools, tests); throws DataFileCorruptError when it is damaged. */
export async function openFileOutbox(options: OutboxOptions & { file: string }): Promise<Outbox> {
  return Outbox.over(await OutboxFile.open(options.file), options);
}
