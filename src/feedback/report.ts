// The quarterly report Home Affairs sends to the People's Committee: how much feedback
// came in, through which channels, about what, how it was handled and how fast, and
// which questions the bot could not answer. Only counts and the text of anonymous
// questions go in; nothing that identifies a citizen does.
import type { Channel } from '../address/address.ts';
import { CATEGORIES, type Category } from '../knowledge/schema.ts';
import { maskPersonalData } from '../privacy/personal-data.ts';
import { messageShape } from '../privacy/question-quality.ts';
import { foldText } from '../search/normalize.ts';
import {
  FEEDBACK_KINDS,
  FEEDBACK_STATUSES,
  type FeedbackKind,
  type FeedbackRecord,
  type FeedbackStatus,
  type UnansweredQuestion,
} from './record.ts';
import { quarterBounds, vietnamDate, type Quarter, type QuarterNumber } from '../time/vietnam-calendar.ts';
import { caseworkReport, type CaseworkReport, type CountRow } from './report-casework.ts';

export const UNCATEGORISED = 'none';
export const UNCATEGORISED_LABEL = 'Không phân loại';

/** In the order of CHANNELS. */
export const CHANNEL_LABELS: Readonly<Record<Channel, string>> = {
  telegram: 'Telegram',
  'zalo-bot': 'Zalo Bot',
  zalo: 'Zalo (tài khoản cá nhân)',
  web: 'Trang web',
  terminal: 'Dòng lệnh',
};

const UNANSWERED_REASONS: Readonly<Record<UnansweredQuestion['reason'], string>> = {
  'no-answer': 'Bot không có câu trả lời',
  'not-helpful': 'Người dân thấy câu trả lời chưa hữu ích',
};

const TOP_UNANSWERED = 10;
// A question pasted whole can run to pages; the report needs enough to recognise it.
const MAX_EXAMPLE_CHARS = 200;

export type { CountRow };

export interface QuarterReport {
  period: { year: number; quarter: QuarterNumber; start: string; end: string };
  generatedAt: string;
  /** False while the quarter is still running: its numbers will still change. */
  complete: boolean;
  /** Feedback records created in the quarter. */
  total: number;
  // Every table lists every key, zeros included, so quarters can be compared line by line.
  byStatus: CountRow<FeedbackStatus>[];
  byCategory: CountRow<Category | typeof UNCATEGORISED>[];
  byChannel: CountRow<Channel>[];
  byKind: CountRow<FeedbackKind>[];
  answerTime: { answered: number; medianHours: number | null };
  /** How long answers took, in bands a reader can compare; "not yet" counts the unanswered. */
  answerTimeBands: CountRow<AnswerBand>[];
  /** Month by month within the quarter: received, and answered of those. */
  byMonth: { month: string; label: string; received: number; answered: number }[];
  unanswered: {
    total: number;
    byReason: CountRow<UnansweredQuestion['reason']>[];
    top: { text: string; count: number }[];
  };
  /** A province-wide report of a deployment serving several units: how many each received. */
  byUnit?: CountRow<string>[];
  /** Deadlines kept, citizens' satisfaction, corrected fields (report-casework.ts). */
  casework: CaseworkReport;
}

export function buildQuarterReport(
  records: FeedbackRecord[],
  unanswered: UnansweredQuestion[],
  quarter: Quarter,
  now: Date = new Date(),
  /** The units to count by (id → name), for a report covering several. */
  units?: Readonly<Record<string, string>>,
): QuarterReport {
  const bounds = quarterBounds(quarter);
  const inQuarter = (iso: string) => {
    const t = Date.parse(iso);
    return t >= bounds.from && t < bounds.until;
  };
  const mine = records.filter((r) => inQuarter(r.createdAt));
  const questions = unanswered.filter((u) => inQuarter(u.at));
  return {
    period: { year: quarter.year, quarter: quarter.q, start: bounds.start, end: bounds.end },
    generatedAt: now.toISOString(),
    complete: now.getTime() >= bounds.until,
    total: mine.length,
    byStatus: countBy(FEEDBACK_STATUSES, mine, (r) => r.status),
    byCategory: countBy({ ...CATEGORIES, [UNCATEGORISED]: UNCATEGORISED_LABEL }, mine, (r) => r.category ?? UNCATEGORISED),
    byChannel: countBy(CHANNEL_LABELS, mine, (r) => r.from.channel),
    byKind: countBy(FEEDBACK_KINDS, mine, (r) => r.kind),
    answerTime: answerTime(mine),
    answerTimeBands: answerBands(mine),
    byMonth: monthByMonth(mine, quarter),
    unanswered: {
      total: questions.length,
      byReason: countBy(UNANSWERED_REASONS, questions, (u) => u.reason),
      top: mostFrequent(questions),
    },
    casework: caseworkReport(mine, vietnamDate(Math.min(now.getTime(), bounds.until - 1)), units),
    ...(units && { byUnit: countBy({ ...units, [UNCATEGORISED]: 'Chưa chọn phường, xã' }, mine, (r) => (r.unit && Object.hasOwn(units, r.unit) ? r.unit : UNCATEGORISED)) }),
  };
}

