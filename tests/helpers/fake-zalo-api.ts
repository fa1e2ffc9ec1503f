// A stand-in for the zca-js API with the same shape and the same habits as the parts the
// Zalo channel uses (tests/zalo-fake-contract.test.ts holds it to the real library):
// - sendMessage resolves { message: { msgId: <number> }, attachment: [] } and rejects an
//   empty text with zca-js's own ZaloApiError "Missing message content";
// - the listener throws "Already started" when started twice without a close in between,
//   reports socket errors as ErrorEvent-like objects (not Errors: "{}" when stringified),
//   a refused handshake as error("Unexpected server response: 401") then closed(1006, ''),
//   and drops the account's own messages while selfListen is off;
// - getContext() gives the live session, its cookie jar serialising like tough-cookie's.
// Messages are built with zca-js's own UserMessage/GroupMessage classes from raw objects
// shaped like Zalo's websocket payloads (ids are strings, as JSON gives them).
import { EventEmitter } from 'node:events';
import type { ZaloApiPort, ZaloSessionContext, ThreadType as ThreadTypeT } from '../../src/channels/zalo/zalo-api.ts';
import { ThreadType } from '../../src/channels/zalo/zalo-api.ts';
import { zca, type ZcaTypes } from '../../src/channels/zalo/zca.ts';

export const BOT_UID = '900000000000000001';

export interface SentMessage {
  threadId: string;
  type: ThreadTypeT;
  text: string;
  at: number;
}

/** Like the `ws` package's ErrorEvent: what it carries is on prototype getters, so it stringifies as "{}". */
export class FakeErrorEvent {
  readonly #message: string;
  readonly #error: Error;
  constructor(message: string, error: Error = new Error(message)) {
    this.#message = message;
    this.#error = error;
  }
  get type(): string {
    return 'error';
  }
  get message(): string {
    return this.#message;
  }
  get error(): Error {
    return this.#error;
  }
}

/** A network failure as ws reports it: the ErrorEvent of a Node error with its code. */
export function networkErrorEvent(code = 'ECONNREFUSED'): FakeErrorEvent {
  const error = Object.assign(new Error(`connect ${code} 203.0.113.7:443`), { code });
  return new FakeErrorEvent(error.message, error);
}

export class FakeListener extends EventEmitter {
  starts = 0;
  stops = 0;
  /** As zca-js's `selfListen` option (off in the bot). */
  selfListen = false;
  /** A socket is open or opening (zca-js's `this.ws`). */
  private open = false;

  start(): void {
    if (this.open) throw new zca.ZaloApiError('Already started');
    this.open = true;
    this.starts++;
  }

  stop(): void {
    if (!this.open) return;
    this.open = false;
    this.stops++;
    // The close event comes later, from the socket.
    setImmediate(() => this.closeEvents(1000, ''));
  }

  get running(): boolean {
    return this.open;
  }

  /** The socket opened. */
  connect(): void {
    this.emit('connected');
  }

  /** Zalo or the network closed the socket, after `error` when one is given. */
  drop(code: number, reason = '', error?: unknown): void {
    if (error !== undefined) this.emit('error', error);
    this.open = false;
    this.closeEvents(code, reason);
  }

  /** Zalo refused the websocket handshake with this HTTP status (what ws reports, in order). */
  refuseHandshake(status = 401): void {
    this.drop(1006, '', new FakeErrorEvent(`Unexpected server response: ${status}`));
  }

  /** A message arrives; the account's own are dropped unless selfListen is on. */
  receive(message: ZaloMessageT): void {
    if (message.isSelf && !this.selfListen) return;
    this.emit('message', message);
  }

  private closeEvents(code: number, reason: string): void {
    this.emit('disconnected', code, reason);
    this.emit('closed', code, reason);
  }
}

type ZaloMessageT = ZcaTypes.UserMessage | ZcaTypes.GroupMessage;

/** A cookie jar that serialises like tough-cookie's CookieJar.toJSON(). */
export class FakeCookieJar {
  private readonly cookies = new Map<string, Record<string, unknown>>();

  constructor(initial: Record<string, string> = { zpw_sek: 'sek-0', zpsid: 'sid-0' }) {
    for (const [key, value] of Object.entries(initial)) this.set(key, value);
  }

  /** What a Set-Cookie header on an API response does to the jar. */
  set(key: string, value: string): void {
    const now = new Date().toISOString();
    this.cookies.set(key, { key, value, domain: 'zalo.me', path: '/', expires: '2099-01-01T00:00:00.000Z', hostOnly: false, httpOnly: true, secure: true, creation: this.cookies.get(key)?.creation ?? now, lastAccessed: now });
  }

