// What a citizen's feedback (phản ánh, kiến nghị under Decree 20/2008/NĐ-CP) or a
// forwarded unanswered question is, as stored and as staff handle it.
import { z } from 'zod';
import { CHANNELS, citizenAddress, type Channel } from '../address/address.ts';
import { CATEGORIES } from '../knowledge/schema.ts';


export const FEEDBACK_KINDS = {
  'phan-anh': 'Phản ánh',
  'kien-nghi': 'Kiến nghị',
  'cau-hoi': 'Câu hỏi chưa có câu trả lời',
  // Not filed by citizens through the bot (they are steered to their own procedures), but
  // staff may reclassify a record as one, and its legal time limit follows.
  'khieu-nai': 'Khiếu nại',
  'to-cao': 'Tố cáo',
} as const;
export type FeedbackKind = keyof typeof FEEDBACK_KINDS;

export const FEEDBACK_STATUSES = {
  moi: 'Mới',
  'dang-xu-ly': 'Đang xử lý',
  'da-tra-loi': 'Đã trả lời',
  'da-chuyen': 'Đã chuyển cơ quan khác',
  'da-dong': 'Đã đóng',
} as const;
export type FeedbackStatus = keyof typeof FEEDBACK_STATUSES;

/** mới → đang xử lý → đã trả lời / đã chuyển cơ quan khác / đã đóng; a closed record may be reopened. */
export const NEXT_STATUSES: Readonly<Record<FeedbackStatus, readonly FeedbackStatus[]>> = {
  moi: ['dang-xu-ly', 'da-tra-loi', 'da-chuyen', 'da-dong'],
  'dang-xu-ly': ['da-tra-loi', 'da-chuyen', 'da-dong'],
  'da-tra-loi': ['da-dong', 'dang-xu-ly'],
  'da-chuyen': ['da-dong', 'dang-xu-ly'],
  'da-dong': ['dang-xu-ly'],
};

/** Photos a citizen may add to one feedback. */
export const MAX_ATTACHMENTS = 5;

export const attachmentRef = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  type: z.literal('image/jpeg'),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  bytes: z.number().int().positive(),
});
export type AttachmentRef = z.infer<typeof attachmentRef>;

export const geoLocation = z.object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) });
export type GeoLocation = z.infer<typeof geoLocation>;

export const SATISFACTION_LEVELS = {
  'hai-long': 'Hài lòng',
  'binh-thuong': 'Bình thường',
  'khong-hai-long': 'Không hài lòng',
} as const;
export type SatisfactionLevel = keyof typeof SATISFACTION_LEVELS;

export const satisfaction = z.object({
  rating: z.enum(Object.keys(SATISFACTION_LEVELS) as [SatisfactionLevel, ...SatisfactionLevel[]]),
  /** When first given; it may be changed for a while after (see feedback/satisfaction.ts). */
  at: z.string(),
  changedAt: z.string().optional(),
  comment: z.string().max(1000).optional(),
});
export type Satisfaction = z.infer<typeof satisfaction>;

const categoryIds = Object.keys(CATEGORIES) as [keyof typeof CATEGORIES, ...(keyof typeof CATEGORIES)[]];

export const feedbackRecord = z.object({
  /** Tracking code given to the citizen, e.g. "PA-K7M3QX". */
  code: z.string(),
  kind: z.enum(Object.keys(FEEDBACK_KINDS) as [FeedbackKind, ...FeedbackKind[]]),
  category: z.enum(categoryIds).optional(),
  content: z.string().min(1),
  /** Personal data: shown to staff only, never logged. */
  sender: z.object({
    name: z.string().min(1),
    phone: z.string().optional(),
    address: z.string().optional(),
    /** When the citizen agreed to their data being used to handle this feedback. */
    consentAt: z.string(),
  }),
  from: citizenAddress,
  createdAt: z.string(),
  status: z.enum(Object.keys(FEEDBACK_STATUSES) as [FeedbackStatus, ...FeedbackStatus[]]),
  /**
   * Who did what and when. A line with an `action` records a change other than the status
   * (the status it shows is the one the record kept): an assignment (`value`: the officer,
   * empty when taken back), a corrected field or kind (`value`: the new one, `previous`: the old).
   */
  history: z.array(
    z.object({
      at: z.string(),
      status: z.string(),
      by: z.string(),
      note: z.string().optional(),
      action: z.enum(['assign', 'category', 'kind']).optional(),
      value: z.string().optional(),
      previous: z.string().optional(),
    }),
  ),
  answer: z.object({ text: z.string(), by: z.string(), at: z.string() }).optional(),
  /** For a forwarded question: what the engine offered, so staff can improve the knowledge. */
  candidates: z.array(z.object({ id: z.string(), score: z.number() })).optional(),
  /** The draft this record was filed from: confirming the same draft twice files it once. */
  submissionId: z.string().optional(),
  /** The ward or commune it was sent to, in a deployment serving several (see knowledge/units/). */
  unit: z.string().optional(),
  /** The last day to handle it (YYYY-MM-DD, Vietnam), from the time limits in force when it was received. */
  due: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  /** The staff account (username) responsible for it. */
  assignee: z.string().optional(),
  /** Photos the citizen sent, checked and re-encoded (no metadata): kept by the attachment store. */
  attachments: z.array(attachmentRef).max(MAX_ATTACHMENTS).optional(),
  /** The place the citizen chose to share. */
  location: geoLocation.optional(),
  /** The citizen's rating of the answer: one per record, changeable for a while. */
  satisfaction: satisfaction.optional(),
});
export type FeedbackRecord = z.infer<typeof feedbackRecord>;

