// The outbox: messages are written to a data file before anything is sent, then a
// dispatcher delivers them, retrying with backoff until each destination accepts.
//
// Delivery guarantee. A message is removed from `pending` (and logged as delivered) in
// the same atomic write, right after its destination accepted it, so it is never sent
// again — in this run or after a restart. One window cannot be closed from here: a crash
// after the destination accepted but before that write reaches the disk. The message is
// then sent again after the restart, with the same `id`, which is why the Destination
// contract requires dropping an id already delivered (FileDestination keeps the ids it
// has written; a chat destination must remember the ids it has sent).
//
// Order. Each destination, and within it each citizen's chat, has its own lane: a
// destination or a chat that keeps failing delays only its own messages, and a slow send
// to one chat does not hold up the others. Within a lane messages go strictly in enqueue
// order and a failed message holds back the ones behind it, so a citizen's replies never
// arrive out of order and a staff answer never overtakes the feedback it answers.
//
// A destination that can never deliver a message (the platform refuses it for good) throws
// PermanentDeliveryError: the message leaves the queue, is recorded as undeliverable (id,
// destination, error: no text) and the lane moves on.
//
// Logs name ids, destinations, tracking codes and error messages, never message text
// (it may contain personal data).
import { randomUUID } from 'node:crypto';
import type { JsonDocument } from '../storage/json-document.ts';
import { DEFAULT_BACKOFF, retryDelay, type Backoff } from './backoff.ts';
import { PermanentDeliveryError, type Destination, type NewOutboxMessage, type OutboxMessage, type OutboxPort } from './message.ts';
import { openOutboxFile, toOutboxMessage, type OutboxData, type QueuedMessage } from './outbox-file.ts';

export interface OutboxOptions {
  /** The outbox data file. */
  file: string;
  destinations: Destination[];
  now?: () => Date;
  /** In [0, 1), for the retry jitter. */
  random?: () => number;
  backoff?: Backoff;
  /**
   * Longest the dispatch loop sleeps while messages wait for a retry. Retry times are wall-clock
   * times in the file while timers run on a monotonic clock; waking regularly keeps a clock
   * change from delaying retries.
   */
  pollMs?: number;
  /** How long delivered ids are kept (for dedupe checks and for staff to look up). */
  keepDeliveredDays?: number;
  log?: (line: string) => void;
}

/** What staff see of a waiting message: no text, no citizen address. */
export interface PendingView {
  id: string;
  destination: string;
  kind: OutboxMessage['kind'];
  code?: string;
  createdAt: string;
  /** Failed attempts so far. */
  attempts: number;
  nextAttemptAt: string;
  lastError?: string;
}

export interface FlushResult {
  delivered: number;
  /** Destinations whose head message failed in this run. */
  failed: number;
  /** Messages still waiting after the run. */
  pending: number;
}

const DAY_MS = 24 * 60 * 60_000;

type Settings = Required<Pick<OutboxOptions, 'now' | 'random' | 'backoff' | 'pollMs' | 'log'>> & { keepDeliveredMs: number };

export class Outbox implements OutboxPort {
  private timer: NodeJS.Timeout | undefined;
  private started = false;
  /** Set while stopping: lanes finish the delivery in flight and take no further message. */
  private halting = false;
  /** Lanes being drained: a lane is drained by one run at a time, so a message is never handed to its destination twice at once. */
  private readonly draining = new Map<string, Promise<void>>();
  /** Ids enqueued in memory whose write has not resolved yet: not to be delivered before they are on disk. */
  private readonly unwritten = new Set<string>();

  private constructor(
    private readonly doc: JsonDocument<OutboxData>,
    private readonly destinations: ReadonlyMap<string, Destination>,
    private readonly settings: Settings,
  ) {}

  /** Opens (or creates) the outbox file; throws DataFileCorruptError when it is damaged. */
  static async open(options: OutboxOptions): Promise<Outbox> {
    const destinations = new Map<string, Destination>();
    for (const d of options.destinations) {
      if (destinations.has(d.name)) throw new Error(`Hai nơi nhận trùng tên "${d.name}"`);
      destinations.set(d.name, d);
    }
    const outbox = new Outbox(await openOutboxFile(options.file), destinations, {
      now: options.now ?? (() => new Date()),
      random: options.random ?? Math.random,
      backoff: options.backoff ?? DEFAULT_BACKOFF,
      pollMs: options.pollMs ?? 30_000,
      keepDeliveredMs: (options.keepDeliveredDays ?? 30) * DAY_MS,
      log: options.log ?? ((line) => console.error(line)),
    });
    if (outbox.doc.data.delivered.some((r) => outbox.isExpired(r.at))) await outbox.doc.update((d) => outbox.prune(d));
    return outbox;
  }

