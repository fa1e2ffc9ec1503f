// Everything the bot sends on Zalo goes through here: split at Zalo's length limit,
// spaced out by the throttle, and only to a thread that has written to the bot (a
// citizen's own chat, the staff group). There is no way to send to many at once.
import type { Destination, OutboxMessage } from '../../outbox/message.ts';
import { CHANNEL_LIMITS, splitMessage } from '../split-message.ts';
import { SendThrottle } from './throttle.ts';
import { ThreadType } from './zalo-api.ts';
import type { ZaloSendPort } from './zalo-api.ts';

export const STAFF_ZALO_DESTINATION = 'staff-zalo';

export class ZaloOutgoing {
  private api: ZaloSendPort | undefined;

  constructor(readonly throttle: SendThrottle = new SendThrottle()) {}

  /** Sending works once an api is attached (after login) and stops when it is detached. */
  attach(api: ZaloSendPort): void {
    this.api = api;
  }
  detach(): void {
    this.api = undefined;
  }
  get attached(): boolean {
    return this.api !== undefined;
  }

  /**
   * Sends `text` in parts of at most 2,000 characters, skipping the first `skip` parts
   * (already sent by an earlier attempt); `onPart` is told after each part goes out.
   * Throws when Zalo is not connected or refuses a part.
   */
  async send(threadId: string, type: ThreadType, text: string, skip = 0, onPart?: (sent: number) => void): Promise<void> {
    const parts = splitMessage(text, CHANNEL_LIMITS.zalo);
    for (let i = skip; i < parts.length; i++) {
      await this.throttle.run(threadId, () => this.requireApi().sendMessage(parts[i]!, threadId, type));
      onPart?.(i + 1);
    }
  }

  /** Best effort: a typing indicator that fails is not worth an error. */
  async typing(threadId: string, type: ThreadType): Promise<void> {
    try {
      await this.api?.sendTypingEvent(threadId, type);
    } catch {
      // ignored
    }
  }

  private requireApi(): ZaloSendPort {
    if (!this.api) throw new Error('Zalo chưa kết nối');
    return this.api;
  }
}

/**
 * An outbox destination sending to one Zalo thread per message. Ids already delivered are
 * dropped; a message whose later part failed resumes after the parts already sent.
 */
class ZaloThreadDestination implements Destination {
  private readonly delivered = new Set<string>();
  private readonly partsSent = new Map<string, number>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly name: string,
    private readonly outgoing: ZaloOutgoing,
    private readonly target: (message: OutboxMessage) => { threadId: string; type: ThreadType },
  ) {}

  deliver(message: OutboxMessage): Promise<void> {
    // One at a time, so two deliveries of one id cannot both pass the check.
    const run = this.queue.then(() => this.send(message));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async send(message: OutboxMessage): Promise<void> {
    if (this.delivered.has(message.id)) return;
    const { threadId, type } = this.target(message);
    await this.outgoing.send(threadId, type, message.text, this.partsSent.get(message.id) ?? 0, (n) => this.partsSent.set(message.id, n));
    this.partsSent.delete(message.id);
    this.delivered.add(message.id);
    if (this.delivered.size > 10_000) this.delivered.delete(this.delivered.values().next().value!);
  }
}

/** Forwarded feedback for Home Affairs, posted to the staff group. */
export function staffZaloDestination(outgoing: ZaloOutgoing, staffGroupId: string): Destination {
  return new ZaloThreadDestination(STAFF_ZALO_DESTINATION, outgoing, () => ({ threadId: staffGroupId, type: ThreadType.Group }));
}

/** Staff answers going back to a citizen who wrote from Zalo: their own 1:1 chat. */
export function zaloCitizenRoute(outgoing: ZaloOutgoing): Destination {
  return new ZaloThreadDestination('citizen-zalo', outgoing, (message) => {
    if (message.to?.channel !== 'zalo') throw new Error(`tin ${message.id} không gửi qua Zalo`);
    return { threadId: message.to.chatId, type: ThreadType.User };
  });
}
