// Conversation sessions in PostgreSQL (table sessions), shared by the replicas: a citizen's
// next message may reach another replica than the last one did.
import type pg from 'pg';
import { restoreSession, SESSION_FORGET_MS, storedSession, type Session, type SessionStore } from '../../conversation/session.ts';

export class PgSessionStore implements SessionStore {
  constructor(private readonly pool: pg.Pool) {}

  async get(key: string, now: Date): Promise<Session> {
    const { rows } = await this.pool.query<{ data: unknown }>('SELECT data FROM sessions WHERE key = $1', [key]);
    // A row this version cannot read (written by a newer one, say) is a fresh start, as a file's would be.
    const parsed = rows[0] ? storedSession.safeParse(rows[0].data) : undefined;
    return restoreSession(parsed?.success ? parsed.data : undefined, now);
  }

  /**
   * One statement, no read first: the row is written only when the session differs in more
   * than its time stamp (see sessionChanged), so the day's expiry runs from the last change.
   */
  async save(key: string, value: Session, now: Date): Promise<void> {
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
