// Web chat transcripts in PostgreSQL (table chat_transcripts), as the data folder keeps them.
import type pg from 'pg';
import { Batcher } from './batcher.ts';
import { keepRecent, TRANSCRIPT_DAYS, TRANSCRIPT_KEEP, type ChatTranscriptStore, type TranscriptEntry } from '../../conversation/transcript.ts';

const DAY_MS = 86_400_000;

export class PgChatTranscripts implements ChatTranscriptStore {
  private readonly appends = new Batcher<{ citizen: string; entries: readonly TranscriptEntry[] }, void>((asked) => this.appendMany(asked));

  constructor(
    private readonly pool: pg.Pool,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async append(citizen: string, entries: readonly TranscriptEntry[]): Promise<void> {
    if (!entries.length) return;
    return this.appends.call({ citizen, entries });
  }

  /**
   * One statement for the turns that arrive together (see Batcher): the new rows in order,
   * then, for these citizens, what lies beyond the kept number.
   */
  private async appendMany(asked: { citizen: string; entries: readonly TranscriptEntry[] }[]): Promise<void[]> {
    const rows = asked.flatMap(({ citizen, entries }) => entries.map((e) => ({ c: citizen, e })));
    await this.pool.query({
      name: 'transcripts-append',
      text: `WITH added AS (
         INSERT INTO chat_transcripts (citizen, at, entry)
         SELECT t.v->>'c', (t.v->'e'->>'at')::timestamptz, t.v->'e' FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(v, o) ORDER BY t.o
         RETURNING seq)
       DELETE FROM chat_transcripts d USING (
         SELECT seq FROM (SELECT seq, row_number() OVER (PARTITION BY citizen ORDER BY seq DESC) AS n FROM chat_transcripts WHERE citizen = ANY($2::text[])) ranked
         WHERE n > $3) old
       WHERE d.seq = old.seq`,
      values: [JSON.stringify(rows), [...new Set(asked.map((a) => a.citizen))], TRANSCRIPT_KEEP],
    });
    return asked.map(() => undefined);
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
