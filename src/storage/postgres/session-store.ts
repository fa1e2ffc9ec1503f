// Conversation sessions in PostgreSQL (table sessions), shared by the replicas: a citizen's
// next message may reach another replica than the last one did.
import type pg from 'pg';
import { Batcher } from './batcher.ts';
import { isBlank, restoreSession, SESSION_FORGET_MS, storedSession, type Session, type SessionStore } from '../../conversation/session.ts';

/** The key prefix of the per-citizen message limiter (RateLimiterPostgres, see open-postgres-store.ts). */
export const MESSAGE_LIMIT_PREFIX = 'messages';

interface CountAsked {
  key: string;
  now: Date;
}
interface SaveAsked {
  key: string;
  value: Session;
  now: Date;
}
type MessageLimit = { points: number; duration: number };

export class PgSessionStore implements SessionStore {
  // Keyed by the limit, since one statement counts against one window.
  private readonly counters = new Map<string, Batcher<CountAsked, { consumed: number; session: Session }>>();
  private readonly writes: Batcher<SaveAsked, void>;

  constructor(private readonly pool: pg.Pool) {
    this.writes = new Batcher((asked) => this.saveMany(asked));
  }

  async get(key: string, now: Date): Promise<Session> {
    const { rows } = await this.pool.query<{ data: unknown }>('SELECT data FROM sessions WHERE key = $1', [key]);
    return restored(rows[0]?.data, now);
  }

  /**
   * The message counted as RateLimiterPostgres counts it (same table, same key, a window
   * restarting once expired), and the session read beside it: one statement for all the
   * citizens whose messages arrive together (see Batcher).
   */
  countAndGet(key: string, now: Date, limit: MessageLimit): Promise<{ consumed: number; session: Session }> {
    const id = `${limit.points}/${limit.duration}`;
    let counter = this.counters.get(id);
    if (!counter) this.counters.set(id, (counter = new Batcher((asked) => this.countMany(asked, limit))));
    return counter.call({ key, now });
  }

  private async countMany(asked: CountAsked[], limit: MessageLimit): Promise<{ consumed: number; session: Session }[]> {
    const at = Date.now();
    // Keys in order, so that two statements touching the same citizens lock their rows in the same order.
    const { rows } = await this.pool.query<{ key: string; before: number; data: unknown }>({
      name: 'sessions-count-and-get',
      text: `WITH asked AS (SELECT k, count(*)::int AS n FROM unnest($1::text[]) AS k GROUP BY k),
       hit AS (
         INSERT INTO rate_limits AS r (key, points, expire)
         SELECT $2 || k, n, $3 FROM asked ORDER BY k
         ON CONFLICT (key) DO UPDATE SET
           points = CASE WHEN r.expire <= $4 THEN EXCLUDED.points ELSE r.points + EXCLUDED.points END,
           expire = CASE WHEN r.expire <= $4 THEN $3 ELSE r.expire END
         RETURNING key, points)
       SELECT a.k AS key, h.points - a.n AS before, s.data FROM asked a JOIN hit h ON h.key = $2 || a.k LEFT JOIN sessions s ON s.key = a.k`,
      values: [asked.map((a) => a.key), `${MESSAGE_LIMIT_PREFIX}:`, at + limit.duration * 1000, at],
    });
    const byKey = new Map(rows.map((r) => [r.key, r]));
    // Two messages of one citizen in one batch: the earlier gets the lower count, as one after the other would.
    const counted = new Map(rows.map((r) => [r.key, r.before]));
    return asked.map((a) => {
      const consumed = counted.get(a.key)! + 1;
      counted.set(a.key, consumed);
      return { consumed, session: restored(byKey.get(a.key)!.data, a.now) };
    });
  }

  /**
   * No read first: the row is written only when the session differs in more than its time
   * stamp (see sessionChanged), so the day's expiry runs from the last change. One
   * statement for the sessions saved together (see Batcher).
   */
  save(key: string, value: Session, now: Date): Promise<void> {
    return this.writes.call({ key, value, now });
  }

  private async saveMany(asked: SaveAsked[]): Promise<void[]> {
    // The last save of a key in the batch is the one that holds, as one after the other.
    const last = new Map<string, SaveAsked>();
    for (const a of asked) last.set(a.key, a);
    const gone: string[] = [];
    const kept: { k: string; d: unknown; u: string }[] = [];
    for (const { key, value, now } of last.values()) {
      if (isBlank(value)) gone.push(key);
      else kept.push({ k: key, d: { ...value, updatedAt: now.toISOString() }, u: now.toISOString() });
    }
    kept.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
    await this.pool.query({
      name: 'sessions-save',
      text: `WITH gone AS (DELETE FROM sessions WHERE key = ANY($1::text[]))
       INSERT INTO sessions AS s (key, data, updated_at)
       SELECT x.k, x.d, x.u FROM jsonb_to_recordset($2::jsonb) AS x(k text, d jsonb, u timestamptz)
       ON CONFLICT (key) DO UPDATE SET data = EXCLUDED.data, updated_at = EXCLUDED.updated_at
       WHERE (s.data - 'updatedAt') IS DISTINCT FROM (EXCLUDED.data - 'updatedAt')`,
      values: [gone, JSON.stringify(kept)],
    });
    return asked.map(() => undefined);
  }

  /** Deletes the sessions unused for long (unit choice included); run now and then (see open-postgres-store.ts), not on every save. */
  async prune(now: Date): Promise<number> {
    const { rowCount } = await this.pool.query('DELETE FROM sessions WHERE updated_at <= $1', [new Date(now.getTime() - SESSION_FORGET_MS).toISOString()]);
    return rowCount ?? 0;
  }

  /** The pool belongs to the store bundle, which closes it. */
  async close(): Promise<void> {}
}

/** A row this version cannot read (written by a newer one, say) is a fresh start, as a file's would be. */
function restored(data: unknown, now: Date): Session {
  const parsed = data === undefined || data === null ? undefined : storedSession.safeParse(data);
  return restoreSession(parsed?.success ? parsed.data : undefined, now);
}
