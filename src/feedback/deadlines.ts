// When a record must be handled by, from the time limits in force on the day it was
// received (deadlines.json, dated like any fact) and Vietnam's working days
// (calendar.json): each stage of handling (thụ lý, giải quyết…) starts the day the one
// before ends. Working days: the nth working day after the start, the start not counted. A
// limit in calendar days ending on a day off ends on the next working day (Bộ luật Dân
// sự, Điều 148 khoản 5). Where a record stands against its deadline is worked out here too.
import type { DeadlineRule, DeadlinesFile, TimeLimit } from '../knowledge/casework-schema.ts';
import { valueOn } from '../knowledge/facts.ts';
import { addDays } from '../time/days.ts';
import { vietnamDate } from '../time/vietnam-calendar.ts';
import type { WorkingCalendar } from '../time/working-days.ts';
import type { FeedbackKind, FeedbackRecord } from './record.ts';

/** The rules as the bot uses them: the time limits, and the calendar they are counted on. */
export interface Casework {
  calendar: WorkingCalendar;
  deadlines?: DeadlinesFile;
}

export interface StageEnd {
  name: string;
  limit: TimeLimit;
  /** The last day of the stage (YYYY-MM-DD). */
  end: string;
}

/** The deadline of a record of `kind` received on `received` (YYYY-MM-DD), stage by stage; undefined when no rule covers the kind. */
export function deadlineFor(kind: FeedbackKind, received: string, casework: Casework): { due: string; stages: StageEnd[]; rule: DeadlineRule } | undefined {
  const rule = casework.deadlines?.rules.find((r) => r.kind === kind);
  if (!rule) return undefined;
  const stages: StageEnd[] = [];
  let start = received;
  for (const stage of rule.stages) {
    // The limit in force on the day the record was received.
    const on = valueOn(stage.limit, received);
    if (on.state !== 'current') continue;
    const end = endOf(on.value, start, casework.calendar);
    stages.push({ name: stage.name, limit: on.value, end });
    start = end;
  }
  return stages.length ? { due: start, stages, rule } : undefined;
}

function endOf(limit: TimeLimit, start: string, calendar: WorkingCalendar): string {
  if (limit.counting === 'working') return calendar.addWorkingDays(start, limit.days);
  return calendar.nextWorkingDayFrom(addDays(start, limit.days));
}

/** The due day of a record received at `createdAt` (an ISO instant), in Vietnam's calendar. */
export const dueOf = (kind: FeedbackKind, createdAt: string, casework: Casework): string | undefined => deadlineFor(kind, vietnamDate(createdAt), casework)?.due;

/**
 * Where a record stands: still open and on track, due soon (within `soonWorkingDays`
 * working days), overdue; or handled on time or late. "none" without a deadline.
 */
export type DeadlineState = 'open' | 'soon' | 'overdue' | 'met' | 'late' | 'none';

export const DEADLINE_LABELS: Readonly<Record<DeadlineState, string>> = {
  open: 'Trong hạn',
  soon: 'Sắp đến hạn',
  overdue: 'Quá hạn',
  met: 'Xử lý đúng hạn',
  late: 'Xử lý trễ hạn',
  none: 'Không có thời hạn',
};

/** The day a record was handled: answered, passed on to another body, or closed; undefined while open. */
export function handledOn(record: Pick<FeedbackRecord, 'status' | 'history'>): string | undefined {
  if (record.status === 'moi' || record.status === 'dang-xu-ly') return undefined;
  const done = record.history.find((h) => h.status === 'da-tra-loi' || h.status === 'da-chuyen' || h.status === 'da-dong');
  return done && vietnamDate(done.at);
}

export function deadlineState(record: Pick<FeedbackRecord, 'status' | 'history' | 'due'>, today: string, calendar: WorkingCalendar, soonWorkingDays = 2): DeadlineState {
  if (!record.due) return 'none';
  const handled = handledOn(record);
  if (handled) return handled <= record.due ? 'met' : 'late';
  if (today > record.due) return 'overdue';
  return calendar.workingDaysBetween(today, record.due) <= soonWorkingDays ? 'soon' : 'open';
}
