// The outbox: messages are stored before anything is sent, then a dispatcher delivers
// them, retrying with backoff until each destination accepts.
//
// Delivery guarantee. A message is marked delivered right after its destination accepted
// it, so it is not sent again, in this run or after a restart. One window cannot be closed
// from here: a crash after the destination accepted but before the mark is stored. The
// message is then sent again, with the same `id`, which is why the Destination contract
// requires dropping an id already delivered (FileDestination keeps the ids it has written;
// a chat destination remembers the ids it has sent).
//
// Order. Each destination, and within it each citizen's chat, has its own lane (see
// store.ts): a destination or a chat that keeps failing delays only its own messages, and
// a slow send to one chat does not hold up the others. Within a lane messages go strictly
// in enqueue order and a failed message holds back the ones behind it, so a citizen's
// replies never arrive out of order and a staff answer never overtakes the feedback it
// answers. The store hands each lane head to one taker at a time, so on several replicas
// sharing a database no message is handed to two of them.
//
// A destination that can never deliver a message (the platform refuses it for good) throws
// PermanentDeliveryError: the message leaves the queue, is recorded as undeliverable (id,
// destination, error: no text) and the lane moves on.
//
// Logs name ids, destinations, tracking codes and error messages, never message text
// (it may contain personal data).
import { randomUUID } from 'node:crypto';
import { DEFAULT_BACKOFF, retryDelay, type Backoff } from './backoff.ts';
import { PermanentDeliveryError, type Destination, type NewOutboxMessage, type OutboxPort } from './message.ts';
import type { OutboxStore, QueuedMessage, UndeliverableRecord } from './store.ts';

export interface OutboxOptions {
  destinations: Destination[];
  now?: () => Date;
  /** In [0, 1), for the retry jitter. */
  random?: () => number;
  backoff?: Backoff;
  /**
   * Longest the dispatcher sleeps while messages wait. Retry times are wall-clock times in
   * the store while timers run on a monotonic clock, and other replicas may queue messages:
   * waking regularly keeps either from being missed.
   */
  pollMs?: number;
  /** How long delivered ids are kept (for dedupe checks and for staff to look up). */
  keepDeliveredDays?: number;
  /** Deliveries under way at once, at most. */
  concurrency?: number;
  /**
   * How long a claim on a message lasts (default 30 s), renewed every third of it while the
   * delivery is under way: a replica killed mid-delivery leaves its messages to the others
   * after this. Waits are polled at least four times as often.
   */
  claimMs?: number;
  log?: (line: string) => void;
}

/** What staff see of a waiting message: no text, no citizen address. */
export interface PendingView {
  id: string;
  destination: string;
  kind: QueuedMessage['kind'];
  code?: string;
  createdAt: string;
  /** Failed attempts so far. */
  attempts: number;
  nextAttemptAt: string;
  lastError?: string;
}

export interface FlushResult {
  delivered: number;
  /** Lanes whose head message failed in this run. */
  failed: number;
  /** Messages still waiting after the run. */
  pending: number;
}

const DAY_MS = 24 * 60 * 60_000;
/** A taker that has neither marked nor renewed its claim by then is taken for dead (a killed replica) and the message is handed out again. */
const CLAIM_MS = 30_000;
/** How long the dispatcher waits after a delivery ends, to claim for the deliveries ending with it. */
const CLAIM_COALESCE_MS = 10;

type Settings = Required<Pick<OutboxOptions, 'now' | 'random' | 'backoff' | 'pollMs' | 'log' | 'concurrency' | 'claimMs'>> & { keepDeliveredMs: number };

export class Outbox implements OutboxPort {
  private timer: NodeJS.Timeout | undefined;
  /** When the pending wake-up fires (epoch ms). */
  private timerDue = 0;
  private started = false;
  private renewal: NodeJS.Timeout | undefined;
  /** Deliveries under way, by message id. */
  private readonly inFlight = new Map<string, Promise<boolean>>();
  private lastPrune = 0;

  private constructor(
    private readonly store: OutboxStore,
    private readonly destinations: ReadonlyMap<string, Destination>,
    private readonly settings: Settings,
  ) {}

