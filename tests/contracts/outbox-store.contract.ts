// The OutboxStore contract: messages kept in order per lane, each lane head handed to one
// taker at a time, nothing kept of a message's text once it has left the queue.
import { describe, expect, it } from 'vitest';
import type { CitizenAddress } from '../../src/address/address.ts';
import type { Destination, OutboxMessage } from '../../src/outbox/message.ts';
import { Outbox } from '../../src/outbox/outbox.ts';
import type { OutboxStore, QueuedMessage } from '../../src/outbox/store.ts';
import { DAY, MINUTE, SECOND, manualClock, warmUp, type StoreTarget } from './target.ts';

const T0 = '2026-03-02T08:00:00.000Z';
const SECRET = 'Nguyễn Văn A, 0912 345 678, số 5 ngõ 12';
const CLAIM_MS = 2 * MINUTE;

const chat = (chatId: string): CitizenAddress => ({ channel: 'telegram', chatId, userId: `u-${chatId}` });

function message(id: string, destination: string, extra: Partial<QueuedMessage> = {}): QueuedMessage {
  return { id, destination, kind: 'staff-answer', code: 'PA-ACDEFG', text: `${SECRET} (${id})`, createdAt: T0, attempts: 0, nextAttemptAt: T0, ...extra };
}

const ids = (messages: { id: string }[]) => messages.map((m) => m.id);

