// Everything the bot sends on Zalo goes through here: split at Zalo's length limit,
// spaced out by the throttle, and only to a thread that has written to the bot (a
// citizen's own chat, the staff group). There is no way to send to many at once.
import { CHANNEL_LIMITS, splitMessage } from '../split-message.ts';
import { SendThrottle } from './throttle.ts';
import type { ThreadType, ZaloSendPort } from './zalo-api.ts';

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
   * The parts `text` is sent as: at most 2,000 characters each, none blank (zca-js refuses
   * an empty text, "Missing message content", and a blank one says nothing). The same text
   * always gives the same parts, so a part can be recorded as sent by its index.
   */
  parts(text: string): string[] {
    return splitMessage(text.trim(), CHANNEL_LIMITS.zalo).filter((part) => part.trim());
  }

  /** Sends one part in its throttle slot; a blank part is skipped. Throws when Zalo is not connected or refuses it. */
  async sendPart(threadId: string, type: ThreadType, part: string): Promise<void> {
    if (!part.trim()) return;
    await this.throttle.run(threadId, () => this.requireApi().sendMessage(part, threadId, type));
  }

  /** Sends every part of `text`, in order. */
  async send(threadId: string, type: ThreadType, text: string): Promise<void> {
    for (const part of this.parts(text)) await this.sendPart(threadId, type, part);
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
