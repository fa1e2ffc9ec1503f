// How long to wait before retrying a delivery: exponential, capped, with jitter so that
// destinations failing together (a network outage) are not all retried at the same instant.

export interface Backoff {
  /** Wait after the first failure. */
  initialMs: number;
  /** Longest wait, however many failures. */
  maxMs: number;
  /** Growth per further failure. */
  factor: number;
}

export const DEFAULT_BACKOFF: Backoff = { initialMs: 1_000, maxMs: 10 * 60_000, factor: 2 };

/** Up to this share of the wait is taken off at random; the wait never exceeds the cap. */
const JITTER = 0.2;

/** The wait after `failures` failed attempts (≥ 1); `random` returns a number in [0, 1). */
export function retryDelay(failures: number, backoff: Backoff, random: () => number): number {
  const base = Math.min(backoff.maxMs, backoff.initialMs * backoff.factor ** (failures - 1));
  return Math.round(base * (1 - JITTER * random()));
}