  async enqueue(messages: NewOutboxMessage[]): Promise<void> {
    const known = this.knownIds();
    const fresh = messages.filter((m) => m.id === undefined || (!known.has(m.id) && !this.unwritten.has(m.id) && !!known.add(m.id)));
    if (fresh.length === 0) return;
    const at = this.settings.now().toISOString();
    const queued: QueuedMessage[] = fresh.map((m) => ({ ...m, id: m.id ?? randomUUID(), createdAt: at, attempts: 0, nextAttemptAt: at }));
    for (const m of queued) this.unwritten.add(m.id);
    try {
      await this.doc.update(
        (d) => {
          d.pending.push(...queued);
        },
        // Not on disk, so not queued: the caller is told and may enqueue again without a duplicate.
        (d) => {
          d.pending = d.pending.filter((m) => !queued.includes(m));
        },
      );
    } finally {
      for (const m of queued) this.unwritten.delete(m.id);
    }
    if (this.started) this.wake(0);
  }

  /** The ids of every message waiting or delivered (within the days delivered ids are kept). */
  knownIds(): Set<string> {
    return new Set([...this.doc.data.pending.map((m) => m.id), ...this.doc.data.delivered.map((r) => r.id)]);
  }

  /** Messages not delivered yet, oldest first. */
  pending(): PendingView[] {
    return this.doc.data.pending.map(({ text: _text, to: _to, ...view }) => view);
  }

  /** Starts delivering in the background (timers do not keep the process alive). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.wake(0);
  }

  /** Stops the background delivery; resolves once the delivery in flight, if any, is recorded. */
  async stop(): Promise<void> {
    this.started = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.halting = true;
    try {
      await this.settled();
    } finally {
      this.halting = false;
    }
  }

  /** Stops delivering and closes the data file (its last backup included). */
  async close(): Promise<void> {
    await this.stop();
    await this.doc.close();
  }

  /** Delivers every message that is due now, after the deliveries already under way. */
  async flush(): Promise<FlushResult> {
    await this.settled();
    const tally = { delivered: 0, failed: 0 };
    await Promise.all(this.drainIdleLanes(tally));
    return { ...tally, pending: this.doc.data.pending.length };
  }

  /** Resolves once no lane is being drained. */
  private async settled(): Promise<void> {
    while (this.draining.size) await Promise.all(this.draining.values());
  }

  /** Starts draining every lane that has messages and is not being drained; returns the new drains. */
  private drainIdleLanes(tally: { delivered: number; failed: number }): Promise<void>[] {
    const started: Promise<void>[] = [];
    for (const lane of new Set(this.doc.data.pending.map(laneOf))) {
      if (this.draining.has(lane)) continue;
      const drain = this.drainLane(lane, tally).finally(() => this.draining.delete(lane));
      this.draining.set(lane, drain);
      started.push(drain);
    }
    return started;
  }

  /** Delivers the due messages of one lane in order, stopping at the first failure. */
  private async drainLane(lane: string, tally: { delivered: number; failed: number }): Promise<void> {
    try {
      for (;;) {
        if (this.halting) return;
        const head = this.doc.data.pending.find((m) => laneOf(m) === lane);
        if (!head || this.unwritten.has(head.id) || Date.parse(head.nextAttemptAt) > this.settings.now().getTime()) return;
        if (!(await this.attempt(head))) {
          tally.failed++;
          return;
        }
        tally.delivered++;
      }
    } catch (err) {
      // Delivery errors are handled in attempt(); what reaches here is a failed write of the data file.
      tally.failed++;
      this.settings.log(`outbox: không ghi được ${this.doc.path}: ${errorMessage(err)}`);
    }
  }

