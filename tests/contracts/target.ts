// What a contract suite runs against: a way to open fresh stores of one kind (lowdb data
// folders, PostgreSQL schemas), to restart one, and, where the kind allows it, to open a
// second store on the same data at the same time, as a second replica would.
import type { BotStore } from '../../src/storage/bot-store.ts';

export interface OpenOptions {
  now?: () => Date;
}

export interface StoreTarget {
  readonly kind: 'lowdb' | 'postgres';
  /** A new, empty store; closed after the test. */
  open(options?: OpenOptions): Promise<BotStore>;
  /** Closes `store` and opens its data again, as a restart would. */
  reopen(store: BotStore, options?: OpenOptions): Promise<BotStore>;
  /** The keys of the sessions the store keeps on disk or in its table, sorted. */
  storedSessions(store: BotStore): Promise<string[]>;
  /** A second store on the data of `store`, open at the same time (PostgreSQL only: a data folder has one owner). */
  replica?: (store: BotStore, options?: OpenOptions) => Promise<BotStore>;
}

/** A clock that reads `times` in turn, then keeps reading the last one. */
export function clock(...times: string[]): () => Date {
  let i = 0;
  return () => new Date(times[Math.min(i++, times.length - 1)]!);
}

/** A clock that stands still until moved. */
export function manualClock(start: string) {
  let t = Date.parse(start);
  return {
    now: () => new Date(t),
    advance: (ms: number) => void (t += ms),
    iso: (offsetMs = 0) => new Date(t + offsetMs).toISOString(),
  };
}

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/**
 * Has a store make its connections before a test of simultaneous calls (a database store's
 * pool connects lazily: the first calls would otherwise run one after the other).
 */
export async function warmUp(store: BotStore): Promise<void> {
  await Promise.all(Array.from({ length: 8 }, () => store.handledIds('warm-up').has('x')));
}
