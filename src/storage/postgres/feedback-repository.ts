// The feedback repository in PostgreSQL (tables feedback and unanswered, see
// migrations/001-initial.sql), shared by the replicas of a province deployment. It follows
// the lowdb repository rule for rule: the same checks, the same transitions and messages,
// the same order. Records hold names, phone numbers and addresses: this module logs nothing.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import {
  type FeedbackFilter,
  type FeedbackPage,
  type FeedbackRecord,
  type FeedbackRepository,
  type FeedbackStatus,
  type NewFeedback,
  type RecordChange,
  type Resolution,
  type Satisfaction,
  type UnansweredQuestion,
} from '../../feedback/record.ts';
import { canonicalTrackingCode, newTrackingCode } from '../../feedback/tracking-code.ts';
import { answered, withStatus } from '../../feedback/transitions.ts';
import { amended, rated } from '../../feedback/casework-changes.ts';
import { foldText } from '../../search/normalize.ts';
import { timeBound } from '../../time/vietnam-calendar.ts';
import { deepFreeze } from '../deep-freeze.ts';
import { checked, newRecord, searchTextOf, storedFeedback, storedQuestion } from '../stored-records.ts';
import { inTransaction } from './pool.ts';
import { feedbackWhere, orderOf, Where } from './feedback-where.ts';


/** Codes drawn for one submission before giving up: with 244 million codes, a second draw is already rare. */
const CODE_ATTEMPTS = 20;


interface QuestionRow {
  id: string;
  at: Date;
  channel: UnansweredQuestion['channel'];
  query: string;
  reason: UnansweredQuestion['reason'];
  candidates: UnansweredQuestion['candidates'];
  unit: string | null;
  resolved: Resolution | null;
}

export class PgFeedbackRepository implements FeedbackRepository {
  /** Changes under way in this process, by code: one after the other, in the order asked. */
  private readonly changing = new Map<string, Promise<unknown>>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async submit(feedback: NewFeedback): Promise<FeedbackRecord> {
    // No look-up first: a draft confirmed twice conflicts on its id below and is read back
    // then, so the usual submit is one statement.
    const { submissionId } = feedback;
    const createdAt = this.now().toISOString();
    const drawn = new Set<string>();
    const draw = () => {
      const code = newTrackingCode((c) => drawn.has(c));
      drawn.add(code);
      return code;
    };
    let record = newRecord(feedback, draw(), createdAt);
    for (let attempt = 1; ; attempt++) {
      // Committed when it resolves. A conflict on the draft id (the same draft confirmed on
      // another replica, or twice here) or on the code inserts nothing; which one it was is
      // then read back.
      const { rowCount } = await this.pool.query(
        `INSERT INTO feedback (code, created_at, status, category, channel, user_id, unit, submission_id, search_text, record, due, assignee)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING`,
        [
          record.code,
          record.createdAt,
          record.status,
          record.category ?? null,
          record.from.channel,
          record.from.userId,
          record.unit ?? null,
          record.submissionId ?? null,
          searchTextOf(record),
          JSON.stringify(record),
          record.due ?? null,
          record.assignee ?? null,
        ],
      );
      if (rowCount === 1) return record;
      if (submissionId !== undefined) {
        const filed = await this.bySubmission(submissionId);
        if (filed) return filed;
      }
      if (attempt >= CODE_ATTEMPTS) throw new Error('Không cấp được mã theo dõi cho phản ánh; xin thử lại.');
      record = deepFreeze({ ...record, code: draw() });
    }
  }

  private async bySubmission(submissionId: string): Promise<FeedbackRecord | undefined> {
    const { rows } = await this.pool.query<{ record: FeedbackRecord }>('SELECT record FROM feedback WHERE submission_id = $1', [submissionId]);
    return rows[0] && deepFreeze(rows[0].record);
  }

  async get(code: string): Promise<FeedbackRecord | undefined> {
    const { rows } = await this.pool.query<{ record: FeedbackRecord }>('SELECT record FROM feedback WHERE code = $1', [canonicalTrackingCode(code)]);
    return rows[0] && deepFreeze(rows[0].record);
  }