  /** One delivery attempt, recorded in the file; true when the destination accepted the message. */
  private async attempt(head: QueuedMessage): Promise<boolean> {
    const about = `${head.id} (${head.kind}${head.code ? ` ${head.code}` : ''}) tới "${head.destination}"`;
    if (this.doc.data.delivered.some((r) => r.id === head.id)) {
      // Only a hand-edited or restored file can get here; the delivered record wins.
      this.settings.log(`outbox: bỏ ${about}: đã gửi trước đó`);
      await this.doc.update((d) => {
        d.pending = d.pending.filter((m) => m.id !== head.id);
      });
      return true;
    }
    try {
      const destination = this.destinations.get(head.destination);
      if (!destination) throw new Error(`không có nơi nhận "${head.destination}" trong cấu hình`);
      await destination.deliver(toOutboxMessage(head));
    } catch (err) {
      if (err instanceof PermanentDeliveryError) {
        await this.recordUndeliverable(head, about, err.message);
        return true;
      }
      await this.recordFailure(head, about, errorMessage(err));
      return false;
    }
    if (head.attempts > 0) this.settings.log(`outbox: đã gửi ${about} sau ${head.attempts + 1} lần thử`);
    const at = this.settings.now().toISOString();
    // No undo if this write fails: the destination has the message, so memory keeps it
    // delivered and the next write records that; putting it back would send it again.
    await this.doc.update((d) => {
      d.pending = d.pending.filter((m) => m.id !== head.id);
      d.delivered.push({ id: head.id, destination: head.destination, at });
      this.prune(d);
    });
    return true;
  }

  /** The destination will never take this message: it leaves the queue, and its id, destination and error are kept. */
  private async recordUndeliverable(head: QueuedMessage, about: string, error: string): Promise<void> {
    this.settings.log(`outbox: BỎ ${about}: nơi nhận từ chối hẳn (${error}); không thử lại`);
    const at = this.settings.now().toISOString();
    await this.doc.update((d) => {
      d.pending = d.pending.filter((m) => m.id !== head.id);
      d.undeliverable.push({ id: head.id, destination: head.destination, at, error });
      d.undeliverable = d.undeliverable.filter((r) => !this.isExpired(r.at));
    });
  }

  /** Messages given up on (newest last), within the days delivered ids are kept. */
  undeliverable(): readonly { id: string; destination: string; at: string; error: string }[] {
    return this.doc.data.undeliverable;
  }

  private async recordFailure(head: QueuedMessage, about: string, error: string): Promise<void> {
    const attempts = head.attempts + 1;
    const delay = retryDelay(attempts, this.settings.backoff, this.settings.random);
    const nextAttemptAt = new Date(this.settings.now().getTime() + delay).toISOString();
    // The same error again is not news: log a message's failure once, and again only when it changes.
    if (error !== head.lastError)
      this.settings.log(`outbox: chưa gửi được ${about} (lần ${attempts}): ${error}; thử lại sau ${Math.ceil(delay / 1000)} giây`);
    // No undo if this write fails: keeping the later retry time in memory stops the loop
    // from retrying at once, over and over, while the disk is failing.
    await this.doc.update(() => {
      Object.assign(head, { attempts, nextAttemptAt, lastError: error });
    });
  }

  /** Wakes the dispatch loop after `delayMs`, replacing any earlier wake-up. */
  private wake(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref();
  }

  /**
   * Starts the idle lanes without waiting for busy ones (a slow send to one chat must not
   * delay another chat's reply), then plans the next wake-up once the lanes it started end.
   */
  private async tick(): Promise<void> {
    this.timer = undefined;
    if (!this.started) return;
    await Promise.all(this.drainIdleLanes({ delivered: 0, failed: 0 }));
    if (!this.started) return;
    const nextDue = this.nextDueTime();
    // Nothing waiting: enqueue() wakes the loop.
    if (nextDue !== undefined) this.wake(Math.min(this.settings.pollMs, Math.max(0, nextDue - this.settings.now().getTime())));
  }

  /** The earliest retry time among the messages at the head of idle lanes. */
  private nextDueTime(): number | undefined {
    const heads = new Map<string, QueuedMessage>();
    for (const m of this.doc.data.pending) if (!heads.has(laneOf(m))) heads.set(laneOf(m), m);
    const times = [...heads].filter(([lane]) => !this.draining.has(lane)).map(([, m]) => Date.parse(m.nextAttemptAt));
    return times.length ? Math.min(...times) : undefined;
  }

  private isExpired(at: string): boolean {
    return Date.parse(at) < this.settings.now().getTime() - this.settings.keepDeliveredMs;
  }

  private prune(d: OutboxData): void {
    d.delivered = d.delivered.filter((r) => !this.isExpired(r.at));
  }
}

/** A destination, and for a message to a citizen their chat: the unit of ordering and of holding back. */
function laneOf(m: QueuedMessage): string {
  return m.to ? `${m.destination}\u0000${m.to.channel}\u0000${m.to.chatId}` : m.destination;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
