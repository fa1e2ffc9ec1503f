// Incoming updates handled once, however many times and to however many replicas the
// platform delivers them. A replica claims an update before handling it and marks it done
// after; a claim is a lease, so the update of a replica killed mid-handling is taken over
// once the lease runs out. A delivery that finds the update being handled elsewhere waits
// a little for it, then answers "busy" so that the platform delivers it again later: an
// update is acknowledged only once it is really handled.
import { setTimeout as sleep } from 'node:timers/promises';
import { MemoryHandledIds, type HandledIds } from '../outbox/handled-ids.ts';

/** What a claim found: the update is now ours to handle, handled already, or being handled by another. */
export type ClaimOutcome = 'mine' | 'done' | 'taken';

export interface UpdateClaims {
  claim(id: string, leaseMs: number): Promise<ClaimOutcome>;
  /** Keeps a claim being worked on for another `leaseMs`. */
  extend(id: string, leaseMs: number): Promise<void>;
  /** The update is handled: later deliveries of it are duplicates. */
  finish(id: string): Promise<void>;
  /** Handling failed: the next delivery may take it at once. */
  release(id: string): Promise<void>;
}

/** Another replica is handling this update; the platform should deliver it again later. */
export class UpdateBusyError extends Error {
  readonly statusCode = 503;
  constructor(id: string) {
    super(`cập nhật ${id} đang được một tiến trình khác xử lý`);
    this.name = 'UpdateBusyError';
  }
}

export interface HandleOnceOptions {
  /** How long a claim holds, renewed every third of it while the work runs: a replica killed mid-way leaves the update to the others after this. */
  leaseMs?: number;
  /** How long a duplicate delivery waits for the claim's holder before answering busy. */
  waitMs?: number;
  pollMs?: number;
}

/**
 * Runs `work` for the update `id` unless it is handled already (then 'duplicate'); throws
 * UpdateBusyError when another holder keeps it past `waitMs`, and lets a failure of `work`
 * through after releasing the claim.
 */
export async function handleOnce(claims: UpdateClaims, id: string, work: () => Promise<void>, options: HandleOnceOptions = {}): Promise<'handled' | 'duplicate'> {
  const { leaseMs = 30_000, waitMs = 10_000, pollMs = 100 } = options;
  const deadline = Date.now() + waitMs;
  for (;;) {
    const outcome = await claims.claim(id, leaseMs);
    if (outcome === 'done') return 'duplicate';
    if (outcome === 'mine') break;
    if (Date.now() >= deadline) throw new UpdateBusyError(id);
    await sleep(pollMs);
  }
  const renewal = setInterval(() => void claims.extend(id, leaseMs).catch(() => undefined), leaseMs / 3);
  try {
    await work();
  } catch (err) {
    await claims.release(id).catch(() => undefined);
    throw err;
  } finally {
    clearInterval(renewal);
  }
  await claims.finish(id);
  return 'handled';
}

/**
 * Claims for one process (the embedded lowdb mode, tests): held in memory, the handled ids
 * kept by `done` (a file in the data folder), so a restart still skips what was handled.
 * A claim lost with a killed process needs no lease here: the restarted one starts afresh.
 */
export class LocalUpdateClaims implements UpdateClaims {
  private readonly holding = new Set<string>();
  constructor(private readonly done: HandledIds = new MemoryHandledIds()) {}

  async claim(id: string): Promise<ClaimOutcome> {
    if (this.holding.has(id)) return 'taken';
    // Held before the first await, so two deliveries at once cannot both pass.
    this.holding.add(id);
    try {
      if (await this.done.has(id)) {
        this.holding.delete(id);
        return 'done';
      }
    } catch (err) {
      this.holding.delete(id);
      throw err;
    }
    return 'mine';
  }

  async extend(): Promise<void> {}

  async finish(id: string): Promise<void> {
    try {
      await this.done.add(id);
    } finally {
      this.holding.delete(id);
    }
  }

  async release(id: string): Promise<void> {
    this.holding.delete(id);
  }
}
