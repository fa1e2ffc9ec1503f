// Quarters and dates as the ward reads them, in Vietnam time (UTC+7, no daylight
// saving): a feedback sent at 06:30 on 1 April belongs to the second quarter although
// its stored UTC timestamp still reads 31 March.
const VIETNAM_OFFSET_MS = 7 * 3600_000;

export type QuarterNumber = 1 | 2 | 3 | 4;
export interface Quarter {
  year: number;
  q: QuarterNumber;
}

export interface QuarterBounds {
  /** First and last day of the quarter, inclusive, as YYYY-MM-DD. */
  start: string;
  end: string;
  /** The instants (epoch ms) the quarter spans, [from, until). */
  from: number;
  until: number;
}

export function quarterBounds({ year, q }: Quarter): QuarterBounds {
  const from = Date.UTC(year, (q - 1) * 3, 1) - VIETNAM_OFFSET_MS;
  const until = Date.UTC(year, q * 3, 1) - VIETNAM_OFFSET_MS;
  return { start: vietnamDate(from), end: vietnamDate(until - 1), from, until };
}

export function quarterOf(instant: Date): Quarter {
  const local = new Date(instant.getTime() + VIETNAM_OFFSET_MS);
  return { year: local.getUTCFullYear(), q: (Math.floor(local.getUTCMonth() / 3) + 1) as QuarterNumber };
}

/** The calendar date (YYYY-MM-DD) in Vietnam of an instant or ISO timestamp. */
export function vietnamDate(instant: number | string): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant;
  return new Date(ms + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** "2026-03-31" → "31/03/2026", the way Vietnamese documents write dates. */
export function vietnameseDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}/${m}/${y}`;
}

/** "dd/mm/yyyy hh:mm" in Vietnam time, for staff reading a record. */
export function vietnameseDateTime(iso: string): string {
  const local = new Date(Date.parse(iso) + VIETNAM_OFFSET_MS).toISOString();
  return `${vietnameseDate(local.slice(0, 10))} ${local.slice(11, 16)}`;
}

/** "2026-Q4": the quarter of the Vietnamese calendar date of `instant`, as data files are named. */
export function quarterKey(instant: Date): string {
  const { year, q } = quarterOf(instant);
  return `${year}-Q${q}`;
}

const DAY_MS = 24 * 3600_000;

/**
 * An inclusive bound of a date filter, in epoch ms: a Vietnamese calendar day "YYYY-MM-DD"
 * (from its first to its last millisecond), or an ISO date-time with its zone.
 */
export function timeBound(value: string, edge: 'from' | 'to'): number {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (day) {
    const [year, month, date] = day.slice(1).map(Number) as [number, number, number];
    const start = Date.UTC(year, month - 1, date);
    // Date.UTC rolls 30 February over into March; a date that does not exist is a typo.
    if (month < 1 || month > 12 || new Date(start).getUTCDate() !== date) throw invalid(value);
    return start - VIETNAM_OFFSET_MS + (edge === 'to' ? DAY_MS - 1 : 0);
  }
  const instant = /(Z|[+-]\d{2}:\d{2})$/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(instant)) throw invalid(value);
  return instant;
}

const invalid = (value: string) =>
  new Error(`Ngày "${value}" không hợp lệ: dùng dạng YYYY-MM-DD (ví dụ 2026-10-01) hoặc ngày giờ ISO có múi giờ.`);
