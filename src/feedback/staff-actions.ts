// What Home Affairs staff do to a feedback, whichever tool they use (the CLI, a staff
// chat group): the same rules and the same path back to the citizen.
import type { OutboxPort } from '../outbox/message.ts';
import type { FeedbackRecord, FeedbackRepository, FeedbackStatus } from './record.ts';

/** Outbox destination that routes a message to the channel the citizen wrote from. */
export const CITIZEN_DESTINATION = 'citizen';

export function requireRecord(repository: FeedbackRepository, code: string): FeedbackRecord {
  const record = repository.get(code);
  if (!record) throw new Error(`Không có phản ánh, kiến nghị nào mã "${code}".`);
  return record;
}

/** Records the official answer, then queues it to the citizen on their own channel. */
export async function answerFeedback(repository: FeedbackRepository, outbox: OutboxPort, code: string, text: string, by: string): Promise<FeedbackRecord> {
  const record = requireRecord(repository, code);
  const answer = text.trim();
  // The repository refuses an empty answer and a record whose status cannot become "đã trả lời".
  const answered = await repository.answer(record.code, answer, by);
  // Recorded first, queued second: a queue failure leaves an answer staff can resend,
  // never a message to the citizen about an answer that was not kept.
  try {
    await outbox.enqueue([
      { destination: CITIZEN_DESTINATION, kind: 'staff-answer', code: record.code, to: record.from, text: `Trả lời phản ánh, kiến nghị mã ${record.code}:\n${answer}` },
    ]);
  } catch (err) {
    throw new Error(`Đã lưu câu trả lời cho ${record.code} nhưng chưa đưa được vào hàng gửi tới người dân: ${(err as Error).message}`);
  }
  return answered;
}

export function changeFeedbackStatus(repository: FeedbackRepository, code: string, status: FeedbackStatus, by: string, note?: string): Promise<FeedbackRecord> {
  // The repository refuses a transition NEXT_STATUSES does not allow, saying which are.
  return repository.setStatus(requireRecord(repository, code).code, status, by, note);
}
