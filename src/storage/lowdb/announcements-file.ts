// Announcements in the data folder: announcements.json (the announcements, their counts,
// the web push keys: small, written as a broadcast goes) and subscriptions.json (who
// subscribed, and the comings and goings without who: written only when one subscribes or
// leaves). One process owns the folder, so the broadcast lease and the pace live in memory.
import { join } from 'node:path';
import { z } from 'zod';
import type { Channel } from '../../address/address.ts';
import { storedAnnouncement, type Announcement, type AnnouncementStatus, type Audience, type DeliveryCounts } from '../../announcements/announcement.ts';
import type { AnnouncementFilter, AnnouncementStore, VapidKeys } from '../../announcements/store.ts';
import { storedSubscription, subscriptionEvent, type EndReason, type Subscription, type SubscriptionEvent } from '../../announcements/subscription.ts';
import { JsonDocument } from './json-document.ts';

const announcementsFile = z.object({
  announcements: z.array(storedAnnouncement),
  vapid: z.object({ publicKey: z.string(), privateKey: z.string() }).optional(),
});
const subscriptionsFile = z.object({ subscriptions: z.array(storedSubscription), events: z.array(subscriptionEvent) });

const inAudience = (audience: Audience) => (s: Subscription) => !audience.unit || s.unit === audience.unit;

export class AnnouncementsFile implements AnnouncementStore {
  /** Subscriptions in key order, made again after a change (broadcasts read them page by page). */
  private sorted: Subscription[] | undefined;
  private readonly paces = new Map<Channel, number>();

  private constructor(
    private readonly doc: JsonDocument<z.infer<typeof announcementsFile>>,
    private readonly subs: JsonDocument<z.infer<typeof subscriptionsFile>>,
  ) {}

  static async open(dataDir: string): Promise<AnnouncementsFile> {
    const doc = await JsonDocument.open(join(dataDir, 'announcements.json'), { announcements: [] }, { validate: (d) => announcementsFile.parse(d) });
    const subs = await JsonDocument.open(join(dataDir, 'subscriptions.json'), { subscriptions: [], events: [] }, { validate: (d) => subscriptionsFile.parse(d) });
    return new AnnouncementsFile(doc, subs);
  }

  async create(a: Announcement): Promise<void> {
    const checked = storedAnnouncement.parse(a);
    await this.doc.update((d) => {
      if (d.announcements.some((x) => x.id === a.id)) throw new Error(`Tin ${a.id} đã có`);
      d.announcements.push(checked);
    });
  }

  async get(id: string): Promise<Announcement | undefined> {
    const a = this.doc.data.announcements.find((x) => x.id === id);
    return a && structuredClone(a);
  }

  async list(filter: AnnouncementFilter = {}): Promise<Announcement[]> {
    const rows = this.doc.data.announcements.filter((a) => (!filter.status || filter.status.includes(a.status)) && (filter.unit === undefined || !a.unit || a.unit === filter.unit));
    return structuredClone(rows.slice().reverse().slice(0, filter.limit ?? rows.length));
  }

  async replace(id: string, from: readonly AnnouncementStatus[], next: Announcement): Promise<Announcement | undefined> {
    const checked = storedAnnouncement.parse(next);
    return this.doc.update((d) => {
      const i = d.announcements.findIndex((x) => x.id === id);
      if (i < 0 || !from.includes(d.announcements[i]!.status)) return undefined;
      d.announcements[i] = checked;
      return structuredClone(checked);
    });
  }

  async advance(id: string, cursor: string): Promise<void> {
    await this.doc.update((d) => {
      const a = d.announcements.find((x) => x.id === id);
      if (a?.status === 'sending' && (a.cursor === undefined || a.cursor < cursor)) a.cursor = cursor;
    });
  }

  async count(id: string, outcome: keyof DeliveryCounts): Promise<void> {
    await this.doc.update((d) => {
      const a = d.announcements.find((x) => x.id === id);
      if (a && 'recipients' in a) a[outcome]++;
    });
  }

  async leaseFeed(): Promise<boolean> {
    return true;
  }

  async subscribe(s: Subscription): Promise<boolean> {
    const checked = storedSubscription.parse(s);
    return this.subs.update((d) => {
      const i = d.subscriptions.findIndex((x) => x.key === s.key);
      this.sorted = undefined;
      if (i >= 0) {
        const old = d.subscriptions[i]!;
        d.subscriptions[i] = { ...old, ...(checked.unit ? { unit: checked.unit } : {}), ...(checked.push ? { push: checked.push } : {}), to: checked.to };
        return false;
      }
      d.subscriptions.push(checked);
      d.events.push({ at: checked.since, channel: checked.to.channel, ...(checked.unit ? { unit: checked.unit } : {}), kind: 'subscribed' });
      return true;
    });
  }

  async unsubscribe(key: string, at: Date, reason: EndReason): Promise<boolean> {
    if (!this.subs.data.subscriptions.some((x) => x.key === key)) return false;
    return this.subs.update((d) => {
      const old = d.subscriptions.find((x) => x.key === key);
      if (!old) return false;
      this.sorted = undefined;
      d.subscriptions = d.subscriptions.filter((x) => x !== old);
      d.events.push({ at: at.toISOString(), channel: old.to.channel, ...(old.unit ? { unit: old.unit } : {}), kind: 'unsubscribed', reason });
      return true;
    });
  }

  async subscription(key: string): Promise<Subscription | undefined> {
    const s = this.subs.data.subscriptions.find((x) => x.key === key);
    return s && structuredClone(s);
  }

  async countSubscribers(audience: Audience): Promise<number> {
    return this.subs.data.subscriptions.filter(inAudience(audience)).length;
  }

  async subscribersAfter(audience: Audience, after: string | undefined, limit: number): Promise<Subscription[]> {
    this.sorted ??= this.subs.data.subscriptions.slice().sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const out: Subscription[] = [];
    const match = inAudience(audience);
    // Binary search for the first key after the cursor: a broadcast reads thousands of pages.
    let lo = 0;
    let hi = this.sorted.length;
    while (after !== undefined && lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid]!.key <= after) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.sorted.length && out.length < limit; i++) if (match(this.sorted[i]!)) out.push(structuredClone(this.sorted[i]!));
    return out;
  }

  async subscriptionEvents(range: { from?: string; to: string }): Promise<SubscriptionEvent[]> {
    const from = range.from ? Date.parse(range.from) : -Infinity;
    const to = Date.parse(range.to);
    return structuredClone(this.subs.data.events.filter((e) => Date.parse(e.at) >= from && Date.parse(e.at) < to));
  }

  async pace(channel: Channel, spacingMs: number): Promise<number> {
    const now = Date.now();
    const slot = Math.max(this.paces.get(channel) ?? 0, now);
    this.paces.set(channel, slot + spacingMs);
    return slot - now;
  }

  async vapidKeys(make: () => VapidKeys): Promise<VapidKeys> {
    if (this.doc.data.vapid) return { ...this.doc.data.vapid };
    return this.doc.update((d) => (d.vapid ??= make()));
  }

  async close(): Promise<void> {
    await this.doc.close();
    await this.subs.close();
  }
}