  /** An outbox over any store (a lowdb file, a PostgreSQL table). */
  static async over(store: OutboxStore, options: OutboxOptions): Promise<Outbox> {
    const destinations = new Map<string, Destination>();
    for (const d of options.destinations) {
      if (destinations.has(d.name)) throw new Error(`Hai nơi nhận trùng tên "${d.name}"`);
      destinations.set(d.name, d);
    }
    const outbox = new Outbox(store, destinations, {
      now: options.now ?? (() => new Date()),
      random: options.random ?? Math.random,
      backoff: options.backoff ?? DEFAULT_BACKOFF,
      pollMs: options.pollMs ?? Math.min(30_000, (options.claimMs ?? CLAIM_MS) / 4),
      concurrency: options.concurrency ?? 32,
      claimMs: options.claimMs ?? CLAIM_MS,
      keepDeliveredMs: (options.keepDeliveredDays ?? 30) * DAY_MS,
      log: options.log ?? ((line) => console.error(line)),
    });
    await outbox.pruneNow(true);
    return outbox;
  }

  async enqueue(messages: NewOutboxMessage[]): Promise<void> {
    if (!messages.length) return;
    const at = this.settings.now().toISOString();
    await this.store.add(messages.map((m) => ({ ...m, id: m.id ?? randomUUID(), createdAt: at, attempts: 0, nextAttemptAt: at })));
    if (this.started) this.wake(0);
  }

  /** Of these ids, the ones queued, delivered or given up (within the days delivered ids are kept). */
  known(ids: readonly string[]): Promise<Set<string>> {
    return this.store.known(ids);
  }

  /** Messages not delivered yet, oldest first. */
  async pending(): Promise<PendingView[]> {
    return (await this.store.pending()).map(({ text: _text, to: _to, ...view }) => view);
  }

  /** Messages given up on (no text), within the days delivered ids are kept. */
  undeliverable(): Promise<UndeliverableRecord[]> {
    return this.store.undeliverable();
  }

  /** Starts delivering in the background (timers do not keep the process alive). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.wake(0);
    // A slow delivery keeps its claim: only a taker that stopped renewing (a killed replica)
    // loses its messages to the others.
    this.renewal = setInterval(() => void this.renewClaims(), this.settings.claimMs / 3);
    this.renewal.unref();
  }

  /** Stops the background delivery; resolves once the deliveries under way are recorded. */
  async stop(): Promise<void> {
    this.started = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.settled();
    clearInterval(this.renewal);
    this.renewal = undefined;
  }

  private async renewClaims(): Promise<void> {
    if (!this.inFlight.size) return;
    const until = new Date(this.settings.now().getTime() + this.settings.claimMs);
    await this.store.extendClaims([...this.inFlight.keys()], until).catch((err: unknown) => this.settings.log(`outbox: không gia hạn được tin đang gửi: ${errorMessage(err)}`));
  }

  /** Stops delivering and closes the store. */
  async close(): Promise<void> {
    await this.stop();
    await this.store.close();
  }

  /** Delivers every message that is due now, lane after lane, after the deliveries already under way. */
  async flush(): Promise<FlushResult> {
    await this.settled();
    await this.pruneNow(true);
    const tally = { delivered: 0, failed: 0 };
    for (;;) {
      const batch = await this.store.claim(this.settings.now(), this.settings.claimMs, Number.MAX_SAFE_INTEGER);
      if (!batch.length) break;
      for (const ok of await Promise.all(batch.map((m) => this.track(m)))) ok ? tally.delivered++ : tally.failed++;
    }
    return { ...tally, pending: (await this.store.pending()).length };
  }

  private async settled(): Promise<void> {
    while (this.inFlight.size) await Promise.all(this.inFlight.values());
  }

  /** Wakes the dispatcher after `delayMs`, unless it is to wake sooner already. */
  private wake(delayMs: number): void {
    const due = Date.now() + delayMs;
    if (this.timer && this.timerDue <= due) return;
    clearTimeout(this.timer);
    this.timerDue = due;
    this.timer = setTimeout(() => void this.tick().catch((err: unknown) => this.settings.log(`outbox: lỗi khi lấy tin để gửi: ${errorMessage(err)}`)), delayMs);
    this.timer.unref();
  }

