// The web citizens' inbox in PostgreSQL (table citizen_inbox): per citizen, the newest
// messages of the last 30 days, as the data-folder file keeps them.
import type pg from 'pg';
import type { CitizenInboxStore, InboxMessage } from '../../outbox/citizen-inbox.ts';
import { inTransaction } from './pool.ts';

export const KEEP_DAYS = 30;
export const KEEP_PER_CITIZEN = 50;
const DAY_MS = 24 * 3600_000;

export class PgCitizenInbox implements CitizenInboxStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly now: () => Date = () => new Date(),
  ) {}

  append(citizen: string, message: InboxMessage): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      const { rowCount } = await client.query(
        'INSERT INTO citizen_inbox (citizen, id, kind, code, text, at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (citizen, id) DO NOTHING',
        [citizen, message.id, message.kind, message.code ?? null, message.text, new Date(message.at).toISOString()],
      );
      if (rowCount !== 1) return false;
      await client.query(
        `DELETE FROM citizen_inbox WHERE citizen = $1 AND (at < $2 OR seq < (
           SELECT min(seq) FROM (SELECT seq FROM citizen_inbox WHERE citizen = $1 ORDER BY seq DESC LIMIT $3) newest))`,
        [citizen, new Date(this.now().getTime() - KEEP_DAYS * DAY_MS).toISOString(), KEEP_PER_CITIZEN],
      );
      return true;
    });
  }

  async list(citizen: string): Promise<InboxMessage[]> {
    const { rows } = await this.pool.query<{ id: string; kind: InboxMessage['kind']; code: string | null; text: string; at: Date }>(
      'SELECT id, kind, code, text, at FROM citizen_inbox WHERE citizen = $1 ORDER BY seq',
      [citizen],
    );
    return rows.map((r) => ({ id: r.id, text: r.text, kind: r.kind, ...(r.code !== null ? { code: r.code } : {}), at: r.at.toISOString() }));
  }

  /** Forgets every citizen's messages older than the days kept (those of citizens who never come back). */
  async prune(now: Date): Promise<number> {
    const { rowCount } = await this.pool.query('DELETE FROM citizen_inbox WHERE at < $1', [new Date(now.getTime() - KEEP_DAYS * DAY_MS).toISOString()]);
    return rowCount ?? 0;
  }
}
