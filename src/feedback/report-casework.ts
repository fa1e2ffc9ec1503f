// The casework part of the quarterly report: how many records were handled on time or late
// against their legal deadline, how satisfied citizens said they were with the answers
// (overall, per field and per ward), and how many fields staff corrected. Counts only: no
// comment a citizen wrote, nothing that identifies anyone.
import { CATEGORIES, type Category } from '../knowledge/schema.ts';
import { handledOn } from './deadlines.ts';
import { SATISFACTION_LEVELS, type FeedbackRecord, type SatisfactionLevel } from './record.ts';

/** A labelled count (the same shape as report.ts CountRow, which builds on this module). */
export interface CountRow<K extends string> {
  key: K;
  label: string;
  count: number;
}

export const DEADLINE_OUTCOMES = {
  met: 'Xử lý đúng hạn',
  late: 'Xử lý trễ hạn',
  overdue: 'Chưa xử lý, đã quá hạn',
  open: 'Chưa xử lý, còn hạn',
  none: 'Không có thời hạn',
} as const;
export type DeadlineOutcome = keyof typeof DEADLINE_OUTCOMES;

/** One group's satisfaction: how many rated, how many "hài lòng", the share (null when none rated). */
export interface SatisfactionRow {
  key: string;
  label: string;
  rated: number;
  satisfied: number;
  /** Share of ratings that were "Hài lòng", 0–1. */
  rate: number | null;
}

export interface CaseworkReport {
  deadlines: CountRow<DeadlineOutcome>[];
  /** Of the records with a deadline that are handled or overdue: the share handled on time, 0–1. */
  onTimeRate: number | null;
  satisfaction: { rated: number; byLevel: CountRow<SatisfactionLevel>[]; rate: number | null };
  satisfactionByCategory: SatisfactionRow[];
  /** Per ward, in a report covering several. */
  satisfactionByUnit?: SatisfactionRow[];
  /** Records whose field staff corrected (counted under the corrected field everywhere else). */
  correctedCategory: number;
}

/** Where a record stands against its deadline on `today` (YYYY-MM-DD). */
export function deadlineOutcome(record: FeedbackRecord, today: string): DeadlineOutcome {
  if (!record.due) return 'none';
  const handled = handledOn(record);
  if (handled) return handled <= record.due ? 'met' : 'late';
  return today > record.due ? 'overdue' : 'open';
}

export function caseworkReport(records: readonly FeedbackRecord[], today: string, units?: Readonly<Record<string, string>>): CaseworkReport {
  const outcomes = new Map<DeadlineOutcome, number>();
  for (const r of records) outcomes.set(deadlineOutcome(r, today), (outcomes.get(deadlineOutcome(r, today)) ?? 0) + 1);
  const count = (k: DeadlineOutcome) => outcomes.get(k) ?? 0;
  const judged = count('met') + count('late') + count('overdue');
  const rated = records.filter((r) => r.satisfaction);
  const levels = new Map<SatisfactionLevel, number>();
  for (const r of rated) levels.set(r.satisfaction!.rating, (levels.get(r.satisfaction!.rating) ?? 0) + 1);
  return {
    deadlines: (Object.keys(DEADLINE_OUTCOMES) as DeadlineOutcome[]).map((key) => ({ key, label: DEADLINE_OUTCOMES[key], count: count(key) })),
    onTimeRate: judged ? count('met') / judged : null,
    satisfaction: {
      rated: rated.length,
      byLevel: (Object.keys(SATISFACTION_LEVELS) as SatisfactionLevel[]).map((key) => ({ key, label: SATISFACTION_LEVELS[key], count: levels.get(key) ?? 0 })),
      rate: rated.length ? (levels.get('hai-long') ?? 0) / rated.length : null,
    },
    satisfactionByCategory: satisfactionBy(
      rated,
      Object.fromEntries((Object.keys(CATEGORIES) as Category[]).filter((c) => c !== 'smalltalk').map((c) => [c, CATEGORIES[c]])),
      (r) => r.category ?? 'none',
      'Không phân loại',
    ),
    ...(units && { satisfactionByUnit: satisfactionBy(rated, units, (r) => (r.unit && Object.hasOwn(units, r.unit) ? r.unit : 'none'), 'Chưa chọn phường, xã') }),
    correctedCategory: records.filter((r) => r.history.some((h) => h.action === 'category')).length,
  };
}

function satisfactionBy(rated: readonly FeedbackRecord[], labels: Readonly<Record<string, string>>, keyOf: (r: FeedbackRecord) => string, noneLabel: string): SatisfactionRow[] {
  const all = { ...labels, none: noneLabel };
  return Object.entries(all).map(([key, label]) => {
    const mine = rated.filter((r) => keyOf(r) === key);
    const satisfied = mine.filter((r) => r.satisfaction!.rating === 'hai-long').length;
    return { key, label, rated: mine.length, satisfied, rate: mine.length ? satisfied / mine.length : null };
  });
}

const percent = new Intl.NumberFormat('vi-VN', { style: 'percent', maximumFractionDigits: 1 });

/** "85,7%", or "—" when there is nothing to divide. */
export const formatRate = (rate: number | null): string => (rate === null ? '—' : percent.format(rate));