  /**
   * Hands the due lane heads out to deliveries, without waiting for them: each one that
   * ends wakes the dispatcher again, for the next message of its lane.
   */
  private async tick(): Promise<void> {
    this.timer = undefined;
    if (!this.started) return;
    const room = this.settings.concurrency - this.inFlight.size;
    // Every slot taken: a delivery ending wakes the dispatcher.
    if (room <= 0) return;
    const batch = await this.store.claim(this.settings.now(), this.settings.claimMs, room);
    // Deliveries ending close together share one claim (with a shared database, each claim
    // is a query that reads every lane's head).
    for (const m of batch) void this.track(m).finally(() => this.started && this.wake(CLAIM_COALESCE_MS));
    if (!this.started || this.timer) return;
    await this.pruneNow();
    // Deliveries under way wake the dispatcher as they end; the poll is the fallback.
    if (this.inFlight.size) return this.wake(this.settings.pollMs);
    const nextDue = await this.store.nextDueAt(this.settings.now());
    // Nothing due: an enqueue, a delivery ending, or the poll wakes the dispatcher. Due but
    // not handed out (its write still under way): a short pause, not a busy loop.
    let wait = nextDue === undefined ? this.settings.pollMs : Math.max(0, nextDue - this.settings.now().getTime());
    if (!batch.length) wait = Math.max(wait, 25);
    if (!this.timer && this.started) this.wake(Math.min(this.settings.pollMs, wait));
  }

  private track(m: QueuedMessage): Promise<boolean> {
    const run = this.attempt(m).catch((err: unknown) => {
      // Delivery errors are handled in attempt(); what reaches here is a failed write of the store.
      this.settings.log(`outbox: không ghi được trạng thái tin ${m.id}: ${errorMessage(err)}`);
      return false;
    });
    this.inFlight.set(m.id, run);
    void run.finally(() => this.inFlight.delete(m.id));
    return run;
  }

  /** One delivery attempt, recorded in the store; true when the message left the queue. */
  private async attempt(m: QueuedMessage): Promise<boolean> {
    const about = `${m.id} (${m.kind}${m.code ? ` ${m.code}` : ''}) tới "${m.destination}"`;
    try {
      const destination = this.destinations.get(m.destination);
      if (!destination) throw new Error(`không có nơi nhận "${m.destination}" trong cấu hình`);
      const { attempts: _a, nextAttemptAt: _n, lastError: _l, ...message } = m;
      await destination.deliver(message);
    } catch (err) {
      if (err instanceof PermanentDeliveryError) {
        this.settings.log(`outbox: BỎ ${about}: nơi nhận từ chối hẳn (${err.message}); không thử lại`);
        await this.store.markUndeliverable(m.id, this.settings.now(), err.message);
        return true;
      }
      await this.recordFailure(m, about, errorMessage(err));
      return false;
    }
    if (m.attempts > 0) this.settings.log(`outbox: đã gửi ${about} sau ${m.attempts + 1} lần thử`);
    await this.store.markDelivered(m.id, this.settings.now());
    return true;
  }

  private async recordFailure(m: QueuedMessage, about: string, error: string): Promise<void> {
    const attempts = m.attempts + 1;
    const delay = retryDelay(attempts, this.settings.backoff, this.settings.random);
    const nextAttemptAt = new Date(this.settings.now().getTime() + delay).toISOString();
    // The same error again is not news: log a message's failure once, and again only when it changes.
    if (error !== m.lastError) this.settings.log(`outbox: chưa gửi được ${about} (lần ${attempts}): ${error}; thử lại sau ${Math.ceil(delay / 1000)} giây`);
    await this.store.markFailed(m.id, { attempts, nextAttemptAt, lastError: error });
  }

  /** Forgets delivered ids past the retention period; in the background at most once a minute. */
  private async pruneNow(always = false): Promise<void> {
    const now = this.settings.now().getTime();
    if (!always && now - this.lastPrune < 60_000) return;
    this.lastPrune = now;
    await this.store.prune(new Date(now - this.settings.keepDeliveredMs));
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
