// What both stores check before they keep a feedback, a question or a queued message, and
// how they make a record's search text: one definition, so what one store wrote reads back
// in the other (and in a data export).
import { z } from 'zod';
import { citizenAddress } from '../address/address.ts';
import { MESSAGE_KINDS } from '../outbox/message.ts';
import { feedbackRecord, unansweredQuestion, type FeedbackRecord, type NewFeedback } from '../feedback/record.ts';
import { foldText } from '../search/normalize.ts';
import { deepFreeze } from './deep-freeze.ts';

export const storedFeedback = feedbackRecord.refine((r) => !Number.isNaN(Date.parse(r.createdAt)), {
  path: ['createdAt'],
  message: 'ngày giờ không hợp lệ',
});

export const storedQuestion = unansweredQuestion.refine((q) => !Number.isNaN(Date.parse(q.at)), {
  path: ['at'],
  message: 'ngày giờ không hợp lệ',
});

/** A message waiting in an outbox, with the dispatcher's bookkeeping (outbox/store.ts QueuedMessage). */
export const storedQueuedMessage = z.object({
  id: z.string().min(1),
  destination: z.string().min(1),
  kind: z.enum(MESSAGE_KINDS),
  code: z.string().optional(),
  to: citizenAddress.optional(),
  unit: z.string().optional(),
  text: z.string(),
  createdAt: z.string(),
  attempts: z.number().int().min(0),
  nextAttemptAt: z.string(),
  lastError: z.string().optional(),
});

/** What staff search a record by: its code, content, sender and answer, without diacritics. */
export function searchTextOf(r: FeedbackRecord): string {
  return ` ${foldText([r.code, r.content, r.sender.name, r.sender.phone, r.sender.address, r.answer?.text].filter(Boolean).join(' '))} `;
}

/** Parses what is about to be stored with the schema it is read back with, so a bad value cannot stop the next start. */
export function checked<T>(schema: z.ZodType<T>, what: string, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return deepFreeze(parsed.data);
  // Paths and messages only: the values may be personal data.
  const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(gốc)'}: ${issue.message}`);
  throw new Error(`${what} không hợp lệ: ${issues.join('; ')}`);
}

/** A feedback as filed: status "mới", one history line by the citizen; checked and frozen. */
export function newRecord(feedback: NewFeedback, code: string, createdAt: string): FeedbackRecord {
  const { kind, category, content, sender, from, candidates, submissionId, unit, due, attachments, location } = feedback;
  return checked(storedFeedback, 'Phản ánh', {
    code,
    kind,
    category,
    content,
    sender,
    from,
    createdAt,
    status: 'moi',
    history: [{ at: createdAt, status: 'moi', by: 'nguoi-dan' }],
    candidates,
    submissionId,
    ...(unit !== undefined && { unit }),
    ...(due !== undefined && { due }),
    ...(attachments?.length && { attachments }),
    ...(location !== undefined && { location }),
  });
}
