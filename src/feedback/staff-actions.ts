// What Home Affairs staff do to a feedback, whichever tool they use (the CLI, a staff
// chat group, the web workspace): the same rules and the same path back to the citizen.
import type { OutboxPort } from '../outbox/message.ts';
import { withoutInvisible } from '../text/invisible.ts';
import { answerGroup, CITIZEN_DESTINATION, satisfactionGroup, statusGroups } from './notifications.ts';
import type { FeedbackRecord, FeedbackRepository, FeedbackStatus } from './record.ts';

export { CITIZEN_DESTINATION };

/**
 * The record staff act on. `unit`: the ward or commune the staff member works for; a record
 * of another unit is not theirs to touch (province-level staff have none and see all).
 */
export async function requireRecord(repository: FeedbackRepository, code: string, unit?: string): Promise<FeedbackRecord> {
  const record = await repository.get(code);
  if (!record || (unit !== undefined && record.unit !== unit)) throw new Error(`Không có phản ánh, kiến nghị nào mã "${code}"${record ? ' thuộc đơn vị của bạn' : ''}.`);
  return record;
}

/** Records the official answer, then queues it to the citizen on their own channel. */
export async function answerFeedback(repository: FeedbackRepository, outbox: OutboxPort, code: string, text: string, by: string, unit?: string): Promise<FeedbackRecord> {
  const record = await requireRecord(repository, code, unit);
  // The repository refuses an empty answer and a record whose status cannot become "đã trả lời".
  const answered = await repository.answer(record.code, withoutInvisible(text).normalize('NFC').trim(), by);
  // Recorded first, queued second: a crash in between is mended at the next start (the
  // message is worked out again from the record), never a message about an answer not kept.
  try {
    // The satisfaction question follows the first answer only (its id is the record's).
    await outbox.enqueue([...answerGroup(answered)!.messages, ...(satisfactionGroup(answered)?.messages ?? [])]);
  } catch (err) {
    throw new Error(`Đã lưu câu trả lời cho ${record.code} nhưng chưa đưa được vào hàng gửi tới người dân: ${(err as Error).message}`);
  }
  return answered;
}

/** Records the change (who, when, why), then tells the citizen on their own channel. */
export async function changeFeedbackStatus(
  repository: FeedbackRepository,
  outbox: OutboxPort,
  code: string,
  status: FeedbackStatus,
  by: string,
  note?: string,
  unit?: string,
): Promise<FeedbackRecord> {
  // The repository refuses a transition NEXT_STATUSES does not allow, saying which are.
  const cleanNote = note === undefined ? undefined : withoutInvisible(note).normalize('NFC').trim() || undefined;
  const changed = await repository.setStatus((await requireRecord(repository, code, unit)).code, status, by, cleanNote);
  const told = statusGroups(changed).at(-1);
  if (told && changed.status !== 'da-tra-loi') {
    try {
      await outbox.enqueue(told.messages);
    } catch (err) {
      throw new Error(`Đã đổi trạng thái ${changed.code} nhưng chưa đưa được thông báo vào hàng gửi tới người dân: ${(err as Error).message}`);
    }
  }
  return changed;
}