  toJSON(): { version: string; storeType: string; rejectPublicSuffixes: boolean; cookies: Record<string, unknown>[] } {
    return { version: 'tough-cookie@5.1.2', storeType: 'MemoryCookieStore', rejectPublicSuffixes: true, cookies: [...this.cookies.values()].map((c) => ({ ...c })) };
  }
}

export class FakeZaloApi implements ZaloApiPort {
  readonly listener = new FakeListener();
  readonly sent: SentMessage[] = [];
  readonly typing: { threadId: string; type: ThreadTypeT }[] = [];
  readonly cookie = new FakeCookieJar();
  /** The live session, the same object every time (as zca-js's getContext()). */
  private readonly context = { uid: BOT_UID, imei: 'fake-imei-0001', userAgent: 'Mozilla/5.0 (fake)', language: 'vi', cookie: this.cookie };
  /** Set to make the next sends fail, as Zalo does when the session is gone. */
  failSends = false;
  /** Decides per attempt (1, 2, … counting every sendMessage call) whether it fails. */
  failSend: ((attempt: number, text: string) => boolean) | undefined;
  private attempts = 0;
  private nextMsgId = 7_000_000_000;

  async sendMessage(message: string, threadId: string, type: ThreadTypeT): Promise<{ message: { msgId: number } | null; attachment: { msgId: number }[] }> {
    this.attempts++;
    if (!message) throw new zca.ZaloApiError('Missing message content');
    if (!threadId) throw new zca.ZaloApiError('Missing threadId');
    // Stricter than zca-js, which lets it through to a server whose answer is unknown: the bot must never send one.
    if (!message.trim()) throw new zca.ZaloApiError('Missing message content');
    if (this.failSends || this.failSend?.(this.attempts, message)) throw new zca.ZaloApiError('Request failed with status code 502');
    this.sent.push({ threadId, type, text: message, at: Date.now() });
    return { message: { msgId: ++this.nextMsgId }, attachment: [] };
  }

  async sendTypingEvent(threadId: string, type: ThreadTypeT): Promise<unknown> {
    if (!threadId) throw new zca.ZaloApiError('Missing threadId');
    this.typing.push({ threadId, type });
    return { status: 0 };
  }

  getContext(): ZaloSessionContext & typeof this.context {
    return this.context;
  }

  /** What one thread received, in order. */
  to(threadId: string): string[] {
    return this.sent.filter((m) => m.threadId === threadId).map((m) => m.text);
  }
}

let msgSeq = 1000;

/** A raw websocket message; `msgId` may be given to redeliver one. */
function raw(uidFrom: string, idTo: string, content: ZcaTypes.TMessage['content'], dName: string, msgId?: string): ZcaTypes.TGroupMessage {
  const id = msgId ?? String(7_100_000_000 + ++msgSeq);
  return {
    actionId: id,
    msgId: id,
    cliMsgId: id,
    msgType: typeof content === 'string' ? 'webchat' : 'chat.sticker',
    uidFrom,
    idTo,
    dName,
    ts: String(Date.now()),
    status: 1,
    content,
    notify: '1',
    ttl: 0,
    userId: '0',
    uin: '0',
    topOut: '0',
    topOutTimeOut: '0',
    topOutImprTimeOut: '0',
    propertyExt: undefined,
    paramsExt: { countUnread: 1, containType: 0, platformType: 1 },
    cmd: 501,
    st: 3,
    at: 5,
    realMsgId: '0',
    quote: undefined,
    mentions: undefined,
  };
}

/** A 1:1 message from a citizen to the bot (Zalo puts idTo "0" for "to me"). */
export const userMessage = (fromUid: string, content: ZcaTypes.TMessage['content'], dName = 'Người dân', msgId?: string) =>
  new zca.UserMessage(BOT_UID, raw(fromUid, '0', content, dName, msgId));

/** A message the bot account itself sent (from another device): uidFrom "0". */
export const ownMessage = (toUid: string, text: string) => new zca.UserMessage(BOT_UID, raw('0', toUid, text, 'Bot'));

export const groupMessage = (groupId: string, fromUid: string, text: string, dName = 'Cán bộ') =>
  new zca.GroupMessage(BOT_UID, raw(fromUid, groupId, text, dName));

export { ThreadType };
