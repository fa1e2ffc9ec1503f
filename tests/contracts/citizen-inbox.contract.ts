// The CitizenInboxStore contract: what waits for a citizen's web page.
import { describe, expect, it } from 'vitest';
import type { InboxMessage } from '../../src/outbox/citizen-inbox.ts';
import { DAY, warmUp, type StoreTarget } from './target.ts';

const message = (id: string, at = new Date().toISOString()): InboxMessage => ({ id, text: `Trả lời ${id}: hồ sơ đã có kết quả.`, kind: 'staff-answer', code: 'PA-ACDEFG', at });

export function citizenInboxContract(target: StoreTarget): void {
  describe('citizen web inbox', () => {
    it('adds a message once, keeps each citizen\'s apart, oldest first', async () => {
      const { webInbox } = await target.open();
      expect(await webInbox.list('citizen-1')).toEqual([]);
      expect(await webInbox.append('citizen-1', message('m1'))).toBe(true);
      expect(await webInbox.append('citizen-1', { ...message('m2'), code: undefined, kind: 'reply' })).toBe(true);
      expect(await webInbox.append('citizen-1', { ...message('m1'), text: 'lần hai' })).toBe(false);
      expect(await webInbox.append('citizen-2', message('m1'))).toBe(true);
      const list = await webInbox.list('citizen-1');
      expect(list.map((m) => m.id)).toEqual(['m1', 'm2']);
      expect(list[0]).toEqual(message('m1', list[0]!.at));
      expect(list[1]!.code).toBeUndefined();
      expect((await webInbox.list('citizen-2')).map((m) => m.id)).toEqual(['m1']);
    });

    it('adds a message once when it is delivered twice at the same moment', async () => {
      const store = await target.open();
      const { webInbox } = store;
      await warmUp(store);
      const results = await Promise.all(Array.from({ length: 5 }, () => webInbox.append('citizen-1', message('m1'))));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await webInbox.list('citizen-1')).toHaveLength(1);
    });

    it('keeps the newest 50 messages of a citizen, of the last 30 days', async () => {
      const { webInbox } = await target.open();
      const now = Date.now();
      await webInbox.append('citizen-1', message('old', new Date(now - 31 * DAY).toISOString()));
      await webInbox.append('citizen-1', message('recent', new Date(now - 29 * DAY).toISOString()));
      expect((await webInbox.list('citizen-1')).map((m) => m.id)).toEqual(['recent']);
      for (let i = 1; i <= 55; i++) await webInbox.append('citizen-1', message(`m${i}`));
      const kept = (await webInbox.list('citizen-1')).map((m) => m.id);
      expect(kept).toEqual(Array.from({ length: 50 }, (_, i) => `m${i + 6}`));
    });
  });
}
