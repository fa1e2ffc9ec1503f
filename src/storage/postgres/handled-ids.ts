// Handled ids (see outbox/handled-ids.ts) in PostgreSQL (table handled_ids), one scope per
// channel use: the replicas share them, so an update received twice (by two replicas
// polling, or a webhook retried to another one) is handled once. A row with a lease is an
// update being handled (a claim); a row without one is done. Leases run on the database's
// clock, the one clock every replica shares.
import type pg from 'pg';
import type { ClaimOutcome, UpdateClaims } from '../../channels/update-claims.ts';
import type { HandledIds } from '../../outbox/handled-ids.ts';

/** Ids are kept this long: far longer than any platform redelivers an update or a retry lasts. */
export const KEEP_HANDLED_DAYS = 30;

export class PgHandledIds implements HandledIds, UpdateClaims {
  constructor(
    private readonly pool: pg.Pool,
    private readonly scope: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async has(id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM handled_ids WHERE scope = $1 AND id = $2 AND lease_until IS NULL', [this.scope, id]);
    return rowCount === 1;
  }

  /** Ours when no row exists, or its holder's lease ran out before it was done (a killed replica). */
  async claim(id: string, leaseMs: number): Promise<ClaimOutcome> {
    const { rowCount } = await this.pool.query(
      `INSERT INTO handled_ids (scope, id, at, lease_until) VALUES ($1, $2, $3, now() + $4 * interval '1 millisecond')
       ON CONFLICT (scope, id) DO UPDATE SET at = EXCLUDED.at, lease_until = EXCLUDED.lease_until
         WHERE handled_ids.lease_until IS NOT NULL AND handled_ids.lease_until < now()`,
      [this.scope, id, this.now().toISOString(), leaseMs],
    );
    if (rowCount === 1) return 'mine';
    const { rows } = await this.pool.query<{ done: boolean }>('SELECT lease_until IS NULL AS done FROM handled_ids WHERE scope = $1 AND id = $2', [this.scope, id]);
    // Gone between the two statements (pruned): the next try claims it.
    return rows[0]?.done ? 'done' : 'taken';
  }

  async extend(id: string, leaseMs: number): Promise<void> {
    await this.pool.query("UPDATE handled_ids SET lease_until = now() + $3 * interval '1 millisecond' WHERE scope = $1 AND id = $2 AND lease_until IS NOT NULL", [this.scope, id, leaseMs]);
  }

  async finish(id: string): Promise<void> {
    await this.pool.query('UPDATE handled_ids SET lease_until = NULL, at = $3 WHERE scope = $1 AND id = $2', [this.scope, id, this.now().toISOString()]);
  }

  async release(id: string): Promise<void> {
    await this.pool.query("UPDATE handled_ids SET lease_until = '-infinity' WHERE scope = $1 AND id = $2 AND lease_until IS NOT NULL", [this.scope, id]);
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
