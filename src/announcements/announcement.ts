// An announcement (tin tuyên truyền) a ward sends to its subscribers: what it says, who it
// is for, and where it stands (a draft staff are still editing, one waiting for its time,
// one being sent, one sent), with its delivery counts. Channels only see its text.
import { z } from 'zod';

export const MAX_TITLE_CHARS = 120;
export const MAX_TEXT_CHARS = 1_000;
export const MAX_LINK_CHARS = 500;

export const ANNOUNCEMENT_STATUSES = {
  draft: 'Bản nháp',
  scheduled: 'Chờ đến giờ gửi',
  sending: 'Đang gửi',
  sent: 'Đã gửi',
} as const;
export type AnnouncementStatus = keyof typeof ANNOUNCEMENT_STATUSES;

/** How many a broadcast reached: delivered, refused for good, and subscribers found to have blocked the bot. */
export interface DeliveryCounts {
  delivered: number;
  failed: number;
  blocked: number;
}

const counts = { delivered: z.number().int().min(0), failed: z.number().int().min(0), blocked: z.number().int().min(0) };
const base = {
  id: z.string().min(1),
  title: z.string().min(1).max(MAX_TITLE_CHARS),
  text: z.string().min(1).max(MAX_TEXT_CHARS),
  link: z.string().max(MAX_LINK_CHARS).optional(),
  /** The ward it is for; none: every subscriber of the deployment (province-wide, or a single ward's deployment). */
  unit: z.string().optional(),
  createdAt: z.string(),
  createdBy: z.string(),
  /** Made by the bot (after a catalogue import) for staff to edit, rather than written by them. */
  origin: z.enum(['staff', 'catalog-import']).default('staff'),
};

/** A stored announcement; each status carries exactly what it has. */
export const storedAnnouncement = z.discriminatedUnion('status', [
  z.object({ ...base, status: z.literal('draft') }),
  z.object({ ...base, status: z.literal('scheduled'), sendAt: z.string() }),
  z.object({
    ...base,
    status: z.literal('sending'),
    sendAt: z.string(),
    startedAt: z.string(),
    /** Subscribers of its audience when sending started. */
    recipients: z.number().int().min(0),
    /** The last subscriber handed to the outbox (subscribers go in key order). */
    cursor: z.string().optional(),
    ...counts,
  }),
  z.object({ ...base, status: z.literal('sent'), sendAt: z.string(), startedAt: z.string(), finishedAt: z.string(), recipients: z.number().int().min(0), ...counts }),
]);
export type Announcement = z.infer<typeof storedAnnouncement>;
export type AnnouncementOf<S extends AnnouncementStatus> = Extract<Announcement, { status: S }>;

/** Who receives it: one ward's subscribers, or everyone's. */
export type Audience = { unit?: string };

/** The outbox id prefix of an announcement's messages: "ann:<id>:". */
export const messagePrefix = (id: string) => `ann:${id}:`;

/** The announcement an outbox message belongs to, from its id. */
export function announcementOfMessage(messageId: string): string | undefined {
  const m = /^ann:([^:]+):/.exec(messageId);
  return m?.[1];
}

/** The text every channel sends: the title on its own first line (channels set it off), the text, the link. */
export function announcementText(a: Pick<Announcement, 'title' | 'text' | 'link'>): string {
  return [a.title.trim(), a.text.trim(), a.link?.trim()].filter(Boolean).join('\n');
}

/** Counts of an announcement that has none yet (a draft, a scheduled one): zero. */
export function countsOf(a: Announcement): DeliveryCounts & { recipients: number } {
  return 'recipients' in a ? { recipients: a.recipients, delivered: a.delivered, failed: a.failed, blocked: a.blocked } : { recipients: 0, delivered: 0, failed: 0, blocked: 0 };
}
