// Failed attempts (see attempts/failed-attempts.ts) in PostgreSQL, table failed_attempts:
// every replica counts against the same row, and a failure is one statement.
import type pg from 'pg';
import type { FailedAttempts, FailureCount } from '../../attempts/failed-attempts.ts';

const toCount = (row: { failures: number; last_at: Date } | undefined): FailureCount =>
  row ? { failures: row.failures, lastAt: row.last_at.toISOString() } : { failures: 0 };

export function pgFailedAttempts(pool: pg.Pool, scope: string, windowMs: number): FailedAttempts {
  return {
    async get(key, now) {
      const { rows } = await pool.query<{ failures: number; last_at: Date }>(
        'SELECT failures, last_at FROM failed_attempts WHERE scope = $1 AND key = $2 AND expires_at > $3',
        [scope, key, now.toISOString()],
      );
      return toCount(rows[0]);
    },
    async add(key, now) {
      const at = now.toISOString();
      const until = new Date(now.getTime() + windowMs).toISOString();
      // A count whose window has passed starts again at 1.
      const { rows } = await pool.query<{ failures: number; last_at: Date }>(
        `INSERT INTO failed_attempts AS f (scope, key, failures, last_at, expires_at) VALUES ($1, $2, 1, $3, $4)
         ON CONFLICT (scope, key) DO UPDATE SET
           failures = CASE WHEN f.expires_at <= EXCLUDED.last_at THEN 1 ELSE f.failures + 1 END,
           last_at = EXCLUDED.last_at, expires_at = EXCLUDED.expires_at
         RETURNING failures, last_at`,
        [scope, key, at, until],
      );
      return toCount(rows[0]);
    },
    async clear(key) {
      await pool.query('DELETE FROM failed_attempts WHERE scope = $1 AND key = $2', [scope, key]);
    },
  };
}

export async function pruneFailedAttempts(pool: pg.Pool, now: Date): Promise<void> {
  await pool.query('DELETE FROM failed_attempts WHERE expires_at <= $1', [now.toISOString()]);
}
