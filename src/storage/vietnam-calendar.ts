// Dates as people in Vietnam read them: one time zone, UTC+7, no daylight saving. A
// feedback sent at 06:00 on 1 October belongs to 1 October and to the fourth quarter,
// although its UTC timestamp still reads 30 September.
const OFFSET_MS = 7 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** "2026-Q4": the quarter of the Vietnamese calendar date of `instant`. */
export function quarterOf(instant: Date): string {
  const local = new Date(instant.getTime() + OFFSET_MS);
  return `${local.getUTCFullYear()}-Q${Math.floor(local.getUTCMonth() / 3) + 1}`;
}

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
    return start - OFFSET_MS + (edge === 'to' ? DAY_MS - 1 : 0);
  }
  const instant = /(Z|[+-]\d{2}:\d{2})$/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(instant)) throw invalid(value);
  return instant;
}

const invalid = (value: string) =>
  new Error(`Ngày "${value}" không hợp lệ: dùng dạng YYYY-MM-DD (ví dụ 2026-10-01) hoặc ngày giờ ISO có múi giờ.`);
