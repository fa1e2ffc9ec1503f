// A stand-in for the zca-js API with the same shape as the parts the Zalo channel uses:
// a listener event emitter (start/stop) and sendMessage/sendTypingEvent that record calls.
// Messages are built with zca-js's own UserMessage/GroupMessage classes from raw objects
// shaped like Zalo's websocket payloads.
import { EventEmitter } from 'node:events';
import type { ZaloApiPort, ThreadType as ThreadTypeT } from '../../src/channels/zalo/zalo-api.ts';
import { ThreadType } from '../../src/channels/zalo/zalo-api.ts';
import { zca, type ZcaTypes } from '../../src/channels/zalo/zca.ts';

export const BOT_UID = '900000000000000001';

export interface SentMessage {
  threadId: string;
  type: ThreadTypeT;
  text: string;
  at: number;
}

export class FakeListener extends EventEmitter {
  starts = 0;
  stops = 0;
  start(): void {
    this.starts++;
  }
  stop(): void {
    this.stops++;
  }
}

export class FakeZaloApi implements ZaloApiPort {
  readonly listener = new FakeListener();
  readonly sent: SentMessage[] = [];
  readonly typing: { threadId: string; type: ThreadTypeT }[] = [];
  /** Set to make the next sends fail, as Zalo does when the session is gone. */
  failSends = false;

  async sendMessage(message: string, threadId: string, type: ThreadTypeT): Promise<unknown> {
    if (this.failSends) throw new Error('ZaloApiError: not logged in');
    this.sent.push({ threadId, type, text: message, at: Date.now() });
    return { message: { msgId: String(this.sent.length) }, attachment: [] };
  }

  async sendTypingEvent(threadId: string, type: ThreadTypeT): Promise<unknown> {
    this.typing.push({ threadId, type });
    return { status: 0 };
  }

  /** What one thread received, in order. */
  to(threadId: string): string[] {
    return this.sent.filter((m) => m.threadId === threadId).map((m) => m.text);
  }
}

let msgSeq = 1000;

function raw(uidFrom: string, idTo: string, content: ZcaTypes.TMessage['content'], dName: string): ZcaTypes.TGroupMessage {
  const id = String(++msgSeq);
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
export const userMessage = (fromUid: string, content: ZcaTypes.TMessage['content'], dName = 'Người dân') =>
  new zca.UserMessage(BOT_UID, raw(fromUid, '0', content, dName));

/** A message the bot account itself sent (from another device): uidFrom "0". */
export const ownMessage = (toUid: string, text: string) => new zca.UserMessage(BOT_UID, raw('0', toUid, text, 'Bot'));

export const groupMessage = (groupId: string, fromUid: string, text: string, dName = 'Cán bộ') =>
  new zca.GroupMessage(BOT_UID, raw(fromUid, groupId, text, dName));

export { ThreadType };
