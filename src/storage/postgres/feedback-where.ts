// The WHERE clauses and orders of the feedback queries (feedback-repository.ts), built from
// a FeedbackFilter with numbered parameters.
import type { FeedbackFilter } from '../../feedback/record.ts';
import { foldText } from '../../search/normalize.ts';
import { timeBound } from '../../time/vietnam-calendar.ts';

/** An SQL WHERE clause built from conditions with numbered parameters. */
export class Where {
  private readonly clauses: string[] = [];
  readonly values: unknown[] = [];

  add(clause: (param: string) => string, ...value: [unknown?]): void {
    if (value.length) this.values.push(value[0]);
    this.clauses.push(clause(`$${this.values.length}`));
  }

  get sql(): string {
    return this.clauses.length ? `WHERE ${this.clauses.join(' AND ')}` : '';
  }
}

/** The order of a list: newest first, or the nearest deadline first (records without one last). */
export const orderOf = (filter: FeedbackFilter) => (filter.sort === 'deadline' ? 'due ASC NULLS LAST, created_at DESC, seq DESC' : 'created_at DESC, seq DESC');

const escapeLike = (word: string) => word.replace(/[\\%_]/g, '\\$&');

export function feedbackWhere(filter: FeedbackFilter): { sql: string; values: unknown[] } {
  const where = new Where();
  if (filter.from !== undefined) where.add((p) => `created_at >= ${p}`, new Date(timeBound(filter.from, 'from')).toISOString());
  if (filter.to !== undefined) where.add((p) => `created_at <= ${p}`, new Date(timeBound(filter.to, 'to')).toISOString());
  if (filter.status !== undefined) where.add((p) => `status = ${p}`, filter.status);
  if (filter.category !== undefined) where.add((p) => `category = ${p}`, filter.category);
  if (filter.channel !== undefined) where.add((p) => `channel = ${p}`, filter.channel);
  if (filter.unit !== undefined) where.add((p) => `unit = ${p}`, filter.unit);
  if (filter.assignee !== undefined) where.add((p) => `assignee = ${p}`, filter.assignee);
  if (filter.open) where.add(() => `status IN ('moi', 'dang-xu-ly')`);
  if (filter.dueOn !== undefined) where.add((p) => `due = ${p}`, filter.dueOn);
  if (filter.text) {
    for (const word of new Set(foldText(filter.text).split(' ').filter(Boolean))) where.add((p) => `search_text LIKE ${p}`, `%${escapeLike(word)}%`);
  }
  return { sql: where.sql, values: where.values };
}


