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
