// The HandledIds contract: an id is handled once, by one caller, in any replica.
import { describe, expect, it } from 'vitest';
import { warmUp, type StoreTarget } from './target.ts';

export function handledIdsContract(target: StoreTarget): void {
  describe('handled ids', () => {
    it('records an id once: add is true the first time only, per scope', async () => {
      const store = await target.open();
      const sent = store.handledIds('telegram-sent');
      expect(await sent.has('m-1')).toBe(false);
      expect(await sent.add('m-1')).toBe(true);
      expect(await sent.has('m-1')).toBe(true);
      expect(await sent.add('m-1')).toBe(false);
      expect(await store.handledIds('telegram-sent').add('m-1')).toBe(false);
      const received = store.handledIds('telegram-updates');
      expect(await received.has('m-1')).toBe(false);
      expect(await received.add('m-1')).toBe(true);
    });

    it('says true to exactly one of several adds of one id at the same moment', async () => {
      const store = await target.open();
      await warmUp(store);
      const ids = store.handledIds('zalo-bot-received');
      const results = await Promise.all(Array.from({ length: 8 }, () => ids.add('update-42')));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('remembers across a restart', async () => {
      const store = await target.open();
      await store.handledIds('zalo-bot-sent').add('part-1');
      const again = await target.reopen(store);
      expect(await again.handledIds('zalo-bot-sent').has('part-1')).toBe(true);
      expect(await again.handledIds('zalo-bot-sent').add('part-1')).toBe(false);
    });

    const replica = target.replica;
    if (replica) {
      it('says true to exactly one replica when two handle one update at once', async () => {
        const one = await target.open();
        const two = await replica(one);
        await Promise.all([warmUp(one), warmUp(two)]);
        for (let i = 0; i < 20; i++) {
          const results = await Promise.all([one.handledIds('updates').add(`u-${i}`), two.handledIds('updates').add(`u-${i}`)]);
          expect(results.filter(Boolean)).toHaveLength(1);
        }
      });
    }
  });
}
