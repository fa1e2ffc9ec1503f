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

export interface ZaloApiPort extends ZaloSendPort {
  listener: ZaloListenerPort;
}
