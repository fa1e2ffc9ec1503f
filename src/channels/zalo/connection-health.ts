// Decides what a closed Zalo websocket means: a drop worth reconnecting after, or the end
// of the session, which reconnecting cannot mend and which a person has to act on.
// zca-js reports a refused handshake as an `error` ("Unexpected server response: 401")
// followed by a close with code 1006, the same code as a network drop, so the error seen
// since the last close is what tells them apart.
import type { ZaloStopReason } from './stop-reason.ts';
import { CloseReason } from './zalo-api.ts';
import type { ZaloErrorInfo } from './zalo-error.ts';

/**
 * Closes in a row without the socket ever opening, none explained by the machine's
 * network, before the session is taken for dead. Login itself worked with these cookies
 * moments before, so a websocket that never opens points at the session, not at Zalo
 * being briefly down; with the reconnect backoff this is about half a minute of trying.
 */
export const CLOSES_BEFORE_SESSION_DEAD = 5;

/** HTTP statuses of a handshake refused because the session is not (or no longer) logged in. */
const AUTH_REFUSALS = new Set([401, 403]);

export type CloseVerdict =
  | { action: 'reconnect'; attempt: number }
  | { action: 'stop'; reason: Exclude<ZaloStopReason, 'stopped'>; cause: 'other-session' | 'kicked' | 'refused' | 'never-connected'; detail?: string };

export class ConnectionHealth {
  /** Closes since the socket last opened: the reconnect backoff grows with them. */
  private closesInARow = 0;
  /** Of those, the ones the network does not explain. */
  private unexplainedCloses = 0;
  /** The last error reported since the last close. */
  private lastError: ZaloErrorInfo | undefined;

  constructor(private readonly threshold = CLOSES_BEFORE_SESSION_DEAD) {}

  connected(): void {
    this.closesInARow = 0;
    this.unexplainedCloses = 0;
    this.lastError = undefined;
  }

  error(info: ZaloErrorInfo): void {
    this.lastError = info;
  }

  closed(code: number, reason: string): CloseVerdict {
    const error = this.lastError;
    this.lastError = undefined;
    if (code === CloseReason.DuplicateConnection || /another connection|duplicate/i.test(reason)) return { action: 'stop', reason: 'session-taken-over', cause: 'other-session' };
    if (code === CloseReason.KickConnection) return { action: 'stop', reason: 'session-kicked', cause: 'kicked' };
    if (error?.refusedStatus !== undefined && AUTH_REFUSALS.has(error.refusedStatus)) return { action: 'stop', reason: 'session-dead', cause: 'refused', detail: error.text };
    this.closesInARow++;
    if (!error?.network) this.unexplainedCloses++;
    if (this.unexplainedCloses >= this.threshold) return { action: 'stop', reason: 'session-dead', cause: 'never-connected', detail: error?.text };
    return { action: 'reconnect', attempt: this.closesInARow };
  }
}
