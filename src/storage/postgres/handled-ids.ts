// Handled ids (see outbox/handled-ids.ts) in PostgreSQL (table handled_ids), one scope per
// channel use: the replicas share them, so an update received twice (by two replicas
// polling, or a webhook retried to another one) is handled once.
import type pg from 'pg';
import type { HandledIds } from '../../outbox/handled-ids.ts';

/** Ids are kept this long: far longer than any platform redelivers an update or a retry lasts. */
export const KEEP_HANDLED_DAYS = 30;

export class PgHandledIds implements HandledIds {
  constructor(
    private readonly pool: pg.Pool,
    private readonly scope: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async has(id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM handled_ids WHERE scope = $1 AND id = $2', [this.scope, id]);
    return rowCount === 1;
  }

  /** True only for the one caller, in any replica, whose insert made the row. */
  async add(id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('INSERT INTO handled_ids (scope, id, at) VALUES ($1, $2, $3) ON CONFLICT (scope, id) DO NOTHING', [
      this.scope,
      id,
      this.now().toISOString(),
    ]);
    return rowCount === 1;
  }
}

/** Forgets ids, of every scope, handled before the days kept. */
export async function pruneHandledIds(pool: pg.Pool, now: Date): Promise<number> {
  const { rowCount } = await pool.query('DELETE FROM handled_ids WHERE at < $1', [new Date(now.getTime() - KEEP_HANDLED_DAYS * 24 * 3600_000).toISOString()]);
  return rowCount ?? 0;
}
