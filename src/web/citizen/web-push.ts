// Web push for citizens who let the chat page notify them: the VAPID keys are made once and
// kept in the store (every replica signs with the same ones, and browsers' subscriptions
// stay valid across restarts); an announcement for a web subscriber lands in their chat's
// inbox (shown when the page is open or next opened) and, with a push subscription, as a
// notification through their browser's push service (web-push encrypts it for that browser).
import type { Agent } from 'node:https';
import webpush from 'web-push';
import { citizenKey } from '../../address/address.ts';
import type { AnnouncementStore, PushTarget, VapidKeys } from '../../announcements/store.ts';
import { PermanentDeliveryError, RecipientGoneError, type Destination, type OutboxMessage } from '../../outbox/message.ts';

export interface PushPayload {
  title: string;
  body: string;
  /** The page a click opens. */
  url: string;
}

export class WebPushSender {
  private keys: Promise<VapidKeys> | undefined;

  constructor(
    private readonly store: Pick<AnnouncementStore, 'vapidKeys'>,
    /** Who runs the server, for push services to reach: a mailto: or https: address. */
    private readonly subject: string,
    /** Tests reach a local push service with its own certificate. */
    private readonly agent?: Agent,
  ) {}

  private vapid(): Promise<VapidKeys> {
    this.keys ??= this.store.vapidKeys(() => webpush.generateVAPIDKeys()).catch((err: unknown) => {
      this.keys = undefined;
      throw err;
    });
    return this.keys;
  }

  /** The key browsers subscribe with (applicationServerKey). */
  async publicKey(): Promise<string> {
    return (await this.vapid()).publicKey;
  }

  /** Sends one notification; RecipientGoneError when the browser's subscription has ended (404, 410). */
  async send(target: PushTarget, payload: PushPayload): Promise<void> {
    const keys = await this.vapid();
    try {
      await webpush.sendNotification(target, JSON.stringify(payload), {
        vapidDetails: { subject: this.subject, publicKey: keys.publicKey, privateKey: keys.privateKey },
        TTL: 24 * 3600,
        timeout: 15_000,
        ...(this.agent ? { agent: this.agent } : {}),
      });
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      if (status === 404 || status === 410) throw new RecipientGoneError(`đăng ký nhận thông báo của trình duyệt đã hết (${status})`);
      if (status === 400 || status === 413) throw new PermanentDeliveryError(`dịch vụ push từ chối thông báo (${status})`);
      throw new Error(`chưa gửi được thông báo push${status ? ` (${status})` : ''}: ${(err as Error).message}`, { cause: err });
    }
  }
}

/**
 * Announcements for web subscribers: into the chat's inbox, then as a push notification when
 * the browser subscribed to them (a push that fails is retried; one whose browser
 * subscription has ended ends the citizen's subscription).
 */
export function webAnnouncementDestination(inbox: Destination, store: Pick<AnnouncementStore, 'subscription'>, push: WebPushSender, pageUrl: string): Destination {
  return {
    name: 'announcement-web',
    async deliver(message: OutboxMessage): Promise<void> {
      if (message.to?.channel !== 'web') throw new PermanentDeliveryError(`tin ${message.id} không gửi qua trang web`);
      await inbox.deliver(message);
      const target = (await store.subscription(citizenKey(message.to)))?.push;
      if (!target) return;
      const [title = '', ...rest] = message.text.split('\n');
      await push.send(target, { title, body: rest.join('\n').slice(0, 500), url: pageUrl });
    },
  };
}
