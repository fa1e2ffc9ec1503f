// Web chat transcripts in PostgreSQL (table chat_transcripts), as the data folder keeps them.
import type pg from 'pg';
import { keepRecent, TRANSCRIPT_DAYS, TRANSCRIPT_KEEP, type ChatTranscriptStore, type TranscriptEntry } from '../../conversation/transcript.ts';

const DAY_MS = 86_400_000;

export class PgChatTranscripts implements ChatTranscriptStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async append(citizen: string, entries: readonly TranscriptEntry[]): Promise<void> {
    if (!entries.length) return;
    // One statement: the new rows, then what falls beyond the kept number for this citizen.
    await this.pool.query(
      `WITH added AS (
         INSERT INTO chat_transcripts (citizen, at, entry)
         SELECT $1, (e->>'at')::timestamptz, e FROM jsonb_array_elements($2::jsonb) AS e RETURNING seq)
       DELETE FROM chat_transcripts WHERE citizen = $1 AND seq < (
         SELECT min(seq) FROM (SELECT seq FROM chat_transcripts WHERE citizen = $1 ORDER BY seq DESC LIMIT $3) newest)`,
      [citizen, JSON.stringify(entries), TRANSCRIPT_KEEP],
    );
  }

  async list(citizen: string): Promise<TranscriptEntry[]> {
    const { rows } = await this.pool.query<{ entry: TranscriptEntry }>(
      `SELECT entry FROM (SELECT seq, entry FROM chat_transcripts WHERE citizen = $1 AND at >= $2 ORDER BY seq DESC LIMIT $3) newest ORDER BY seq`,
      [citizen, new Date(this.now().getTime() - TRANSCRIPT_DAYS * DAY_MS).toISOString(), TRANSCRIPT_KEEP],
    );
    return keepRecent(rows.map((r) => r.entry), this.now());
  }

  /** Forgets what is older than the kept days, for every citizen. */
  async prune(now: Date): Promise<number> {
    const { rowCount } = await this.pool.query('DELETE FROM chat_transcripts WHERE at < $1', [new Date(now.getTime() - TRANSCRIPT_DAYS * DAY_MS).toISOString()]);
    return rowCount ?? 0;
  }
}
