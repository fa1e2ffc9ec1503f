// Spaces sends out: at most one per `perThreadMs` in a thread and one per `globalMs`
// overall. Zalo locks personal accounts that send fast or in bulk. Slots are reserved in
// call order, so messages of one thread keep their order; a chat with a backlog does not
// hold the others up, they take the free global slots in between.

export interface ThrottleOptions {
  perThreadMs?: number;
  globalMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_PER_THREAD_MS = 1_100;
export const DEFAULT_GLOBAL_MS = 350;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class SendThrottle {
  /** Send times reserved, ascending; those more than `globalMs` old are dropped. */
  private reserved: number[] = [];
  private readonly nextByThread = new Map<string, number>();
  private readonly perThreadMs: number;
  private readonly globalMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: ThrottleOptions = {}) {
    this.perThreadMs = options.perThreadMs ?? DEFAULT_PER_THREAD_MS;
    this.globalMs = options.globalMs ?? DEFAULT_GLOBAL_MS;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
  }

  /** Waits for the thread's next free slot, then runs `send`. */
  async run<T>(threadId: string, send: () => Promise<T>): Promise<T> {
    const now = this.now();
    const slot = this.reserve(Math.max(now, this.nextByThread.get(threadId) ?? 0), now);
    this.nextByThread.set(threadId, slot + this.perThreadMs);
    this.forgetIdle(now);
    if (slot > now) await this.sleep(slot - now);
    return send();
  }

  /** The first time from `earliest` at least `globalMs` away from every reserved send. */
  private reserve(earliest: number, now: number): number {
    this.reserved = this.reserved.filter((r) => r > now - this.globalMs);
    let slot = earliest;
    for (const r of this.reserved) {
      if (r <= slot - this.globalMs) continue;
      if (r >= slot + this.globalMs) break;
      slot = r + this.globalMs;
    }
    const at = this.reserved.findIndex((r) => r > slot);
    this.reserved.splice(at === -1 ? this.reserved.length : at, 0, slot);
    return slot;
  }

  /** Threads whose slot has passed need no entry: keeps the map small on a busy account. */
  private forgetIdle(now: number): void {
    if (this.nextByThread.size < 1_000) return;
    for (const [thread, next] of this.nextByThread) if (next <= now) this.nextByThread.delete(thread);
  }
}
