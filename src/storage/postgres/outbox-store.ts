// Both outboxes in one PostgreSQL table (outbox, one `box` per OutboxName), shared by the
// replicas of a province deployment. A message is handed out by claim(): the due head of
// its lane, locked with FOR UPDATE SKIP LOCKED and stamped claimed_until in the same
// statement, so two replicas claiming at once never take the same message, and a replica
// that dies holding a claim only delays its message until the claim runs out. Once a
// message is delivered or given up its text and address are erased (a CHECK constraint
// holds the table to it).
import type pg from 'pg';
import type { CitizenAddress } from '../../address/address.ts';
import { laneOf, type OutboxStore, type QueuedMessage, type UndeliverableRecord } from '../../outbox/store.ts';
import type { OutboxName } from '../bot-store.ts';
import { inTransaction } from './pool.ts';

/** Rows per INSERT when adding many messages (13 parameters each, well under PostgreSQL's 65,535). */
const ADD_CHUNK = 1_000;

interface MessageRow {
  id: string;
  destination: string;
  kind: QueuedMessage['kind'];
  code: string | null;
  recipient: CitizenAddress | null;
  unit: string | null;
  text: string;
  created_at: Date;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
}

const MESSAGE_COLUMNS = 'id, destination, kind, code, recipient, unit, text, created_at, attempts, next_attempt_at, last_error';

/**
 * The lane heads of box $1 (the oldest waiting message of each lane), in one pass over the
 * index (box, lane, seq). An anti-join ("no older message of its lane waits") says the
 * same, but on a young table without statistics the planner probes it by box alone, which
 * took 126 ms a call with 3,000 messages waiting; this takes about 1 ms whatever it knows.
 */
const LANE_HEADS = `SELECT DISTINCT ON (lane) ctid AS tid, seq, next_attempt_at, claimed_until
  FROM outbox WHERE box = $1 AND state = 'pending' ORDER BY lane, seq`;

