// Assembles the bot from its parts: knowledge and engine (reloaded when staff edit the
// files), feedback storage, sessions, limits, the outbox and its destinations, and the
// conversation core. Channels plug in routes.
import { join } from 'node:path';
import type { Agent } from 'node:https';
import { AnnouncementActions } from '../announcements/actions.ts';
import { Broadcaster } from '../announcements/broadcaster.ts';
import { AnnouncementDestination } from '../announcements/delivery.ts';
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
import { webAnnouncementDestination, WebPushSender } from '../web/citizen/web-push.ts';
import type { AppConfig } from './config.ts';
import { LiveKnowledge } from './live-knowledge.ts';
import { clockFor } from '../time/clock.ts';
import { requeueMissingNotifications } from './requeue-notifications.ts';

export const STAFF_FILE_DESTINATION = 'staff-file';
/** The event a replica publishes after editing the shared knowledge folder. */
export const KNOWLEDGE_CHANGED = 'knowledge-changed';

/** Told to every process sharing the store when an announcement is to be sent: their broadcasters look at once. */
export const ANNOUNCEMENT_QUEUED = 'announcement-queued';
/** Broadcast messages waiting in the outbox, and deliveries under way, at once: enough for the fastest pace. */
const BROADCAST_CONCURRENCY = 64;

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
  /** Broadcast messages a second, per channel (across the replicas). */
  broadcastRates?: ConstructorParameters<typeof AnnouncementDestination>[0]['rates'];
  /** Web push: who runs the server (mailto: or https:), the chat page a notification opens; an agent only in tests. */
  webPush?: { subject: string; pageUrl: string; agent?: Agent };
}

export async function openBot(config: Pick<AppConfig, 'TTHC_KNOWLEDGE_DIRS' | 'TTHC_DATA_DIR'> & Partial<Pick<AppConfig, 'TTHC_TODAY'>>, options: BotOptions = {}) {
  const log = options.log ?? silentLog;
  // The one clock: TTHC_TODAY moves the calendar for previews and tests.
  const now = options.now ?? clockFor(config.TTHC_TODAY);
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
    store = options.store ?? (await openLowdbStore(dataDir, { now }));
    const { feedback, sessions } = store;
    const webInbox = new WebInbox(store.webInbox, store.events);
    const accounts = new StaffAccounts(store.accounts, now, store.failedAttempts('staff-login', UNKNOWN_NAME_WINDOW_MS));
    // One ward on one machine: the staff inbox file is always written, so Home Affairs keeps
    // a local record even when every chat group is unreachable. A province reads the database.
    const staff = [...(store.kind === 'lowdb' ? [new FileDestination(STAFF_FILE_DESTINATION, join(dataDir, 'staff-inbox.jsonl'))] : []), ...(options.staffDestinations ?? [])];
    const staffDestinations = staff.map((d) => d.name);
    const outbox = await Outbox.over(store.outbox('notifications'), {
      destinations: [...staff, new RoutedDestination(CITIZEN_DESTINATION, { web: webInbox.destination(), ...options.citizenRoutes })],
      now,
      backoff: options.backoff,
      claimMs: options.claimMs,
      log: (line) => log.warn(line),
    });
    stops.push(() => outbox.stop());
    const replies = await Outbox.over(store.outbox('replies'), {
      destinations: options.replyDestinations ?? [],
      now,
      // A reply's id only has to outlive the platform redelivering what it answers.
      keepDeliveredDays: 2,
      backoff: options.backoff ?? REPLY_BACKOFF,
      claimMs: options.claimMs,
      log: (line) => log.warn(line),
    });
    stops.push(() => replies.stop());
    const push = new WebPushSender(store.announcements, options.webPush?.subject ?? 'mailto:tthc-bot@localhost', options.webPush?.agent);
    const broadcastOutbox = await Outbox.over(store.outbox('announcements'), {
      destinations: [
        new AnnouncementDestination({
          store: store.announcements,
          routes: { web: webAnnouncementDestination(webInbox.destination(), store.announcements, push, options.webPush?.pageUrl ?? '/'), ...options.citizenRoutes },
          rates: options.broadcastRates,
          now,
          log: (line) => log.info(line),
        }),
      ],
      now,
      // Only as long as a broadcast may need them to recognise a subscriber already sent to.
      keepDeliveredDays: 2,
      concurrency: BROADCAST_CONCURRENCY,
      claimMs: options.claimMs,
      log: (line) => log.warn(line),
    });
    stops.push(() => broadcastOutbox.stop());
    const broadcaster = new Broadcaster({ store: store.announcements, outbox: broadcastOutbox, now, log: (line) => log.info(line), window: BROADCAST_CONCURRENCY * 3 });
    stops.push(() => broadcaster.stop());
    const events = store.events;
    events.subscribe(ANNOUNCEMENT_QUEUED, () => broadcaster.wake());
    const announcements = new AnnouncementActions({
      store: store.announcements,
      unitExists: (id) => !!knowledge.current().units.get(id),
      now,
      onQueued: async () => {
        broadcaster.wake();
        await events.publish(ANNOUNCEMENT_QUEUED, '').catch(() => undefined);
      },
    });
    const broadcast = {
      outbox: broadcastOutbox,
      broadcaster,
      start: () => {
        broadcastOutbox.start();
        broadcaster.start();
      },
    };
    const requeued = await requeueMissingNotifications(feedback, outbox, staffDestinations, now(), (id) => knowledge.current().units.get(id)?.name);
    if (requeued) log.warn(`Đã xếp lại vào hàng gửi ${requeued} thông báo bị gián đoạn ở lần chạy trước.`);
    const conversation = new Conversation({
      knowledge: () => knowledge.current(),
      feedback,
      attachments: store.attachments,
      outbox,
      sessions,
      staffDestinations,
      messageLimit: new MessageLimit(store.messageLimiter),
      now,
      announcements: store.announcements,
      trackingCodeFailures: store.failedAttempts('tracking-code', VERIFY_WINDOW_MS),
    });
    if (options.watchKnowledge) {
      knowledge.watch();
      // Another replica edited the shared folder: look now rather than at the next poll.
      store.events.subscribe(KNOWLEDGE_CHANGED, () => void knowledge.checkForChanges());
    }
    return { knowledge, store, now, feedback, sessions, outbox, replies, staffDestinations, conversation, webInbox, accounts, dataDir, log, close, announcements, broadcast, push };
  } catch (err) {
    await close();
    throw err;
  }
}
export type Bot = Awaited<ReturnType<typeof openBot>>;
