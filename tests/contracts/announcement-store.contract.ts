// The AnnouncementStore contract: announcements and their moves between statuses, counts,
// the feeding lease, subscriptions and their comings and goings, the shared pace, the kept
// push keys: the same on the lowdb data folder and on PostgreSQL.
import { describe, expect, it } from 'vitest';
import type { Announcement } from '../../src/announcements/announcement.ts';
import { newSubscription } from '../../src/announcements/subscription.ts';
import { warmUp, type StoreTarget } from './target.ts';

const base = { title: 'Lịch nghỉ Tết', text: 'Bộ phận một cửa nghỉ Tết từ 14/2 đến 22/2.', createdAt: '2026-01-05T01:00:00.000Z', createdBy: 'web:canbo', origin: 'staff' as const };
const draft = (id: string, unit?: string): Announcement => ({ ...base, id, status: 'draft', ...(unit ? { unit } : {}) });
const citizen = (channel: 'telegram' | 'web', n: number) => ({ channel, chatId: String(1000 + n), userId: String(1000 + n) });
const at = new Date('2026-01-05T02:00:00.000Z');

export function announcementStoreContract(target: StoreTarget): void {
  describe('announcements', () => {
    it('keeps announcements, newest first, by ward (those for everyone shown to every ward) and status', async () => {
      const store = await target.open();
      const a = store.announcements;
      await a.create(draft('a1', 'phuong-1'));
      await a.create(draft('a2'));
      await a.create({ ...draft('a3', 'phuong-2'), status: 'scheduled', sendAt: '2026-01-06T00:00:00.000Z' });
      await expect(a.create(draft('a1'))).rejects.toThrow();
      expect((await a.list()).map((x) => x.id)).toEqual(['a3', 'a2', 'a1']);
      expect((await a.list({ unit: 'phuong-1' })).map((x) => x.id)).toEqual(['a2', 'a1']);
      expect((await a.list({ status: ['scheduled'] })).map((x) => x.id)).toEqual(['a3']);
      expect((await a.list({ limit: 1 })).map((x) => x.id)).toEqual(['a3']);
      expect(await a.get('a3')).toMatchObject({ status: 'scheduled', sendAt: '2026-01-06T00:00:00.000Z', unit: 'phuong-2', title: base.title });
      const again = await target.reopen(store);
      expect((await again.announcements.get('a1'))?.title).toBe(base.title);
    });

    it('moves an announcement on only from the status expected; counts and cursor go with a broadcast', async () => {
      const store = await target.open();
      const a = store.announcements;
      await a.create(draft('b1'));
      const sending: Announcement = { ...draft('b1'), status: 'sending', sendAt: at.toISOString(), startedAt: at.toISOString(), recipients: 3, delivered: 0, failed: 0, blocked: 0 };
      expect(await a.replace('b1', ['scheduled'], sending)).toBeUndefined();
      expect(await a.replace('b1', ['draft'], sending)).toMatchObject({ status: 'sending', recipients: 3 });
      expect(await a.replace('b1', ['draft'], sending)).toBeUndefined();
      await a.count('b1', 'delivered');
      await a.count('b1', 'delivered');
      await a.count('b1', 'failed');
      await a.count('b1', 'blocked');
      await a.advance('b1', 'telegram:2');
      await a.advance('b1', 'telegram:1');
      expect(await a.get('b1')).toMatchObject({ delivered: 2, failed: 1, blocked: 1, cursor: 'telegram:2' });
      const current = (await a.get('b1'))!;
      expect(await a.replace('b1', ['sending'], { ...(current as Extract<Announcement, { status: 'sending' }>), status: 'sent', finishedAt: at.toISOString() })).toMatchObject({ status: 'sent', delivered: 2 });
      expect((await a.get('b1'))?.status).toBe('sent');
    });

    it('subscribes a citizen once per channel, follows them to another ward, forgets them when they leave, counts the comings and goings', async () => {
      const store = await target.open();
      const a = store.announcements;
      expect(await a.subscribe(newSubscription(citizen('telegram', 1), 'phuong-1', at))).toBe(true);
      expect(await a.subscribe(newSubscription(citizen('telegram', 1), 'phuong-1', at))).toBe(false);
      expect(await a.subscribe(newSubscription(citizen('web', 1), 'phuong-1', at))).toBe(true);
      expect(await a.subscribe(newSubscription(citizen('telegram', 2), 'phuong-2', at))).toBe(true);
      expect(await a.countSubscribers({})).toBe(3);
      expect(await a.countSubscribers({ unit: 'phuong-1' })).toBe(2);
      expect(await a.subscribe(newSubscription(citizen('telegram', 1), 'phuong-2', at))).toBe(false);
      expect((await a.subscription('telegram:1001'))?.unit).toBe('phuong-2');
      expect(await a.countSubscribers({ unit: 'phuong-2' })).toBe(2);
      expect(await a.unsubscribe('telegram:1002', new Date('2026-01-05T03:00:00.000Z'), 'blocked')).toBe(true);
      expect(await a.unsubscribe('telegram:1002', new Date('2026-01-05T03:00:00.000Z'), 'citizen')).toBe(false);
      expect(await a.subscription('telegram:1002')).toBeUndefined();
      const events = await a.subscriptionEvents({ to: '2026-02-01T00:00:00.000Z' });
      expect(events.map((e) => `${e.kind}:${e.channel}:${e.reason ?? ''}`)).toEqual(['subscribed:telegram:', 'subscribed:web:', 'subscribed:telegram:', 'unsubscribed:telegram:blocked']);
      expect(await a.subscriptionEvents({ from: '2026-01-05T02:30:00.000Z', to: '2026-02-01T00:00:00.000Z' })).toHaveLength(1);
      const again = await target.reopen(store);
      expect(await again.announcements.countSubscribers({})).toBe(2);
    });

    it('keeps a web subscription push target, and hands subscribers out in key order after a cursor', async () => {
      const store = await target.open();
      const a = store.announcements;
      const push = { endpoint: 'https://push.example/abc', keys: { p256dh: 'BOr', auth: 'xyz' } };
      await a.subscribe(newSubscription(citizen('web', 9), undefined, at));
      await a.subscribe(newSubscription(citizen('web', 9), undefined, at, push));
      expect((await a.subscription('web:1009'))?.push).toEqual(push);
      for (const n of [5, 3, 8, 1]) await a.subscribe(newSubscription(citizen('telegram', n), n % 2 ? 'phuong-1' : 'phuong-2', at));
      const first = await a.subscribersAfter({}, undefined, 3);
      expect(first.map((s) => s.key)).toEqual(['telegram:1001', 'telegram:1003', 'telegram:1005']);
      expect((await a.subscribersAfter({}, first.at(-1)!.key, 10)).map((s) => s.key)).toEqual(['telegram:1008', 'web:1009']);
      expect((await a.subscribersAfter({ unit: 'phuong-2' }, undefined, 10)).map((s) => s.key)).toEqual(['telegram:1008']);
      expect((await a.subscribersAfter({}, 'web:1009', 10))).toEqual([]);
      expect(first[0]!.to).toEqual(citizen('telegram', 1));
    });

    it('paces sends of a channel one spacing apart, whoever asks', async () => {
      const store = await target.open();
      await warmUp(store);
      const waits = await Promise.all(Array.from({ length: 5 }, () => store.announcements.pace('telegram', 100)));
      const sorted = waits.sort((x, y) => x - y);
      for (let i = 1; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 1]!).toBeGreaterThan(80);
      expect(sorted[4]! - sorted[0]!).toBeGreaterThan(350);
      expect(await store.announcements.pace('web', 100)).toBeLessThan(20);
    });

    it('makes the push keys once and keeps them', async () => {
      const store = await target.open();
      const keys = await store.announcements.vapidKeys(() => ({ publicKey: 'pub-1', privateKey: 'priv-1' }));
      expect(keys).toEqual({ publicKey: 'pub-1', privateKey: 'priv-1' });
      const again = await target.reopen(store);
      expect(await again.announcements.vapidKeys(() => ({ publicKey: 'pub-2', privateKey: 'priv-2' }))).toEqual(keys);
    });

    it('leases the feeding of a broadcast to one holder at a time (PostgreSQL: across replicas)', async () => {
      const store = await target.open();
      await store.announcements.create(draft('c1'));
      const until = new Date(Date.now() + 60_000);
      expect(await store.announcements.leaseFeed('c1', 'replica-a', until)).toBe(true);
      expect(await store.announcements.leaseFeed('c1', 'replica-a', until)).toBe(true);
      if (!target.replica) return;
      const other = await target.replica(store);
      expect(await other.announcements.leaseFeed('c1', 'replica-b', until)).toBe(false);
      expect(await store.announcements.leaseFeed('c1', 'replica-a', new Date(Date.now() - 1000))).toBe(true);
      expect(await other.announcements.leaseFeed('c1', 'replica-b', until)).toBe(true);
    });
  });
}
