// Per-user conversation state, kept on disk so that a feedback half-written survives a
// restart of the bot. What is under way is forgotten after a day; the whole session (the
// ward chosen, the ratings given) after 30 days unused; a session holding nothing is
// never stored at all.
import { z } from 'zod';
import { ASPECTS } from '../search/aspects.ts';
import { attachmentRef, geoLocation, MAX_ATTACHMENTS, SATISFACTION_LEVELS, type SatisfactionLevel } from '../feedback/record.ts';

const draft = z.object({
  /** Set when the draft is started; the record filed from it carries it as submissionId. */
  id: z.string().optional(),
  kind: z.enum(['phan-anh', 'kien-nghi', 'cau-hoi']),
  content: z.string().optional(),
  category: z.string().optional(),
  candidates: z.array(z.object({ id: z.string(), score: z.number() })).optional(),
  consentAt: z.string().optional(),
  name: z.string().optional(),
  phone: z.string().optional(),
  address: z.string().optional(),
  /** Photos already checked and kept (see feedback/attachments.ts). */
  attachments: z.array(attachmentRef).max(MAX_ATTACHMENTS).optional(),
  location: geoLocation.optional(),
});
export type FeedbackDraft = z.infer<typeof draft>;

export const FEEDBACK_STEPS = ['content', 'consent', 'name', 'contact', 'confirm'] as const;
export type FeedbackStep = (typeof FEEDBACK_STEPS)[number];

const flow = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('idle') }),
  /** A numbered list is on screen: a reply "1", "2" … picks from these entry ids. */
  z.object({ kind: z.literal('choosing'), options: z.array(z.string()) }),
  /** `editing`: a field is being corrected from the review step, which comes next. */
  z.object({ kind: z.literal('feedback'), step: z.enum(FEEDBACK_STEPS), draft, editing: z.boolean().optional() }),
  /** Waiting for a tracking code to look up. */
  z.object({ kind: z.literal('status') }),
  /** Waiting for the last digits of the phone given with this feedback, to show its answer. */
  z.object({ kind: z.literal('verify'), code: z.string() }),
  /** Waiting for the citizen's ward or commune; `question`: what they asked first, answered once it is known. */
  z.object({ kind: z.literal('unit'), question: z.string().optional() }),
  /** Just rated the answer to `code`: the next text is an optional comment on it. */
  z.object({ kind: z.literal('rating-comment'), code: z.string(), rating: z.enum(Object.keys(SATISFACTION_LEVELS) as [SatisfactionLevel, ...SatisfactionLevel[]]) }),
]);
export type Flow = z.infer<typeof flow>;

const session = z.object({
  flow,
  /** The last entry answered, for 👍/👎 and details. */
  lastEntryId: z.string().optional(),
  /** The entry just discussed, for follow-ups ("thế lệ phí bao nhiêu"); it expires after a while. */
  context: z.object({ entryId: z.string(), aspects: z.array(z.enum(ASPECTS)), at: z.string() }).optional(),
  /** The last question the bot could not answer well, to forward on request. */
  lastQuestion: z.object({ text: z.string(), candidates: z.array(z.object({ id: z.string(), score: z.number() })) }).optional(),
  /** No longer written (wrong digits are counted per code in the store, see status-lookup.ts); read in sessions saved before. */
  verifyFailures: z.record(z.string(), z.number().int()).optional(),
  /** The ward or commune the citizen chose, in a deployment serving several: kept when the rest of the session expires. */
  unit: z.string().optional(),
  /** The offer to subscribe to announcements was made (or answered): it is made once. */
  newsOffered: z.boolean().optional(),
  /** The entries this citizen has rated: one rating per entry counts; kept when the rest of the session expires. */
  rated: z.array(z.string()).optional(),
  /** The platform ids of the last messages handled (see IncomingMessage.id). */
  seen: z.array(z.string()).optional(),
  updatedAt: z.string(),
});
export type Session = z.infer<typeof session>;

/** Checks a stored session (from a file or a database row): what is not one is dropped. */
export const storedSession = session;

/** Sessions unused this long are forgotten. */
export const SESSION_TTL_MS = 24 * 3600 * 1000;

export const newSession = (now: Date): Session => ({ flow: { kind: 'idle' }, updatedAt: now.toISOString() });

/** Sessions unused this long are deleted, the chosen unit with them. */
export const SESSION_FORGET_MS = 30 * 24 * 3600 * 1000;

/** True for a session that holds nothing worth storing: idle, nothing discussed, chosen or remembered. */
export function isBlank(session: Session): boolean {
  return Object.entries(session).every(([key, value]) => key === 'updatedAt' || value === undefined || (key === 'flow' && session.flow.kind === 'idle'));
}

/**
 * A stored session as the conversation gets it: fresh when there is none, and when it has
 * expired, fresh but for the unit the citizen chose (nobody wants to be asked every day).
 */
export function restoreSession(stored: Session | undefined, now: Date): Session {
  if (!stored || now.getTime() - Date.parse(stored.updatedAt) >= SESSION_FORGET_MS) return newSession(now);
  // Not copied: every store hands over a session it has just parsed, which nobody else holds.
  if (now.getTime() - Date.parse(stored.updatedAt) < SESSION_TTL_MS) return stored;
  // Kept too: the offer to subscribe was made (it is made once), and the entries already rated.
  return {
    ...newSession(now),
    ...(stored.unit ? { unit: stored.unit } : {}),
    ...(stored.newsOffered ? { newsOffered: true } : {}),
    ...(stored.rated?.length ? { rated: [...stored.rated] } : {}),
  };
}

/** True when two sessions differ in more than their time stamp. */
export const sessionChanged = (a: Session | undefined, b: Session) => !a || JSON.stringify({ ...a, updatedAt: '' }) !== JSON.stringify({ ...b, updatedAt: '' });

/** The port the conversation keeps per-citizen state through (a lowdb file, or a database table). */
export interface SessionStore {
  /** The citizen's session, or a fresh one when there is none or it has expired. */
  get(key: string, now: Date): Promise<Session>;
  /**
   * Writes only a changed session: most messages (browsing, reading answers) change nothing
   * worth a write. A blank session (see isBlank) is not kept: the stored one, if any, goes.
   */
  save(key: string, value: Session, now: Date): Promise<void>;
  /**
   * Counts one message of the citizen in the per-citizen limit's window and reads their
   * session, in one go: a database store does both in one round trip. Stores that count
   * elsewhere (in memory) leave it out.
   */
  countAndGet?(key: string, now: Date, limit: { points: number; duration: number }): Promise<{ consumed: number; session: Session }>;
  close(): Promise<void>;
}
