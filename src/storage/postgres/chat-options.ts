// The numbered options each chat was last shown (see channels/numbered-options.ts), in
// PostgreSQL: the replica that reads a citizen's "2" may not be the one that numbered.
import type pg from 'pg';
import type { OptionsMemory } from '../../channels/numbered-options.ts';

/** Options older than this are forgotten: nobody answers a week-old menu with a number. */
const KEEP_OPTIONS_DAYS = 7;

export class PgOptionsMemory implements OptionsMemory {
  constructor(
    private readonly pool: pg.Pool,
    private readonly scope: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async get(chatId: string): Promise<readonly string[] | undefined> {
    const { rows } = await this.pool.query<{ payloads: string[] }>('SELECT payloads FROM chat_options WHERE scope = $1 AND chat = $2', [this.scope, chatId]);
    return rows[0]?.payloads;
  }

  async set(chatId: string, payloads: readonly string[]): Promise<void> {
    if (!payloads.length) {
      await this.pool.query('DELETE FROM chat_options WHERE scope = $1 AND chat = $2', [this.scope, chatId]);
      return;
    }
    await this.pool.query(
      `INSERT INTO chat_options (scope, chat, payloads, at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (scope, chat) DO UPDATE SET payloads = EXCLUDED.payloads, at = EXCLUDED.at`,
      [this.scope, chatId, JSON.stringify(payloads), this.now().toISOString()],
    );
  }
}

export async function pruneChatOptions(pool: pg.Pool, now: Date): Promise<void> {
  await pool.query('DELETE FROM chat_options WHERE at < $1', [new Date(now.getTime() - KEEP_OPTIONS_DAYS * 24 * 3600_000).toISOString()]);
}
