// Working days in Vietnam: every day but the weekly rest days, the public holidays (solar
// and lunar: Tết, Giỗ Tổ Hùng Vương on 10/3 of the lunar calendar), the days off the
// government adds each year, plus the Saturdays it asks to be worked instead. The rules
// are data (knowledge/calendar.json, kept by staff); lunar dates come from a kept library.
// Days are calendar days written YYYY-MM-DD, as everywhere in time/.
import { createRequire } from 'node:module';
import type { Lunar as LunarClass } from 'lunar-typescript';
import { addDays } from './days.ts';

// Loaded the first time a lunar date is needed, not by every process that imports this module.
let lunar: typeof LunarClass | undefined;
const Lunar = () => (lunar ??= (createRequire(import.meta.url)('lunar-typescript') as { Lunar: typeof LunarClass }).Lunar);

/** A holiday rule: one day (or `days` from `offset`) around a solar or lunar date, in force between `from` and `until`. */
export interface HolidayData {
  name: string;
  solar?: string;
  lunar?: string;
  days?: number;
  offset?: number;
  from?: string;
  until?: string;
}

/** A year's decision: extra days off, and days worked instead of a weekend. */
export interface YearData {
  year: number;
  off: readonly string[];
  work: readonly string[];
}

export interface CalendarData {
  /** Weekly rest days: 0 Sunday … 6 Saturday. */
  weekend: readonly number[];
  /** A holiday on a weekly rest day gives the next working day off (nghỉ bù), in years without a decision. */
  compensate: boolean;
  holidays: readonly HolidayData[];
  years: readonly YearData[];
}

/** The solar day of a lunar date of lunar year `year`, or undefined when that day does not exist (a 30th in a 29-day month). */
export function lunarToSolar(year: number, monthDay: string): string | undefined {
  const [month, day] = monthDay.split('-').map(Number) as [number, number];
  try {
    const solar = Lunar().fromYmd(year, month, day).getSolar();
    // The library rolls a 30th over into the next month: that is not the date asked for.
    if (Lunar().fromYmd(year, month, 1).getSolar().next(day - 1).toYmd() !== solar.toYmd()) return undefined;
    return solar.toYmd();
  } catch {
    return undefined;
  }
}

const weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();

export class WorkingCalendar {
  /** Per solar year: the days off (holidays, nghỉ bù, decisions) with their names, and the days worked instead. */
  private readonly years = new Map<number, { off: Map<string, string>; work: Set<string> }>();

  constructor(private readonly data: CalendarData) {}

  /** True when public offices work on `day`. */
  isWorkingDay(day: string): boolean {
    const year = this.year(Number(day.slice(0, 4)));
    if (year.work.has(day)) return true;
    return !this.data.weekend.includes(weekday(day)) && !year.off.has(day);
  }

  /** The holiday `day` is part of ("Tết Nguyên đán", "nghỉ bù Quốc khánh"…), if any. */
  holidayOf(day: string): string | undefined {
    return this.year(Number(day.slice(0, 4))).off.get(day);
  }

  /** The `n`th working day after `day` (`day` itself not counted, whether it is a working day or not). */
  addWorkingDays(day: string, n: number): string {
    let current = day;
    for (let left = n; left > 0; ) {
      current = addDays(current, 1);
      if (this.isWorkingDay(current)) left--;
    }
    return current;
  }

  /** `day` if it is a working day, else the first working day after it. */
  nextWorkingDayFrom(day: string): string {
    return this.isWorkingDay(day) ? day : this.addWorkingDays(day, 1);
  }

  /** The working day before `day`. */
  previousWorkingDay(day: string): string {
    let current = addDays(day, -1);
    while (!this.isWorkingDay(current)) current = addDays(current, -1);
    return current;
  }

  /** Working days after `from` up to and including `to` (0 when `to` is not after `from`; negative counts back). */
  workingDaysBetween(from: string, to: string): number {
    if (to === from) return 0;
    const sign = to > from ? 1 : -1;
    const [a, b] = sign > 0 ? [from, to] : [to, from];
    let n = 0;
    for (let d = addDays(a, 1); d <= b; d = addDays(d, 1)) if (this.isWorkingDay(d)) n++;
    return sign * n;
  }

  private year(year: number): { off: Map<string, string>; work: Set<string> } {
    let found = this.years.get(year);
    if (found) return found;
    const decision = this.data.years.find((y) => y.year === year);
    const off = new Map<string, string>();
    const holidays: [string, string][] = [];
    // A lunar year overlaps two solar years: its 12th month falls in January of the next.
    for (const rule of this.data.holidays) {
      for (const anchorYear of rule.lunar ? [year - 1, year] : [year]) {
        const anchor = rule.lunar ? lunarToSolar(anchorYear, rule.lunar) : `${anchorYear}-${rule.solar}`;
        if (!anchor) continue;
        for (let i = 0; i < (rule.days ?? 1); i++) {
          const day = addDays(anchor, (rule.offset ?? 0) + i);
          if (!day.startsWith(`${year}-`)) continue;
          if ((rule.from && day < rule.from) || (rule.until && day > rule.until)) continue;
          holidays.push([day, rule.name]);
        }
      }
    }
    for (const [day, name] of holidays) if (!off.has(day)) off.set(day, name);
    const work = new Set(decision?.work ?? []);
    if (decision) {
      for (const day of decision.off) if (!off.has(day)) off.set(day, 'Nghỉ theo quyết định của năm');
    } else if (this.data.compensate) {
      // Each holiday on a rest day gives the next day that is neither a rest day nor a holiday.
      for (const [day, name] of holidays.sort(([a], [b]) => a.localeCompare(b))) {
        if (!this.data.weekend.includes(weekday(day))) continue;
        let next = addDays(day, 1);
        while (this.data.weekend.includes(weekday(next)) || off.has(next)) next = addDays(next, 1);
        off.set(next, `Nghỉ bù ${name}`);
      }
    }
    found = { off, work };
    this.years.set(year, found);
    return found;
  }
}
