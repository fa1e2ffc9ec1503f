// Giving a record to an officer of its ward (or taking it), whatever tool staff use: the
// assignee must be an account of the record's ward, the change is kept in the history, and
// the officer is told in their own chat with the bot when they have linked one (staff link).
import type { StaffChat } from '../staff/accounts.ts';
import type { OutboxPort } from '../outbox/message.ts';
import { CITIZEN_DESTINATION } from './notifications.ts';
import { FEEDBACK_KINDS, type FeedbackRecord, type FeedbackRepository } from './record.ts';
import { requireRecord } from './staff-actions.ts';
import { vietnameseDate } from '../time/vietnam-calendar.ts';

/** An officer who may be given a record: their account name and, if linked, their chat. */
export interface Officer {
  username: string;
  unit?: string;
  chat?: StaffChat;
}

/** The officers of a record's ward: accounts of its unit (or, for a record without one, accounts without one). */
export const officersOf = (all: readonly Officer[], record: Pick<FeedbackRecord, 'unit'>): Officer[] => all.filter((o) => o.unit === record.unit);

const PREVIEW = 120;

/** What the assignee reads in their chat: the code, kind, deadline and the start of the content. */
export function assignmentNotice(record: FeedbackRecord, by: string): string {
  const content = record.content.length > PREVIEW ? `${record.content.slice(0, PREVIEW - 1)}…` : record.content;
  return [
    `📌 Bạn được giao xử lý ${FEEDBACK_KINDS[record.kind].toLowerCase()} ${record.code}${record.due ? ` (hạn ${vietnameseDate(record.due)})` : ''}.`,
    `Người giao: ${by}`,
    `Nội dung: ${content}`,
    `Xem và trả lời trên trang làm việc: /staff/feedback/${record.code}`,
  ].join('\n');
}

/**
 * Assigns `code` to `assignee` (undefined: nobody), acting as `by` for staff of `unit`.
 * Throws, in Vietnamese, for a record of another ward or an officer who is not of its ward.
 */
export async function assignFeedback(
  repository: FeedbackRepository,
  outbox: OutboxPort,
  officers: readonly Officer[],
  code: string,
  assignee: string | undefined,
  by: string,
  unit?: string,
): Promise<FeedbackRecord> {
  const record = await requireRecord(repository, code, unit);
  const officer = assignee === undefined ? undefined : officersOf(officers, record).find((o) => o.username === assignee);
  if (assignee !== undefined && !officer) throw new Error(`"${assignee}" không phải cán bộ của phường, xã nhận phản ánh ${record.code}.`);
  const changed = await repository.amend(record.code, { action: 'assign', assignee }, by);
  if (officer?.chat) {
    const at = changed.history.at(-1)!.at;
    // Its id comes from the change: queueing it again after a retry sends it once.
    await outbox
      .enqueue([
        {
          id: `asg:${changed.code}.${Date.parse(at)}:${CITIZEN_DESTINATION}`,
          destination: CITIZEN_DESTINATION,
          kind: 'assignment',
          code: changed.code,
          to: { channel: officer.chat.channel, chatId: officer.chat.chatId, userId: officer.chat.chatId },
          text: assignmentNotice(changed, by.replace(/^web:/, '')),
        },
      ])
      .catch((err: unknown) => {
        throw new Error(`Đã giao ${changed.code} cho ${officer.username} nhưng chưa báo được cho cán bộ: ${(err as Error).message}`);
      });
  }
  return changed;
}