export class PgOutboxStore implements OutboxStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly box: OutboxName,
  ) {}

  async add(messages: QueuedMessage[]): Promise<void> {
    // The first of each id only: one INSERT must not touch a row twice.
    const seen = new Set<string>();
    const fresh = messages.filter((m) => !seen.has(m.id) && !!seen.add(m.id));
    if (!fresh.length) return;
    const insert = async (db: pg.Pool | pg.PoolClient, chunk: QueuedMessage[]) => {
      const values: unknown[] = [];
      const rows = chunk.map((m) => {
        const start = values.length;
        values.push(
          this.box,
          m.id,
          laneKey(m),
          m.destination,
          m.kind,
          m.code ?? null,
          m.to ? JSON.stringify(m.to) : null,
          m.unit ?? null,
          m.text,
          new Date(m.createdAt).toISOString(),
          m.attempts,
          new Date(m.nextAttemptAt).toISOString(),
          m.lastError ?? null,
        );
        return `(${Array.from({ length: 13 }, (_, i) => `$${start + i + 1}`).join(', ')})`;
      });
      // Rows are numbered (seq) in the order given: the order of delivery within a lane.
      await db.query(
        `INSERT INTO outbox (box, id, lane, destination, kind, code, recipient, unit, text, created_at, attempts, next_attempt_at, last_error)
         VALUES ${rows.join(', ')} ON CONFLICT (box, id) DO NOTHING`,
        values,
      );
    };
    if (fresh.length <= ADD_CHUNK) return void (await insert(this.pool, fresh));
    await inTransaction(this.pool, async (client) => {
      for (let i = 0; i < fresh.length; i += ADD_CHUNK) await insert(client, fresh.slice(i, i + ADD_CHUNK));
    });
  }

  async claim(now: Date, claimMs: number, limit: number): Promise<QueuedMessage[]> {
    if (limit <= 0) return [];
    const at = now.toISOString();
    // A lane head another replica has locked is skipped, not waited for; its lane waits
    // behind it either way. The CTE is MATERIALIZED so that it runs (and locks) once.
    const { rows } = await this.pool.query<MessageRow & { seq: string }>(
      // The conditions are on h as well as on the heads: a row another replica claimed just
      // now is read again once locked, and only h's conditions are checked against it (its
      // new version has another ctid, so it is skipped this time). Joined by ctid, which no
      // planner can get wrong.
      `WITH heads AS MATERIALIZED (
         SELECT h.box, h.id FROM (${LANE_HEADS}) head
         JOIN outbox h ON h.ctid = head.tid
         WHERE head.next_attempt_at <= $2 AND (head.claimed_until IS NULL OR head.claimed_until <= $2)
           AND h.state = 'pending' AND h.next_attempt_at <= $2 AND (h.claimed_until IS NULL OR h.claimed_until <= $2)
         ORDER BY head.seq
         LIMIT $4
         FOR UPDATE OF h SKIP LOCKED
       )
       UPDATE outbox o SET claimed_until = $3
       FROM heads WHERE o.box = heads.box AND o.id = heads.id
       RETURNING o.seq, ${MESSAGE_COLUMNS.split(', ').map((c) => `o.${c}`).join(', ')}`,
      [this.box, at, new Date(now.getTime() + claimMs).toISOString(), Math.min(limit, 2 ** 31 - 1)],
    );
    return rows.sort((a, b) => Number(a.seq) - Number(b.seq)).map(toMessage);
  }

  async extendClaims(ids: readonly string[], until: Date): Promise<void> {
    if (!ids.length) return;
    await this.pool.query(`UPDATE outbox SET claimed_until = $3 WHERE box = $1 AND id = ANY($2) AND state = 'pending' AND claimed_until IS NOT NULL`, [
      this.box,
      ids,
      until.toISOString(),
    ]);
  }

  async markDelivered(id: string, at: Date): Promise<void> {
    await this.pool.query(
      `UPDATE outbox SET state = 'delivered', done_at = $3, text = NULL, recipient = NULL, lane = destination, claimed_until = NULL
       WHERE box = $1 AND id = $2 AND state = 'pending'`,
      [this.box, id, at.toISOString()],
    );
  }

  async markFailed(id: string, state: Pick<QueuedMessage, 'attempts' | 'nextAttemptAt' | 'lastError'>): Promise<void> {
    await this.pool.query(
      `UPDATE outbox SET attempts = $3, next_attempt_at = $4, last_error = $5, claimed_until = NULL
       WHERE box = $1 AND id = $2 AND state = 'pending'`,
      [this.box, id, state.attempts, new Date(state.nextAttemptAt).toISOString(), state.lastError ?? null],
    );
  }

  async markUndeliverable(id: string, at: Date, error: string): Promise<void> {
    await this.pool.query(
      `UPDATE outbox SET state = 'undeliverable', done_at = $3, last_error = $4, text = NULL, recipient = NULL, lane = destination, claimed_until = NULL
       WHERE box = $1 AND id = $2 AND state = 'pending'`,
      [this.box, id, at.toISOString(), error],
    );
  }

  async known(ids: readonly string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const { rows } = await this.pool.query<{ id: string }>('SELECT id FROM outbox WHERE box = $1 AND id = ANY($2::text[])', [this.box, [...new Set(ids)]]);
    return new Set(rows.map((r) => r.id));
  }

  async pending(): Promise<QueuedMessage[]> {
    const { rows } = await this.pool.query<MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM outbox WHERE box = $1 AND state = 'pending' ORDER BY seq`, [this.box]);
    return rows.map(toMessage);
  }

  async undeliverable(): Promise<UndeliverableRecord[]> {
    const { rows } = await this.pool.query<{ id: string; destination: string; done_at: Date; last_error: string | null }>(
      `SELECT id, destination, done_at, last_error FROM outbox WHERE box = $1 AND state = 'undeliverable' ORDER BY done_at, seq`,
      [this.box],
    );
    return rows.map((r) => ({ id: r.id, destination: r.destination, at: r.done_at.toISOString(), error: r.last_error ?? '' }));
  }

  async nextDueAt(now: Date): Promise<number | undefined> {
    const { rows } = await this.pool.query<{ due: Date | null }>(
      `SELECT min(head.next_attempt_at) AS due FROM (${LANE_HEADS}) head
       WHERE head.claimed_until IS NULL OR head.claimed_until <= $2`,
      [this.box, now.toISOString()],
    );
    return rows[0]?.due ? rows[0].due.getTime() : undefined;
  }

  async prune(before: Date): Promise<void> {
    await this.pool.query(`DELETE FROM outbox WHERE box = $1 AND state <> 'pending' AND done_at < $2`, [this.box, before.toISOString()]);
  }

  /** The pool belongs to the store bundle, which closes it. */
  async close(): Promise<void> {}
}

/** laneOf() as PostgreSQL text, which cannot hold the NUL characters laneOf() separates its parts with; JSON keeps lanes apart. */
const laneKey = (m: QueuedMessage) => JSON.stringify(laneOf(m));

function toMessage(r: MessageRow): QueuedMessage {
  return {
    id: r.id,
    destination: r.destination,
    kind: r.kind,
    ...(r.code !== null ? { code: r.code } : {}),
    ...(r.recipient !== null ? { to: r.recipient } : {}),
    ...(r.unit !== null ? { unit: r.unit } : {}),
    text: r.text,
    createdAt: r.created_at.toISOString(),
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at.toISOString(),
    ...(r.last_error !== null ? { lastError: r.last_error } : {}),
  };
}
