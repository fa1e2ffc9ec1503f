// The part of the zca-js API the Zalo channel uses, so tests can stand in a fake of the
// same shape. The real `API` from zca-js fits it (checked in zalo-login.ts).
import { zca, type ZcaTypes } from './zca.ts';

export const ThreadType = zca.ThreadType;
export type ThreadType = ZcaTypes.ThreadType;
export const CloseReason = zca.CloseReason;
export type ZaloMessage = ZcaTypes.Message;

export interface ZaloSendPort {
  sendMessage(message: string, threadId: string, type: ThreadType): Promise<unknown>;
  sendTypingEvent(threadId: string, type: ThreadType): Promise<unknown>;
}

export interface ZaloListenerPort {
  on(event: 'message', listener: (message: ZaloMessage) => void): unknown;
  on(event: 'closed', listener: (code: number, reason: string) => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  on(event: 'connected', listener: () => void): unknown;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the listeners given to `on`
  off(event: string, listener: (...args: any[]) => void): unknown;
  start(options?: { retryOnClose?: boolean }): void;
  stop(): void;
}

/**
 * The live login session (zca-js hands out its own object, not a copy): zca-js stores the
 * cookies Zalo refreshes on every HTTP response in `cookie`, so saving it later keeps the
 * session usable after a restart.
 */
export interface ZaloSessionContext {
  imei: string;
  userAgent: string;
  language?: string;
  /** A tough-cookie CookieJar; `toJSON()` is synchronous for its default in-memory store. */
  cookie: { toJSON(): { cookies: Record<string, unknown>[] } | undefined };
}

export interface ZaloApiPort extends ZaloSendPort {
  listener: ZaloListenerPort;
  getContext(): ZaloSessionContext;
}
