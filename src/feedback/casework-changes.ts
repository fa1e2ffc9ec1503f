// What staff changes other than the status do to a record, whatever stores it: an
// assignment, a corrected field (lĩnh vực) or kind, each with a history line saying who
// and when; and the citizen's rating of the answer, one per record, changeable for a week.
import { CATEGORIES } from '../knowledge/schema.ts';
import { FEEDBACK_KINDS, SATISFACTION_LEVELS, type FeedbackRecord, type RecordChange, type Satisfaction } from './record.ts';

/** How long after rating an answer the citizen may change the rating. */
export const RATING_CHANGE_DAYS = 7;
const DAY_MS = 24 * 3600_000;

/** The record with the change applied and recorded; throws (in Vietnamese) when it changes nothing. */
export function amended(current: FeedbackRecord, change: RecordChange, by: string, at: string): FeedbackRecord {
  const line = { at, status: current.status, by, action: change.action };
  switch (change.action) {
    case 'assign': {
      if (current.assignee === change.assignee) throw new Error(change.assignee ? `Phản ánh ${current.code} đã giao cho ${change.assignee}.` : `Phản ánh ${current.code} chưa giao cho ai.`);
      const { assignee: _previous, ...rest } = current;
      return {
        ...rest,
        ...(change.assignee ? { assignee: change.assignee } : {}),
        history: [...current.history, { ...line, value: change.assignee ?? '', ...(current.assignee ? { previous: current.assignee } : {}) }],
      };
    }
    case 'category':
      if (current.category === change.category) throw new Error(`Phản ánh ${current.code} đã thuộc lĩnh vực "${CATEGORIES[change.category]}".`);
      return {
        ...current,
        category: change.category,
        history: [...current.history, { ...line, value: change.category, ...(current.category ? { previous: current.category } : {}) }],
      };
    case 'kind': {
      if (current.kind === change.kind) throw new Error(`Phản ánh ${current.code} đã là "${FEEDBACK_KINDS[change.kind]}".`);
      const { due: _due, ...rest } = current;
      return {
        ...rest,
        kind: change.kind,
        ...(change.due ? { due: change.due } : {}),
        history: [...current.history, { ...line, value: change.kind, previous: current.kind }],
      };
    }
  }
}

/** The record rated (or its rating changed within RATING_CHANGE_DAYS); throws when it has no answer or the time is up. */
export function rated(current: FeedbackRecord, rating: Satisfaction['rating'], at: string, comment?: string): FeedbackRecord {
  if (!current.answer) throw new Error(`Phản ánh ${current.code} chưa có câu trả lời để đánh giá.`);
  const given = current.satisfaction;
  if (given && Date.parse(at) - Date.parse(given.at) > RATING_CHANGE_DAYS * DAY_MS)
    throw new Error(`Đánh giá cho ${current.code} chỉ đổi được trong ${RATING_CHANGE_DAYS} ngày; bạn đã đánh giá "${SATISFACTION_LEVELS[given.rating]}".`);
  const text = comment?.trim().slice(0, 1000);
  const kept = given?.comment && text === undefined ? { comment: given.comment } : {};
  // A comment added to the same rating does not change it.
  const changedAt = given && given.rating !== rating ? at : given?.changedAt;
  const satisfaction: Satisfaction = { rating, at: given?.at ?? at, ...(changedAt ? { changedAt } : {}), ...kept, ...(text ? { comment: text } : {}) };
  return { ...current, satisfaction };
}
