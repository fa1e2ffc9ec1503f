// The one clock of the bot. Facts change on fixed dates (a fee reduction ends on
// 31/12/2026), so staff must be able to preview a given day and tests must pin one:
// TTHC_TODAY=YYYY-MM-DD moves the Vietnamese calendar to that day while the time of day
// keeps running, so timers, expiries and ordering behave as on any other day.
import { timeBound, vietnamDate } from './vietnam-calendar.ts';

/** Returns the current instant; every part of the bot asks this, never `new Date()` directly. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(value: string): boolean {
  if (!DAY.test(value)) return false;
  try {
    timeBound(value, 'from');
    return true;
  } catch {
    return false;
  }
}

/**
 * A clock on which today (in Vietnam) is `today`, or the system clock without one. The
 * shift is fixed at creation: the day turns over at midnight as it would.
 */
export function clockFor(today: string | undefined, base: Clock = systemClock): Clock {
  if (!today) return base;
  if (!isCalendarDate(today)) throw new Error(`Ngày "${today}" không hợp lệ: dùng dạng YYYY-MM-DD, ví dụ 2027-01-05.`);
  const realNow = base().getTime();
  const shift = timeBound(today, 'from') - timeBound(vietnamDate(realNow), 'from');
  return shift === 0 ? base : () => new Date(base().getTime() + shift);
}

/** Today's date in Vietnam (YYYY-MM-DD) on a clock. */
export const todayOn = (clock: Clock): string => vietnamDate(clock().getTime());

/** The clock the environment asks for: TTHC_TODAY when set. */
export const clockFromEnv = (env: NodeJS.ProcessEnv = process.env): Clock => clockFor(env.TTHC_TODAY?.trim() || undefined);