export type NewFeedback = Pick<FeedbackRecord, 'kind' | 'category' | 'content' | 'sender' | 'from' | 'candidates' | 'submissionId' | 'unit' | 'due' | 'attachments' | 'location'>;

/** A change staff make to a record other than its status or answer (see feedback/casework-changes.ts). */
export type RecordChange =
  | { action: 'assign'; assignee: string | undefined }
  | { action: 'category'; category: NonNullable<FeedbackRecord['category']> }
  | { action: 'kind'; kind: FeedbackKind; due: string | undefined };

/** A question the bot could not answer, or whose answer the citizen found unhelpful. No personal data. */
export const unansweredQuestion = z.object({
  /** Given when logged; questions logged by older versions get one derived from `at` and `query` when read. */
  id: z.string().optional(),
  at: z.string(),
  channel: z.enum(CHANNELS),
  query: z.string(),
  reason: z.enum(['no-answer', 'not-helpful']),
  candidates: z.array(z.object({ id: z.string(), score: z.number() })),
  /** The ward or commune the citizen chose, in a deployment serving several. */
  unit: z.string().optional(),
  /** Set when staff dealt with it: added as a sample question to an entry, or dismissed. */
  resolved: z
    .object({ how: z.enum(['added', 'dismissed']), entryId: z.string().optional(), by: z.string(), at: z.string() })
    .optional(),
});
export type UnansweredQuestion = z.infer<typeof unansweredQuestion>;
export type Resolution = NonNullable<UnansweredQuestion['resolved']>;

export interface FeedbackFilter {
  status?: FeedbackStatus;
  category?: keyof typeof CATEGORIES;
  channel?: Channel;
  /** ISO dates or Vietnamese calendar days (YYYY-MM-DD), inclusive. */
  from?: string;
  to?: string;
  /** Words that must all occur, without diacritics or case, in the code, content, sender or answer. */
  text?: string;
  /** Only this ward's or commune's records. */
  unit?: string;
  /** Only records assigned to this staff account. */
  assignee?: string;
  /** Only records still to handle ("mới", "đang xử lý"). */
  open?: boolean;
  /** Only records due on this day (YYYY-MM-DD). */
  dueOn?: string;
  /** The order of lists and pages: newest first (the default), or the nearest deadline first (records without one last). */
  sort?: 'newest' | 'deadline';
}

/** A page of an inbox: records newest first, and how many match in all. */
export interface FeedbackPage {
  records: FeedbackRecord[];
  total: number;
}

/** The port the conversation and the staff tools use; the lowdb implementation lives in src/storage. */
export interface FeedbackRepository {
  /**
   * Resolves only once the record is durably on disk: the code it returns may be given to
   * the citizen. A `submissionId` already filed returns that record instead of a new one.
   */
  submit(feedback: NewFeedback): Promise<FeedbackRecord>;
  get(code: string): Promise<FeedbackRecord | undefined>;
  /** How many records this citizen has filed since `since` (for the daily limit). */
  countFrom(citizen: Pick<FeedbackRecord['from'], 'channel' | 'userId'>, since: Date): Promise<number>;
  /** Every matching record, newest first. */
  list(filter?: FeedbackFilter): Promise<FeedbackRecord[]>;
  /** One page of the matching records, newest first. */
  page(filter: FeedbackFilter, offset: number, limit: number): Promise<FeedbackPage>;
  /** Records the official answer and sets the status to "da-tra-loi". */
  answer(code: string, text: string, by: string): Promise<FeedbackRecord>;
  /** Applies a staff change (assignment, field, kind) with its history line. */
  amend(code: string, change: RecordChange, by: string): Promise<FeedbackRecord>;
  /** Records the citizen's rating; throws (in Vietnamese) when it may no longer be given or changed. */
  rate(code: string, rating: Satisfaction['rating'], comment?: string): Promise<FeedbackRecord>;
  /** Throws when the transition is not allowed (see NEXT_STATUSES). */
  setStatus(code: string, status: FeedbackStatus, by: string, note?: string): Promise<FeedbackRecord>;
  logUnanswered(question: UnansweredQuestion): Promise<void>;
  /** Newest first; `open` leaves out the questions staff have dealt with. */
  unanswered(filter?: Pick<FeedbackFilter, 'from' | 'to' | 'unit'> & { open?: boolean }): Promise<UnansweredQuestion[]>;
  /** Marks questions (by id) as dealt with; with `unit`, only that ward's or commune's questions (another's ids change nothing). */
  resolveUnanswered(ids: readonly string[], resolution: Resolution, scope?: { unit?: string }): Promise<number>;
  /**
   * Puts records and questions back exactly as they were (moving from one store to another):
   * a code or question id already here is left alone. Returns how many were added.
   */
  restore(records: readonly FeedbackRecord[], questions: readonly UnansweredQuestion[]): Promise<{ feedback: number; unanswered: number }>;
}