function countBy<K extends string, T>(labels: Readonly<Record<K, string>>, items: T[], keyOf: (item: T) => K): CountRow<K>[] {
  const counts = new Map<K, number>();
  for (const item of items) {
    const key = keyOf(item);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return (Object.keys(labels) as K[]).map((key) => ({ key, label: labels[key], count: counts.get(key) ?? 0 }));
}

const HOUR_MS = 60 * 60 * 1000;

const ANSWER_BANDS = {
  'under-1d': 'Dưới 1 ngày',
  '1-3d': '1–3 ngày',
  '3-7d': '3–7 ngày',
  '7-15d': '7–15 ngày',
  'over-15d': 'Trên 15 ngày',
  pending: 'Chưa trả lời',
} as const;
export type AnswerBand = keyof typeof ANSWER_BANDS;

function answerBands(records: FeedbackRecord[]): CountRow<AnswerBand>[] {
  return countBy(ANSWER_BANDS, records, (r): AnswerBand => {
    if (!r.answer) return 'pending';
    const days = (Date.parse(r.answer.at) - Date.parse(r.createdAt)) / (24 * HOUR_MS);
    return days < 1 ? 'under-1d' : days < 3 ? '1-3d' : days < 7 ? '3-7d' : days < 15 ? '7-15d' : 'over-15d';
  });
}

function monthByMonth(records: FeedbackRecord[], quarter: Quarter): QuarterReport['byMonth'] {
  const months = [0, 1, 2].map((i) => {
    const m = (quarter.q - 1) * 3 + i + 1;
    return { month: `${quarter.year}-${String(m).padStart(2, '0')}`, label: `Tháng ${m}/${quarter.year}`, received: 0, answered: 0 };
  });
  for (const r of records) {
    const month = vietnamDate(r.createdAt).slice(0, 7);
    const row = months.find((m) => m.month === month);
    if (!row) continue;
    row.received++;
    if (r.answer) row.answered++;
  }
  return months;
}

function answerTime(records: FeedbackRecord[]): QuarterReport['answerTime'] {
  const hours = records
    .flatMap((r) => (r.answer ? [(Date.parse(r.answer.at) - Date.parse(r.createdAt)) / HOUR_MS] : []))
    .sort((a, b) => a - b);
  return { answered: hours.length, medianHours: median(hours) };
}

function median(sorted: number[]): number | null {
  if (!sorted.length) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Groups questions asked in different spellings (with or without diacritics, in
 * composed or decomposed Unicode, any case or punctuation) and returns the most asked,
 * each shown by the form citizens used most often.
 */
function mostFrequent(questions: UnansweredQuestion[]): QuarterReport['unanswered']['top'] {
  const groups = new Map<string, { count: number; variants: Map<string, number> }>();
  // Oldest first, whatever order the caller keeps them in, so ties between spellings always go the same way.
  const chronological = [...questions].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  // The same few hundred questions come back thousands of times: each text is analysed once.
  const analysed = new Map<string, { shown: string; key: string } | null>();
  const analyse = (query: string) => {
    // Logs written before questions were screened may still hold a name, mash or abuse.
    if (messageShape(query) !== 'question') return null;
    const shown = redactIdentifiers(query.normalize('NFC').replace(/\s+/g, ' ').trim());
    const key = foldText(shown);
    return key ? { shown, key } : null; // an emoji or a stray symbol is not a question
  };
  for (const { query } of chronological) {
    let seen = analysed.get(query);
    if (seen === undefined) analysed.set(query, (seen = analyse(query)));
    if (!seen) continue;
    const { shown, key } = seen;
    const group = groups.get(key) ?? { count: 0, variants: new Map<string, number>() };
    group.count++;
    group.variants.set(shown, (group.variants.get(shown) ?? 0) + 1);
    groups.set(key, group);
  }
  return [...groups.values()]
    .map(({ count, variants }) => ({ count, text: truncate(mostCommon(variants)) }))
    .sort((a, b) => b.count - a.count || a.text.localeCompare(b.text, 'vi'))
    .slice(0, TOP_UNANSWERED);
}

function mostCommon(variants: Map<string, number>): string {
  let best = '';
  let bestCount = 0;
  // Map order is first-asked order, so ties go to the form asked first.
  for (const [text, count] of variants) if (count > bestCount) [best, bestCount] = [text, count];
  return best;
}

function truncate(text: string): string {
  return text.length > MAX_EXAMPLE_CHARS ? text.slice(0, MAX_EXAMPLE_CHARS - 1).trimEnd() + '…' : text;
}

// Citizens sometimes type their name, phone or ID card number or e-mail into a question;
// they never help anyone understand what was asked (see privacy/personal-data.ts).
const redactIdentifiers = maskPersonalData;

const oneDecimal = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });

/** A duration as a reader says it: "dưới 1 giờ", "5 giờ", "3,5 ngày" (a day is 24 hours, not a working day). */
export function formatAnswerTime(hours: number): string {
  if (hours < 1) return 'dưới 1 giờ';
  if (hours < 48) return `${oneDecimal.format(hours)} giờ`;
  return `${oneDecimal.format(hours / 24)} ngày`;
}
