// Conversation sessions in PostgreSQL (table sessions), shared by the replicas: a citizen's
// next message may reach another replica than the last one did.
import type pg from 'pg';
import { isBlank, restoreSession, SESSION_FORGET_MS, storedSession, type Session, type SessionStore } from '../../conversation/session.ts';

/** The key prefix of the per-citizen message limiter (RateLimiterPostgres, see open-postgres-store.ts). */
export const MESSAGE_LIMIT_PREFIX = 'messages';

export class PgSessionStore implements SessionStore {
  constructor(private readonly pool: pg.Pool) {}

  async get(key: string, now: Date): Promise<Session> {
    const { rows } = await this.pool.query<{ data: unknown }>('SELECT data FROM sessions WHERE key = $1', [key]);
    return restored(rows[0]?.data, now);
  }

  /**
   * One statement: the message counted as RateLimiterPostgres counts it (same table, same
   * key, a window restarting once expired), and the session read beside it.
   */
  async countAndGet(key: string, now: Date, limit: { points: number; duration: number }): Promise<{ consumed: number; session: Session }> {
    const at = Date.now();
    const { rows } = await this.pool.query<{ points: number; data: unknown }>(
      `WITH hit AS (
         INSERT INTO rate_limits AS r (key, points, expire) VALUES ($1, 1, $2)
         ON CONFLICT (key) DO UPDATE SET
           points = CASE WHEN r.expire <= $3 THEN 1 ELSE r.points + 1 END,
           expire = CASE WHEN r.expire <= $3 THEN $2 ELSE r.expire END
         RETURNING points)
       SELECT (SELECT points FROM hit) AS points, (SELECT data FROM sessions WHERE key = $4) AS data`,
      [`${MESSAGE_LIMIT_PREFIX}:${key}`, at + limit.duration * 1000, at, key],
    );
    return { consumed: rows[0]!.points, session: restored(rows[0]!.data, now) };
  }

  /**
   * One statement, no read first: the row is written only when the session differs in more
   * than its time stamp (see sessionChanged), so the day's expiry runs from the last change.
   */
  async save(key: string, value: Session, now: Date): Promise<void> {
    if (isBlank(value)) {
      await this.pool.query('DELETE FROM sessions WHERE key = $1', [key]);
      return;
    }
    const at = now.toISOString();
    await this.pool.query(
      `INSERT INTO sessions AS s (key, data, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO UPDATE SET data = EXCLUDED.data, updated_at = EXCLUDED.updated_at
       WHERE (s.data - 'updatedAt') IS DISTINCT FROM (EXCLUDED.data - 'updatedAt')`,
      [key, JSON.stringify({ ...value, updatedAt: at }), at],
    );
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
