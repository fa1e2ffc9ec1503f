// What answering a feedback or changing its status does to the record, whatever stores it:
// the allowed transitions (NEXT_STATUSES), the answer, and a history line saying who and when.
import { FEEDBACK_STATUSES, NEXT_STATUSES, type FeedbackRecord, type FeedbackStatus } from './record.ts';

/** Throws, in Vietnamese, when `current` may not move to `status`, saying where it may go. */
export function allowTransition(current: FeedbackRecord, status: FeedbackStatus): void {
  const allowed = NEXT_STATUSES[current.status];
  if (allowed.includes(status)) return;
  const label = (s: FeedbackStatus) => `"${FEEDBACK_STATUSES[s] ?? s}"`;
  throw new Error(
    `Không thể chuyển phản ánh ${current.code} từ ${label(current.status)} sang ${label(status)}: ` +
      `chỉ có thể chuyển sang ${allowed.map(label).join(', ')}.`,
  );
}

/** The record answered: status "đã trả lời", the answer, a history line. */
export function answered(current: FeedbackRecord, text: string, by: string, at: string): FeedbackRecord {
  allowTransition(current, 'da-tra-loi');
  return { ...current, status: 'da-tra-loi', answer: { text, by, at }, history: [...current.history, { at, status: 'da-tra-loi', by }] };
}

/** The record in its new status, with a history line (and the note, if any). */
export function withStatus(current: FeedbackRecord, status: FeedbackStatus, by: string, at: string, note?: string): FeedbackRecord {
  allowTransition(current, status);
  return { ...current, status, history: [...current.history, { at, status, by, ...(note ? { note } : {}) }] };
}
