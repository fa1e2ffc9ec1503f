// Failed tries at something that can be guessed by trying (the last phone digits behind a
// tracking code, a staff login name), counted by what is tried, not by who tries: a new
// cookie, chat or channel does not start the count again. The store keeps the counts
// (a file of the data folder, or a table every replica shares); the rules of how many
// tries and how long to wait live with the code that asks (status-lookup.ts, accounts.ts).

export interface FailureCount {
  /** Failures counted against the key: none once `windowMs` has passed since the last one. */
  failures: number;
  /** When the last failure was (ISO), when there is one. */
  lastAt?: string;
}

/** One kind of attempt ("tracking-code", "staff-login"), each with its own window. */
export interface FailedAttempts {
  /** The failures counted against `key` at `now`. */
  get(key: string, now: Date): Promise<FailureCount>;
  /** Counts one more failure at `now` and returns the count with it; an old count (past the window) starts again at 1. */
  add(key: string, now: Date): Promise<FailureCount>;
  /** Forgets the failures of `key` (the right answer was given). */
  clear(key: string): Promise<void>;
}

/** The count a stored one stands for at `now`: nothing when the window has passed since its last failure. */
export function liveCount(stored: { failures: number; lastAt: string } | undefined, now: Date, windowMs: number): FailureCount {
  if (!stored || now.getTime() - Date.parse(stored.lastAt) >= windowMs) return { failures: 0 };
  return { failures: stored.failures, lastAt: stored.lastAt };
}
