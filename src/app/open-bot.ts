// Assembles the bot from its parts: knowledge and engine (reloaded when staff edit the
// files), feedback storage, sessions, limits, the outbox and its destinations, and the
// conversation core. Channels plug in routes.
import { join } from 'node:path';
import type { Channel } from '../address/address.ts';
import { Conversation } from '../conversation/conversation.ts';
import { MessageLimit } from '../conversation/rate-limits.ts';
import { VERIFY_WINDOW_MS } from '../conversation/status-lookup.ts';
import { CITIZEN_DESTINATION } from '../feedback/notifications.ts';
import { silentLog, type Log } from '../logging/log.ts';
import { FileDestination } from '../outbox/file-destination.ts';
import type { Backoff } from '../outbox/backoff.ts';
import type { Destination } from '../outbox/message.ts';
import { Outbox } from '../outbox/outbox.ts';
import { RoutedDestination } from '../outbox/routed-destination.ts';
import type { BotStore } from '../storage/bot-store.ts';
import { openLowdbStore } from '../storage/lowdb/open-lowdb-store.ts';
import { StaffAccounts, UNKNOWN_NAME_WINDOW_MS } from '../staff/accounts.ts';
import { WebInbox } from '../web/citizen/web-inbox.ts';
import type { AppConfig } from './config.ts';
import { LiveKnowledge } from './live-knowledge.ts';
import { requeueMissingNotifications } from './requeue-notifications.ts';

export const STAFF_FILE_DESTINATION = 'staff-file';
/** The event a replica publishes after editing the shared knowledge folder. */
export const KNOWLEDGE_CHANGED = 'knowledge-changed';

/** A citizen waits for a reply: retried sooner than notifications, and never more than a minute apart. */
const REPLY_BACKOFF = { initialMs: 500, maxMs: 60_000, factor: 2 };

export interface BotOptions {
  /** How staff answers reach citizens on each channel. */
  citizenRoutes?: Partial<Record<Channel, Destination>>;
  /** Where forwarded feedback goes besides the local staff inbox file. */
  staffDestinations?: Destination[];
  /**
   * Channels whose replies go through a durable queue (the Zalo channels): their reply
   * destinations. Replies have their own outbox file, so a busy chat does not rewrite the
   * feedback outbox with every answer.
   */
  replyDestinations?: Destination[];
  now?: () => Date;
  /** Retry waits of both outboxes (tests shorten them). */
  backoff?: Backoff;
  /** How long a replica has to deliver a message it took before another replica takes it over. */
  claimMs?: number;
  log?: Log;
  /** Reload the knowledge when its files change (the running bot does; one-shot commands need not). */
  watchKnowledge?: boolean;
  /** An opened store (PostgreSQL); the lowdb data folder TTHC_DATA_DIR otherwise. The bot closes it. */
  store?: BotStore;
}

export async function openBot(config: Pick<AppConfig, 'TTHC_KNOWLEDGE_DIRS' | 'TTHC_DATA_DIR'>, options: BotOptions = {}) {
  const log = options.log ?? silentLog;
  const now = options.now ?? (() => new Date());
  const knowledge = LiveKnowledge.open(config.TTHC_KNOWLEDGE_DIRS, log);
  const dataDir = config.TTHC_DATA_DIR;
  let store: BotStore | undefined;
  const stops: (() => Promise<void>)[] = [];
  const close = async () => {
    knowledge.stop();
    try {
      for (const stop of stops.reverse()) await stop();
    } finally {
      await store?.close();
    }
  };
  try {
    store = options.store ?? (await openLowdbStore(dataDir, { now: options.now }));
    const { feedback, sessions } = store;
    const webInbox = new WebInbox(store.webInbox, store.events);
    const accounts = new StaffAccounts(store.accounts, now, store.failedAttempts('staff-login', UNKNOWN_NAME_WINDOW_MS));
    // One ward on one machine: the staff inbox file is always written, so Home Affairs keeps
    // a local record even when every chat group is unreachable. A province reads the database.
    const staff = [...(store.kind === 'lowdb' ? [new FileDestination(STAFF_FILE_DESTINATION, join(dataDir, 'staff-inbox.jsonl'))] : []), ...(options.staffDestinations ?? [])];
    const staffDestinations = staff.map((d) => d.name);
    const outbox = await Outbox.over(store.outbox('notifications'), {
      destinations: [...staff, new RoutedDestination(CITIZEN_DESTINATION, { web: webInbox.destination(), ...options.citizenRoutes })],
      now: options.now,
      backoff: options.backoff,
      claimMs: options.claimMs,
      log: (line) => log.warn(line),
    });
    stops.push(() => outbox.stop());
    const replies = await Outbox.over(store.outbox('replies'), {
      destinations: options.replyDestinations ?? [],
      now: options.now,
      // A reply's id only has to outlive the platform redelivering what it answers.
      keepDeliveredDays: 2,
      backoff: options.backoff ?? REPLY_BACKOFF,
      claimMs: options.claimMs,
      log: (line) => log.warn(line),
    });
    stops.push(() => replies.stop());
    const requeued = await requeueMissingNotifications(feedback, outbox, staffDestinations, now(), (id) => knowledge.current().units.get(id)?.name);
    if (requeued) log.warn(`Đã xếp lại vào hàng gửi ${requeued} thông báo bị gián đoạn ở lần chạy trước.`);
    const conversation = new Conversation({
      knowledge: () => knowledge.current(),
      feedback,
      outbox,
      sessions,
      staffDestinations,
      messageLimit: new MessageLimit(store.messageLimiter),
      trackingCodeFailures: store.failedAttempts('tracking-code', VERIFY_WINDOW_MS),
      now: options.now,
    });
    if (options.watchKnowledge) {
      knowledge.watch();
      // Another replica edited the shared folder: look now rather than at the next poll.
      store.events.subscribe(KNOWLEDGE_CHANGED, () => void knowledge.checkForChanges());
    }
    return { knowledge, store, feedback, sessions, outbox, replies, staffDestinations, conversation, webInbox, accounts, dataDir, log, close };
  } catch (err) {
    await close();
    throw err;
  }
}
export type Bot = Awaited<ReturnType<typeof openBot>>;
