// Everything the bot keeps, as one bundle of ports: a lowdb data folder for one ward on
// one machine (storage/lowdb), or a PostgreSQL database shared by the replicas of a
// province deployment (storage/postgres). The core sees only the ports.
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { AnnouncementStore } from '../announcements/store.ts';
import type { FailedAttempts } from '../attempts/failed-attempts.ts';
import type { SessionStore } from '../conversation/session.ts';
import type { ChatTranscriptStore } from '../conversation/transcript.ts';
import type { FeedbackRepository } from '../feedback/record.ts';
import type { AttachmentStore } from '../feedback/attachments.ts';
import type { CitizenInboxStore } from '../outbox/citizen-inbox.ts';
import type { OptionsMemory } from '../channels/numbered-options.ts';
import type { UpdateClaims } from '../channels/update-claims.ts';
import type { HandledIds } from '../outbox/handled-ids.ts';
import type { OutboxStore } from '../outbox/store.ts';
import type { StaffAccountStore } from '../staff/accounts.ts';

/** Which outbox: notifications (feedback to staff, answers to citizens), channel replies, or announcements to subscribers. */
export type OutboxName = 'notifications' | 'replies' | 'announcements';

/**
 * Messages between the processes sharing a store (a knowledge file changed, a message for a
 * citizen's open web page). With one process they stay in it.
 */
export interface StoreEvents {
  publish(topic: string, payload: string): Promise<void>;
  /** Returns the unsubscribe function. */
  subscribe(topic: string, handler: (payload: string) => void): () => void;
}

export interface BotStore {
  readonly kind: 'lowdb' | 'postgres';
  /** Where it is, for logs: the data folder, or the database without its password. */
  readonly where: string;
  feedback: FeedbackRepository;
  /** Photos attached to feedback. */
  attachments: AttachmentStore;
  sessions: SessionStore;
  outbox(name: OutboxName): OutboxStore;
  /** Counts for the per-citizen message limit (shared by every replica). */
  messageLimiter: RateLimiterAbstract;
  accounts: StaffAccountStore;
  webInbox: CitizenInboxStore;
  /** What each web citizen and the bot said, for a reloaded page. */
  transcripts: ChatTranscriptStore;
  /** The ids a channel has handled, by scope ("telegram-sent", "zalo-bot-received"…). */
  handledIds(scope: string): HandledIds;
  /** Claims on incoming updates, by scope ("telegram-updates"…): each handled once across replicas. */
  updateClaims(scope: string): UpdateClaims;
  /** The numbered options each chat of a channel without buttons was last shown, by scope ("zalo-bot"). */
  chatOptions(scope: string): OptionsMemory;
  events: StoreEvents;
  /** Announcements to subscribers, and the subscriptions. */
  announcements: AnnouncementStore;
  /** Failed tries of one kind ("tracking-code", "staff-login"), counted across sessions and replicas, forgotten `windowMs` after the last. */
  failedAttempts(scope: string, windowMs: number): FailedAttempts;
  /** The key that signs web cookies: WEB_SESSION_SECRET, or one made once and kept in the store. */
  webSecret(configured?: string): Promise<Buffer>;
  close(): Promise<void>;
}