  async countFrom(citizen: Pick<FeedbackRecord['from'], 'channel' | 'userId'>, since: Date): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM feedback WHERE channel = $1 AND user_id = $2 AND created_at >= $3',
      [citizen.channel, citizen.userId, since.toISOString()],
    );
    return rows[0]!.n;
  }

  async list(filter: FeedbackFilter = {}): Promise<FeedbackRecord[]> {
    const { sql, values } = feedbackWhere(filter);
    const { rows } = await this.pool.query<{ record: FeedbackRecord }>(`SELECT record FROM feedback ${sql} ORDER BY ${orderOf(filter)}`, values);
    return rows.map((r) => deepFreeze(r.record));
  }

  async page(filter: FeedbackFilter, offset: number, limit: number): Promise<FeedbackPage> {
    const { sql, values } = feedbackWhere(filter);
    const n = values.length;
    const [found, total] = await Promise.all([
      this.pool.query<{ record: FeedbackRecord }>(`SELECT record FROM feedback ${sql} ORDER BY ${orderOf(filter)} LIMIT $${n + 1} OFFSET $${n + 2}`, [
        ...values,
        Math.max(0, Math.floor(limit)),
        Math.max(0, Math.floor(offset)),
      ]),
      this.total(filter, sql, values),
    ]);
    return { records: found.rows.map((r) => deepFreeze(r.record)), total };
  }

  /**
   * How many records match: for the inbox's usual views (everything, a status, a ward, both)
   * from the running totals in feedback_counts, without reading the records; otherwise counted.
   */
  private async total(filter: FeedbackFilter, sql: string, values: unknown[]): Promise<number> {
    const words = filter.text ? foldText(filter.text).split(' ').filter(Boolean) : [];
    const byCounts =
      filter.from === undefined && filter.to === undefined && filter.category === undefined && filter.channel === undefined && filter.assignee === undefined && !filter.open && filter.dueOn === undefined && !words.length;
    const counts = feedbackWhere({ status: filter.status, unit: filter.unit });
    const { rows } = byCounts
      ? await this.pool.query<{ n: number }>(`SELECT coalesce(sum(n), 0)::int AS n FROM feedback_counts ${counts.sql}`, counts.values)
      : await this.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM feedback ${sql}`, values);
    return rows[0]!.n;
  }

  answer(code: string, text: string, by: string): Promise<FeedbackRecord> {
    if (!text.trim()) return Promise.reject(new Error('Câu trả lời không được để trống.'));
    return this.change(code, (current) => answered(current, text, by, this.now().toISOString()));
  }

  setStatus(code: string, status: FeedbackStatus, by: string, note?: string): Promise<FeedbackRecord> {
    return this.change(code, (current) => withStatus(current, status, by, this.now().toISOString(), note));
  }

  amend(code: string, change: RecordChange, by: string): Promise<FeedbackRecord> {
    return this.change(code, (current) => amended(current, change, by, this.now().toISOString()));
  }

  rate(code: string, rating: Satisfaction['rating'], comment?: string): Promise<FeedbackRecord> {
    return this.change(code, (current) => rated(current, rating, this.now().toISOString(), comment));
  }

  /**
   * Replaces a record with `next(current)` in a transaction holding the row: changes from
   * other replicas wait, and each sees the state the one before it left.
   */
  private change(code: string, next: (current: FeedbackRecord) => FeedbackRecord): Promise<FeedbackRecord> {
    const key = canonicalTrackingCode(code);
    const before = this.changing.get(key) ?? Promise.resolve();
    const run = before
      .catch(() => undefined)
      .then(() =>
        inTransaction(this.pool, async (client) => {
          const { rows } = await client.query<{ record: FeedbackRecord }>('SELECT record FROM feedback WHERE code = $1 FOR UPDATE', [key]);
          if (!rows[0]) throw new Error(`Không có phản ánh nào mang mã ${code}.`);
          const updated = deepFreeze(next(rows[0].record));
          await client.query('UPDATE feedback SET status = $2, category = $3, unit = $4, search_text = $5, record = $6, due = $7, assignee = $8 WHERE code = $1', [
            key,
            updated.status,
            updated.category ?? null,
            updated.unit ?? null,
            searchTextOf(updated),
            JSON.stringify(updated),
            updated.due ?? null,
            updated.assignee ?? null,
          ]);
          return updated;
        }),
      );
    this.changing.set(key, run);
    void run
      .finally(() => {
        if (this.changing.get(key) === run) this.changing.delete(key);
      })
      .catch(() => undefined);
    return run;
  }

  async restore(records: readonly FeedbackRecord[], questions: readonly UnansweredQuestion[]): Promise<{ feedback: number; unanswered: number }> {
    let feedback = 0;
    let unanswered = 0;
    await inTransaction(this.pool, async (client) => {
      for (const r of records) {
        const record = checked(storedFeedback, 'Phản ánh', r);
        const { rowCount } = await client.query(
          `INSERT INTO feedback (code, created_at, status, category, channel, user_id, unit, submission_id, search_text, record, due, assignee)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING`,
          [record.code, record.createdAt, record.status, record.category ?? null, record.from.channel, record.from.userId, record.unit ?? null, record.submissionId ?? null, searchTextOf(record), JSON.stringify(record), record.due ?? null, record.assignee ?? null],
        );
        feedback += rowCount ?? 0;
      }
      for (const q of questions) unanswered += await this.insertQuestion(client, checked(storedQuestion, 'Câu hỏi chưa trả lời', q));
    });
    return { feedback, unanswered };
  }

  async logUnanswered(question: UnansweredQuestion): Promise<void> {
    await this.insertQuestion(this.pool, checked(storedQuestion, 'Câu hỏi chưa trả lời', question));
  }

  /** 1 when added, 0 when a question with its id is there already. */
  private async insertQuestion(db: pg.Pool | pg.PoolClient, q: UnansweredQuestion): Promise<number> {
    const { rowCount } = await db.query(
      `INSERT INTO unanswered (id, at, channel, query, reason, candidates, unit, resolved)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
      [q.id ?? randomUUID(), new Date(q.at).toISOString(), q.channel, q.query, q.reason, JSON.stringify(q.candidates), q.unit ?? null, q.resolved ? JSON.stringify(q.resolved) : null],
    );
    return rowCount ?? 0;
  }

  async unanswered(filter: Pick<FeedbackFilter, 'from' | 'to' | 'unit'> & { open?: boolean } = {}): Promise<UnansweredQuestion[]> {
    const where = new Where();
    if (filter.from !== undefined) where.add((p) => `at >= ${p}`, new Date(timeBound(filter.from, 'from')).toISOString());
    if (filter.to !== undefined) where.add((p) => `at <= ${p}`, new Date(timeBound(filter.to, 'to')).toISOString());
    if (filter.unit !== undefined) where.add((p) => `unit = ${p}`, filter.unit);
    if (filter.open) where.add(() => 'resolved IS NULL');
    const { rows } = await this.pool.query<QuestionRow>(
      `SELECT id, at, channel, query, reason, candidates, unit, resolved FROM unanswered ${where.sql} ORDER BY at DESC, seq DESC`,
      where.values,
    );
    return rows.map((r) =>
      deepFreeze({
        id: r.id,
        at: r.at.toISOString(),
        channel: r.channel,
        query: r.query,
        reason: r.reason,
        candidates: r.candidates,
        ...(r.unit !== null ? { unit: r.unit } : {}),
        ...(r.resolved !== null ? { resolved: r.resolved } : {}),
      }),
    );
  }

  async resolveUnanswered(ids: readonly string[], resolution: Resolution, scope: { unit?: string } = {}): Promise<number> {
    if (!ids.length) return 0;
    const { rowCount } = await this.pool.query(
      'UPDATE unanswered SET resolved = $2 WHERE id = ANY($1::text[]) AND resolved IS NULL AND ($3::text IS NULL OR unit = $3)',
      [[...new Set(ids)], JSON.stringify(resolution), scope.unit ?? null],
    );
    return rowCount ?? 0;
  }
}

/** Folds the running totals (feedback_counts) into one row per ward and status; run now and then. */
export async function foldFeedbackCounts(pool: pg.Pool): Promise<void> {
  // Rows added meanwhile by other transactions are not in this statement's snapshot: they stay, and count.
  await pool.query(
    `WITH gone AS (DELETE FROM feedback_counts RETURNING unit, status, n)
     INSERT INTO feedback_counts (unit, status, n) SELECT unit, status, sum(n) FROM gone GROUP BY unit, status HAVING sum(n) <> 0`,
  );
}
