// One reminder to the staff chats the working day before a record falls due (or as soon as
// the bot runs on a later day, until the deadline itself), through the outbox: its id comes
// from the record and its deadline ("due:PA-K7M3QX.2027-02-24:staff-telegram"), so however
// often the sweep runs, on however many replicas, after however many restarts, the outbox
// queues it once. Only records still to handle are reminded of.
import type { OutboxPort, NewOutboxMessage } from '../outbox/message.ts';
import { CATEGORIES } from '../knowledge/schema.ts';
import { addDays } from '../time/days.ts';
import { vietnameseDate } from '../time/vietnam-calendar.ts';
import type { Casework } from './deadlines.ts';
import { FEEDBACK_KINDS, type FeedbackRecord, type FeedbackRepository } from './record.ts';
import type { UnitNames } from './notifications.ts';

const PREVIEW = 120;

/** The reminder of one record to each staff destination. */
export function reminderMessages(record: FeedbackRecord, staffDestinations: readonly string[], daysLeft: number, unitName?: UnitNames): (NewOutboxMessage & { id: string })[] {
  const content = record.content.length > PREVIEW ? `${record.content.slice(0, PREVIEW - 1)}…` : record.content;
  const unit = record.unit ? (unitName?.(record.unit) ?? record.unit) : undefined;
  const text = [
    `⏰ NHẮC HẠN XỬ LÝ · ${record.code}`,
    `Hạn xử lý: ${vietnameseDate(record.due!)} (${daysLeft > 0 ? `còn ${daysLeft} ngày làm việc` : 'hôm nay là hạn cuối'})`,
    ...(unit ? [`Đơn vị: ${unit}`] : []),
    `${FEEDBACK_KINDS[record.kind]} · Lĩnh vực: ${record.category ? CATEGORIES[record.category] : 'Chưa phân loại'}`,
    `Cán bộ xử lý: ${record.assignee ?? 'chưa giao'}`,
    `Nội dung: ${content}`,
    `Trả lời: /traloi ${record.code} <nội dung>`,
  ].join('\n');
  return staffDestinations.map((destination) => ({
    id: `due:${record.code}.${record.due}:${destination}`,
    destination,
    kind: 'deadline-reminder',
    code: record.code,
    ...(record.unit ? { unit: record.unit } : {}),
    text,
  }));
}

/**
 * Queues the reminders due on `today` (YYYY-MM-DD, Vietnam): records still open whose
 * deadline is within `remindBeforeWorkingDays` working days (today included). Returns how
 * many records were reminded of (queued now or before).
 */
export async function queueDeadlineReminders(
  feedback: FeedbackRepository,
  outbox: OutboxPort,
  staffDestinations: readonly string[],
  casework: Casework,
  today: string,
  unitName?: UnitNames,
): Promise<number> {
  const before = casework.deadlines?.remindBeforeWorkingDays ?? 1;
  if (!casework.deadlines || !staffDestinations.length) return 0;
  const last = casework.calendar.addWorkingDays(today, before);
  const messages: NewOutboxMessage[] = [];
  let records = 0;
  for (let day = today; day <= last; day = addDays(day, 1)) {
    for (const record of await feedback.list({ open: true, dueOn: day })) {
      records++;
      messages.push(...reminderMessages(record, staffDestinations, casework.calendar.workingDaysBetween(today, day), unitName));
    }
  }
  // Ids already queued or delivered are left alone by the outbox.
  if (messages.length) await outbox.enqueue(messages);
  return records;
}
