// Outbox destinations on Zalo: forwarded feedback to the staff group, staff answers and
// the bot's replies to a citizen's own chat. Each part of a message is recorded on disk
// (HandledIds) once Zalo has taken it, so neither a retry nor a restart sends a message,
// or a part of one, twice. Errors propagate so the outbox retries with backoff.
import { PermanentDeliveryError, RecipientGoneError, type Destination, type OutboxMessage } from '../../outbox/message.ts';
import type { NumberedOptions } from '../numbered-options.ts';
import type { HandledIds } from '../../outbox/handled-ids.ts';
import { ThreadType } from './zalo-api.ts';
import { STAFF_ZALO_DESTINATION, type ZaloOutgoing } from './zalo-outgoing.ts';
import { messageButtons } from '../message-buttons.ts';

export const ZALO_CITIZEN_ROUTE = 'citizen-zalo';
export const ZALO_REPLY_DESTINATION = 'reply-zalo';

/** The file, in the data folder, of the ids (per part) sent on Zalo. */
export const ZALO_SENT_LOG_FILE = 'zalo-sent.txt';

class ZaloThreadDestination implements Destination {
  /** Per message id, its delivery under way: a second delivery of the id waits and then finds the parts sent. */
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    readonly name: string,
    private readonly outgoing: ZaloOutgoing,
    private readonly sent: HandledIds,
    private readonly target: (message: OutboxMessage) => { threadId: string; type: ThreadType },
    /** Where a message's choices (the satisfaction question, an announcement's "Hủy nhận tin") are numbered and remembered for the chat. */
    private readonly numbered?: NumberedOptions,
  ) {}

  async deliver(message: OutboxMessage): Promise<void> {
    // Only deliveries of one id wait for each other: one chat's slow sends hold up no other chat.
    const run = (this.inFlight.get(message.id) ?? Promise.resolve()).catch(() => undefined).then(() => this.send(message));
    this.inFlight.set(message.id, run);
    try {
      await run;
    } finally {
      if (this.inFlight.get(message.id) === run) this.inFlight.delete(message.id);
    }
  }

  private async send(message: OutboxMessage): Promise<void> {
    const { threadId, type } = this.target(message);
    const buttons = messageButtons(message);
    const text = buttons.length && this.numbered ? (await this.numbered.render(threadId, [{ sections: [{ lines: [message.text.trim()] }], buttons }])).join('\n\n') : message.text;
    for (const [i, part] of this.outgoing.parts(text).entries()) {
      const key = `${this.name}:${message.id}#${i}`;
      if (await this.sent.has(key)) continue;
      try {
        await this.outgoing.sendPart(threadId, type, part);
      } catch (err) {
        // A subscriber who blocked the account: their subscription ends (best effort: zca-js reports it in words).
        if (message.kind === 'announcement' && /block|chặn/i.test((err as Error)?.message ?? '')) throw new RecipientGoneError('người nhận đã chặn tài khoản Zalo của bot');
        throw err;
      }
      await this.sent.add(key);
    }
  }
}

/** A citizen's 1:1 chat: the message must be addressed to a Zalo chat, or it can never be delivered here. */
function citizenThread(message: OutboxMessage): { threadId: string; type: ThreadType } {
  if (message.to?.channel !== 'zalo') throw new PermanentDeliveryError(`tin ${message.id} không gửi qua Zalo`);
  return { threadId: message.to.chatId, type: ThreadType.User };
}

/**
 * Forwarded feedback for Home Affairs, posted to the staff group: the unit's own group in a
 * deployment serving several (`unitGroups`: unit id → group id), else the deployment's.
 */
export function staffZaloDestination(outgoing: ZaloOutgoing, staffGroupId: string | undefined, sent: HandledIds, unitGroups: () => ReadonlyMap<string, string> = () => new Map()): Destination {
  return new ZaloThreadDestination(STAFF_ZALO_DESTINATION, outgoing, sent, (message) => {
    const threadId = (message.unit && unitGroups().get(message.unit)) || staffGroupId;
    if (!threadId) throw new PermanentDeliveryError(`tin ${message.id} không có nhóm Zalo nhận (đơn vị ${message.unit ?? '?'} chưa đặt staff.zaloGroupId)`);
    return { threadId, type: ThreadType.Group };
  });
}

/** Staff answers going back to a citizen who wrote from Zalo: their own 1:1 chat. */
export function zaloCitizenRoute(outgoing: ZaloOutgoing, sent: HandledIds, numbered?: NumberedOptions): Destination {
  return new ZaloThreadDestination(ZALO_CITIZEN_ROUTE, outgoing, sent, citizenThread, numbered);
}

/** The bot's replies to a citizen, queued in the reply outbox. */
export function zaloReplyDestination(outgoing: ZaloOutgoing, sent: HandledIds): Destination {
  return new ZaloThreadDestination(ZALO_REPLY_DESTINATION, outgoing, sent, citizenThread);
}