export function outboxStoreContract(target: StoreTarget): void {
  const open = async () => (await target.open()).outbox('notifications');
  /** Two lanes to staff destinations, two citizen chats on one destination. */
  const lanes = async (outbox: OutboxStore) => {
    await outbox.add([
      message('a1', 'staff-file'),
      message('b1', 'citizen', { to: chat('1') }),
      message('a2', 'staff-file'),
      message('c1', 'citizen', { to: chat('2') }),
      message('b2', 'citizen', { to: chat('1') }),
      message('d1', 'staff-telegram'),
    ]);
  };

  describe('outbox store', () => {
    it('keeps messages in the order added, whole, and ignores ids it already knows', async () => {
      const outbox = await open();
      await lanes(outbox);
      await outbox.add([message('a2', 'staff-file', { text: 'lần hai' }), message('e1', 'staff-file'), message('e1', 'staff-file', { text: 'trùng' })]);
      const pending = await outbox.pending();
      expect(ids(pending)).toEqual(['a1', 'b1', 'a2', 'c1', 'b2', 'd1', 'e1']);
      expect(pending[1]).toEqual(message('b1', 'citizen', { to: chat('1') }));
      expect(pending[2]!.text).toBe(`${SECRET} (a2)`);
      expect(pending[6]!.text).toBe(`${SECRET} (e1)`);
    });

    it('keeps the unit a staff message is for, which picks its staff chat', async () => {
      const outbox = await open();
      await outbox.add([message('u1', 'staff-telegram', { unit: 'phuong-b-lao' })]);
      expect((await outbox.pending())[0]).toEqual(message('u1', 'staff-telegram', { unit: 'phuong-b-lao' }));
      const [claimed] = await outbox.claim(new Date(Date.now() + 60_000), 60_000, 10);
      expect(claimed!.unit).toBe('phuong-b-lao');
    });

    it('hands out only the head of each lane, oldest first, up to the limit', async () => {
      const outbox = await open();
      await lanes(outbox);
      const now = new Date(T0);
      expect(ids(await outbox.claim(now, CLAIM_MS, 2))).toEqual(['a1', 'b1']);
      expect(ids(await outbox.claim(now, CLAIM_MS, 10))).toEqual(['c1', 'd1']);
      expect(await outbox.claim(now, CLAIM_MS, 10)).toEqual([]);
      expect(await outbox.claim(now, CLAIM_MS, 0)).toEqual([]);
    });

    it('hands nothing out before it is due', async () => {
      const outbox = await open();
      await outbox.add([message('later', 'staff-file', { nextAttemptAt: '2026-03-02T09:00:00.000Z' })]);
      expect(await outbox.claim(new Date(T0), CLAIM_MS, 10)).toEqual([]);
      expect(await outbox.nextDueAt(new Date(T0))).toBe(Date.parse('2026-03-02T09:00:00.000Z'));
      expect(ids(await outbox.claim(new Date('2026-03-02T09:00:00.000Z'), CLAIM_MS, 10))).toEqual(['later']);
    });

    it('hands a claimed message to no other taker until the claim runs out', async () => {
      const outbox = await open();
      await outbox.add([message('a1', 'staff-file'), message('a2', 'staff-file')]);
      const t = Date.parse(T0);
      const [first] = await outbox.claim(new Date(t), CLAIM_MS, 10);
      expect(first).toEqual(message('a1', 'staff-file'));
      expect(await outbox.claim(new Date(t + CLAIM_MS - SECOND), CLAIM_MS, 10)).toEqual([]);
      // The lane is held: nothing waits that could be handed out.
      expect(await outbox.nextDueAt(new Date(t + SECOND))).toBeUndefined();
      // A taker that never marked its claim (a killed replica): the message is handed out again.
      expect(ids(await outbox.claim(new Date(t + CLAIM_MS), CLAIM_MS, 10))).toEqual(['a1']);
    });

    it('keeps a renewed claim past its first end, and hands the message out once the renewal runs out', async () => {
      const outbox = await open();
      await outbox.add([message('a1', 'staff-file'), message('b1', 'staff-telegram')]);
      const t = Date.parse(T0);
      expect(ids(await outbox.claim(new Date(t), CLAIM_MS, 1))).toEqual(['a1']);
      await outbox.extendClaims(['a1', 'b1'], new Date(t + 3 * CLAIM_MS));
      // b1 was not claimed: extending does not claim it.
      expect(ids(await outbox.claim(new Date(t + CLAIM_MS), CLAIM_MS, 10))).toEqual(['b1']);
      expect(await outbox.claim(new Date(t + 2 * CLAIM_MS - SECOND), CLAIM_MS, 10)).toEqual([]);
      expect(ids(await outbox.claim(new Date(t + 3 * CLAIM_MS), CLAIM_MS, 10))).toEqual(['a1', 'b1']);
    });

    it('hands each message to one of several takers claiming at once', async () => {
      const store = await target.open();
      await warmUp(store);
      const outbox = store.outbox('notifications');
      await outbox.add(Array.from({ length: 30 }, (_, i) => message(`m${i}`, `dest-${i % 10}`)));
      const batches = await Promise.all(Array.from({ length: 6 }, () => outbox.claim(new Date(T0), CLAIM_MS, 4)));
      const claimed = batches.flatMap(ids);
      expect(new Set(claimed).size).toBe(claimed.length);
      // Ten lanes, ten heads, whoever took them.
      expect(claimed.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `m${i}`).sort());
    });

    it('moves a lane on once its head is delivered, and keeps no text of it', async () => {
      const outbox = await open();
      await lanes(outbox);
      const now = new Date(T0);
      await outbox.claim(now, CLAIM_MS, 10);
      await outbox.markDelivered('a1', now);
      await outbox.markDelivered('b1', now);
      expect(ids(await outbox.claim(now, CLAIM_MS, 10))).toEqual(['a2', 'b2']);
      expect(ids(await outbox.pending())).toEqual(['a2', 'c1', 'b2', 'd1']);
      expect(await outbox.known(['a1', 'b1', 'zz'])).toEqual(new Set(['a1', 'b1']));
      // Delivered is delivered: adding it again queues nothing.
      await outbox.add([message('a1', 'staff-file')]);
      expect(ids(await outbox.pending())).not.toContain('a1');
      // Marking a message that waits no more changes nothing.
      await outbox.markDelivered('a1', now);
      await outbox.markFailed('a1', { attempts: 3, nextAttemptAt: T0, lastError: 'x' });
      expect(ids(await outbox.pending())).toEqual(['a2', 'c1', 'b2', 'd1']);
    });

    it('holds back the lane of a failed head until its retry time, while the other lanes go on', async () => {
      const outbox = await open();
      await lanes(outbox);
      const clock = manualClock(T0);
      await outbox.claim(clock.now(), CLAIM_MS, 10);
      await outbox.markFailed('a1', { attempts: 1, nextAttemptAt: clock.iso(MINUTE), lastError: 'staff-file không ghi được' });
      await outbox.markDelivered('b1', clock.now());
      await outbox.markDelivered('c1', clock.now());
      await outbox.markDelivered('d1', clock.now());
      expect(ids(await outbox.claim(clock.now(), CLAIM_MS, 10))).toEqual(['b2']);
      await outbox.markDelivered('b2', clock.now());
      expect(await outbox.claim(clock.now(), CLAIM_MS, 10)).toEqual([]);
      expect(await outbox.nextDueAt(clock.now())).toBe(Date.parse(clock.iso(MINUTE)));
      expect((await outbox.pending())[0]).toEqual(message('a1', 'staff-file', { attempts: 1, nextAttemptAt: clock.iso(MINUTE), lastError: 'staff-file không ghi được' }));
      clock.advance(MINUTE);
      const [retry] = await outbox.claim(clock.now(), CLAIM_MS, 10);
      expect(retry).toMatchObject({ id: 'a1', attempts: 1, lastError: 'staff-file không ghi được' });
      await outbox.markDelivered('a1', clock.now());
      expect(ids(await outbox.claim(clock.now(), CLAIM_MS, 10))).toEqual(['a2']);
    });

    it('gives a message up keeping only its id, destination, time and error, and moves its lane on', async () => {
      const outbox = await open();
      await lanes(outbox);
      const now = new Date(T0);
      await outbox.claim(now, CLAIM_MS, 10);
      await outbox.markUndeliverable('b1', new Date('2026-03-02T08:00:05.000Z'), 'chat không tồn tại');
      expect(await outbox.undeliverable()).toEqual([{ id: 'b1', destination: 'citizen', at: '2026-03-02T08:00:05.000Z', error: 'chat không tồn tại' }]);
      expect(JSON.stringify(await outbox.undeliverable())).not.toContain(SECRET);
      expect(ids(await outbox.claim(now, CLAIM_MS, 10))).toEqual(['b2']);
      expect(await outbox.known(['b1'])).toEqual(new Set(['b1']));
      await outbox.add([message('b1', 'citizen', { to: chat('1') })]);
      expect(ids(await outbox.pending())).not.toContain('b1');
    });

    it('forgets delivered and given-up ids older than the cut-off, never a waiting message', async () => {
      const outbox = await open();
      await outbox.add([message('old-done', 'x'), message('old-dropped', 'y'), message('new-done', 'z'), message('waiting', 'w', { createdAt: '2025-01-01T00:00:00.000Z' })]);
      const t = Date.parse(T0);
      await outbox.markDelivered('old-done', new Date(t - 40 * DAY));
      await outbox.markUndeliverable('old-dropped', new Date(t - 31 * DAY), 'bị chặn');
      await outbox.markDelivered('new-done', new Date(t - 29 * DAY));
      await outbox.prune(new Date(t - 30 * DAY));
      expect(await outbox.known(['old-done', 'old-dropped', 'new-done', 'waiting'])).toEqual(new Set(['new-done', 'waiting']));
      expect(await outbox.undeliverable()).toEqual([]);
      expect(ids(await outbox.pending())).toEqual(['waiting']);
    });

    it('says when the next lane head falls due, and nothing when nothing waits', async () => {
      const outbox = await open();
      const now = new Date(T0);
      expect(await outbox.nextDueAt(now)).toBeUndefined();
      await outbox.add([message('a1', 'a', { nextAttemptAt: '2026-03-02T08:05:00.000Z' }), message('b1', 'b', { nextAttemptAt: '2026-03-02T08:03:00.000Z' })]);
      // A message behind a later head is not due before its head.
      await outbox.add([message('a2', 'a', { nextAttemptAt: '2026-03-02T08:01:00.000Z' })]);
      expect(await outbox.nextDueAt(now)).toBe(Date.parse('2026-03-02T08:03:00.000Z'));
    });

    it('keeps the two outboxes apart', async () => {
      const store = await target.open();
      const notifications = store.outbox('notifications');
      const replies = store.outbox('replies');
      await notifications.add([message('same-id', 'staff-file')]);
      await replies.add([message('same-id', 'citizen', { kind: 'reply', to: chat('1') })]);
      expect(await replies.pending()).toEqual([message('same-id', 'citizen', { kind: 'reply', to: chat('1') })]);
      expect(ids(await notifications.claim(new Date(T0), CLAIM_MS, 10))).toEqual(['same-id']);
      expect(ids(await replies.claim(new Date(T0), CLAIM_MS, 10))).toEqual(['same-id']);
      await notifications.markDelivered('same-id', new Date(T0));
      expect(ids(await replies.pending())).toEqual(['same-id']);
      expect(store.outbox('replies')).toBe(replies);
    });

    it('keeps waiting messages and what was delivered across a restart', async () => {
      const store = await target.open();
      const outbox = store.outbox('replies');
      await lanes(outbox);
      await outbox.markFailed('a1', { attempts: 2, nextAttemptAt: '2026-03-02T08:10:00.000Z', lastError: 'hết giờ' });
      await outbox.markDelivered('b1', new Date(T0));
      const again = (await target.reopen(store)).outbox('replies');
      expect(ids(await again.pending())).toEqual(['a1', 'a2', 'c1', 'b2', 'd1']);
      expect((await again.pending())[0]).toMatchObject({ attempts: 2, nextAttemptAt: '2026-03-02T08:10:00.000Z', lastError: 'hết giờ' });
      expect(await again.known(['b1'])).toEqual(new Set(['b1']));
    });

    it('lets the dispatcher deliver each lane in order, a failing chat holding up only itself', async () => {
      const store = await target.open();
      const clock = manualClock(T0);
      const received: string[] = [];
      let failChat1 = true;
      const citizen: Destination = {
        name: 'citizen',
        deliver: async (m: OutboxMessage) => {
          if (m.to?.chatId === '1' && failChat1) throw new Error('Telegram không phản hồi');
          received.push(m.text);
        },
      };
      const outbox = await Outbox.over(store.outbox('replies'), { destinations: [citizen], now: clock.now, random: () => 0, log: () => undefined });
      await outbox.enqueue([
        { destination: 'citizen', kind: 'reply', to: chat('1'), text: 'một-1' },
        { destination: 'citizen', kind: 'reply', to: chat('2'), text: 'hai-1' },
        { destination: 'citizen', kind: 'reply', to: chat('1'), text: 'một-2' },
        { destination: 'citizen', kind: 'reply', to: chat('2'), text: 'hai-2' },
      ]);
      expect(await outbox.flush()).toEqual({ delivered: 2, failed: 1, pending: 2 });
      expect(received).toEqual(['hai-1', 'hai-2']);
      failChat1 = false;
      clock.advance(MINUTE);
      expect(await outbox.flush()).toEqual({ delivered: 2, failed: 0, pending: 0 });
      expect(received).toEqual(['hai-1', 'hai-2', 'một-1', 'một-2']);
    });
  });

  const replica = target.replica;
  if (replica) {
    describe('outbox store: two replicas on one database', () => {
      it('never hand one message to both, and deliver every lane in order', async () => {
        const one = await target.open();
        const two = await replica(one);
        const lanesCount = 12;
        const perLane = 8;
        const all: QueuedMessage[] = [];
        for (let n = 0; n < perLane; n++) for (let l = 0; l < lanesCount; l++) all.push(message(`l${l}-n${n}`, 'citizen', { to: chat(`${l}`) }));
        await one.outbox('replies').add(all);
        const delivered: string[] = [];
        const taken = new Map<string, number>();
        const work = async (store: typeof one) => {
          const outbox = store.outbox('replies');
          for (let idle = 0; idle < 3; ) {
            const batch = await outbox.claim(new Date(T0), CLAIM_MS, 5);
            if (!batch.length) {
              idle++;
              await new Promise((resolve) => setImmediate(resolve));
              continue;
            }
            idle = 0;
            for (const m of batch) taken.set(m.id, (taken.get(m.id) ?? 0) + 1);
            await Promise.all(
              batch.map(async (m) => {
                delivered.push(m.id);
                await outbox.markDelivered(m.id, new Date(T0));
              }),
            );
          }
        };
        await Promise.all([work(one), work(two), work(one), work(two)]);
        expect([...taken.values()].every((n) => n === 1)).toBe(true);
        expect(delivered).toHaveLength(lanesCount * perLane);
        for (let l = 0; l < lanesCount; l++) {
          const lane = delivered.filter((id) => id.startsWith(`l${l}-`));
          expect(lane).toEqual(Array.from({ length: perLane }, (_, n) => `l${l}-n${n}`));
        }
        expect(await two.outbox('replies').pending()).toEqual([]);
      });
    });
  }
}
