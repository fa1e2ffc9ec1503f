// How an announcement reaches one subscriber: through the channel they subscribed on (the
// same routes staff answers take), at the broadcast pace of that channel, counted; a
// subscriber the platform says is gone (blocked the bot) is unsubscribed, and a message
// still not delivered a day on is given up, so a broadcast always ends.
import type { Channel } from '../address/address.ts';
import { citizenKey } from '../address/address.ts';
import { PermanentDeliveryError, RecipientGoneError, type Destination, type OutboxMessage } from '../outbox/message.ts';
import { announcementOfMessage } from './announcement.ts';
import type { AnnouncementStore } from './store.ts';

export const ANNOUNCEMENT_DESTINATION = 'announcement';

/**
 * Messages a second, per channel, for broadcasts across every process sharing the store:
 * under each platform's limit with room left for replies (Telegram allows about 30 a
 * second; the Zalo Bot platform publishes none; a personal Zalo account is locked for bulk
 * sending, so it goes slowly).
 */
export const DEFAULT_BROADCAST_RATES: Readonly<Record<Channel, number>> = { telegram: 25, 'zalo-bot': 5, zalo: 0.5, web: 50, terminal: 50 };

/** A message not delivered this long after it was queued is given up (a platform down for a day). */
export const GIVE_UP_MS = 24 * 3600_000;

export interface AnnouncementDeliveryOptions {
  store: AnnouncementStore;
  /** The channel destinations (as for staff answers), by the subscriber's channel. */
  routes: Partial<Record<Channel, Destination>>;
  rates?: Partial<Record<Channel, number>>;
  now?: () => Date;
  log?: (line: string) => void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class AnnouncementDestination implements Destination {
  readonly name = ANNOUNCEMENT_DESTINATION;
  private readonly rates: Record<Channel, number>;
  private readonly now: () => Date;
  /** Per channel, this process's broadcast sends of the last second. */
  private readonly recent = new Map<Channel, number[]>();

  constructor(private readonly options: AnnouncementDeliveryOptions) {
    this.rates = { ...DEFAULT_BROADCAST_RATES, ...options.rates };
    this.now = options.now ?? (() => new Date());
  }

  async deliver(message: OutboxMessage): Promise<void> {
    const id = announcementOfMessage(message.id);
    const to = message.to;
    if (!id || !to) throw new PermanentDeliveryError(`tin ${message.id} không phải tin tuyên truyền tới một người dân`);
    const { store } = this.options;
    if (this.now().getTime() - Date.parse(message.createdAt) > GIVE_UP_MS) {
      await store.count(id, 'failed');
      throw new PermanentDeliveryError('quá một ngày chưa gửi được');
    }
    const route = this.options.routes[to.channel];
    if (!route) throw new Error(`chưa có kênh gửi tin qua ${to.channel}`);
    await sleep(await store.pace(to.channel, 1000 / this.rates[to.channel]));
    await this.withinSecond(to.channel);
    try {
      await route.deliver(message);
    } catch (err) {
      if (err instanceof RecipientGoneError) {
        // Never again to this chat: the subscription ends as if they had asked.
        await store.unsubscribe(citizenKey(to), this.now(), 'blocked');
        await store.count(id, 'blocked');
        this.options.log?.(`tin tuyên truyền ${id}: một người nhận qua ${to.channel} đã chặn bot; đã hủy đăng ký của họ`);
      } else if (err instanceof PermanentDeliveryError) await store.count(id, 'failed');
      throw err;
    }
    await store.count(id, 'delivered');
  }

  /**
   * The shared pace spaces sends evenly, but a timer that fires late bunches two: in this
   * process, never more than the rate in any one second.
   */
  private async withinSecond(channel: Channel): Promise<void> {
    const most = Math.max(1, Math.floor(this.rates[channel]));
    for (;;) {
      const now = Date.now();
      const times = (this.recent.get(channel) ?? []).filter((t) => t > now - 1_000);
      if (times.length < most) {
        times.push(now);
        this.recent.set(channel, times);
        return;
      }
      this.recent.set(channel, times);
      await sleep(times[0]! + 1_000 - now);
    }
  }
}
