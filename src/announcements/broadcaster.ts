// Sends announcements out: starts those whose time has come, and feeds each one being sent
// into its outbox a window at a time, subscribers in key order from where it left off (the
// cursor), so the outbox stays small however many subscribe. Message ids name the
// announcement and the subscriber, so feeding a window again (after a crash before the
// cursor was saved) queues nothing twice; the outbox delivers each message once, and on
// several replicas one replica feeds a broadcast (a lease) while all deliver it.
import { randomUUID } from 'node:crypto';
import type { NewOutboxMessage } from '../outbox/message.ts';
import { announcementText, messagePrefix, type Announcement, type AnnouncementOf } from './announcement.ts';
import { ANNOUNCEMENT_DESTINATION } from './delivery.ts';
import type { AnnouncementStore } from './store.ts';

/** What the broadcaster needs of the announcements outbox. */
export interface BroadcastOutbox {
  enqueue(messages: NewOutboxMessage[]): Promise<void>;
  pending(): Promise<{ id: string }[]>;
}

export interface BroadcasterOptions {
  store: AnnouncementStore;
  outbox: BroadcastOutbox;
  now?: () => Date;
  /** Messages of one broadcast waiting in the outbox at most. */
  window?: number;
  /** How often it looks for work while a broadcast runs, and when idle. */
  busyMs?: number;
  idleMs?: number;
  /** How long a replica's lease on feeding a broadcast lasts without renewal. */
  leaseMs?: number;
  log?: (line: string) => void;
}

export class Broadcaster {
  private readonly holder = randomUUID();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private started = false;
  private readonly now: () => Date;

  constructor(private readonly options: BroadcasterOptions) {
    this.now = options.now ?? (() => new Date());
  }

  start(): void {
    this.started = true;
    this.wake(0);
  }

  async stop(): Promise<void> {
    this.started = false;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Looks for work now (an announcement was just made). */
  wake(delayMs = 0): void {
    if (!this.started) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running ??= this.tick()
        .catch((err: unknown) => {
          this.options.log?.(`tin tuyên truyền: lỗi khi gửi: ${err instanceof Error ? err.message : String(err)}`);
          return false;
        })
        .then((busy) => {
          this.running = undefined;
          this.wake(busy ? (this.options.busyMs ?? 250) : (this.options.idleMs ?? 2_000));
        });
    }, delayMs);
    this.timer.unref();
  }

  /** One round: start what is due, feed what is being sent; true while a broadcast runs. */
  async tick(): Promise<boolean> {
    const { store } = this.options;
    const now = this.now();
    for (const a of await store.list({ status: ['scheduled'] })) {
      if (a.status === 'scheduled' && Date.parse(a.sendAt) <= now.getTime()) await startSending(store, a, now);
    }
    const sending = (await store.list({ status: ['sending'] })).filter((a): a is AnnouncementOf<'sending'> => a.status === 'sending');
    if (!sending.length) return false;
    const pending = await this.options.outbox.pending();
    for (const a of sending) await this.feed(a, pending);
    return true;
  }

  private async feed(a: AnnouncementOf<'sending'>, pending: { id: string }[]): Promise<void> {
    const { store, outbox } = this.options;
    if (!(await store.leaseFeed(a.id, this.holder, new Date(this.now().getTime() + (this.options.leaseMs ?? 30_000))))) return;
    const prefix = messagePrefix(a.id);
    const waiting = pending.filter((m) => m.id.startsWith(prefix)).length;
    const room = (this.options.window ?? 200) - waiting;
    if (room <= 0) return;
    const page = await store.subscribersAfter({ ...(a.unit ? { unit: a.unit } : {}) }, a.cursor, room);
    if (!page.length) {
      if (!waiting) {
        const finished = await store.replace(a.id, ['sending'], { ...a, status: 'sent', finishedAt: this.now().toISOString() });
        if (finished) this.options.log?.(`tin tuyên truyền ${a.id}: đã gửi xong`);
      }
      return;
    }
    const text = announcementText(a);
    await outbox.enqueue(
      page.map((s) => ({ id: `${prefix}${s.key}`, destination: ANNOUNCEMENT_DESTINATION, kind: 'announcement' as const, to: s.to, ...(a.unit ? { unit: a.unit } : {}), text })),
    );
    await store.advance(a.id, page.at(-1)!.key);
  }
}

/** Moves a scheduled announcement to sending, its audience counted now; the sending one, or undefined if another process did it first. */
export async function startSending(store: AnnouncementStore, a: Announcement, now: Date): Promise<AnnouncementOf<'sending'> | undefined> {
  if (a.status !== 'scheduled' && a.status !== 'draft') return undefined;
  const recipients = await store.countSubscribers({ ...(a.unit ? { unit: a.unit } : {}) });
  const sendAt = a.status === 'scheduled' ? a.sendAt : now.toISOString();
  const next: AnnouncementOf<'sending'> = { ...a, status: 'sending', sendAt, startedAt: now.toISOString(), recipients, delivered: 0, failed: 0, blocked: 0 };
  return (await store.replace(a.id, [a.status], next)) as AnnouncementOf<'sending'> | undefined;
}
