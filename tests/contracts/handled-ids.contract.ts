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

    it('claims an update for one handler: taken while held, done once finished, free again when released', async () => {
      const store = await target.open();
      const claims = store.updateClaims('telegram-updates');
      expect(await claims.claim('u-1', 60_000)).toBe('mine');
      expect(await claims.claim('u-1', 60_000)).toBe('taken');
      expect(await store.handledIds('telegram-updates').has('u-1')).toBe(false);
      await claims.finish('u-1');
      expect(await claims.claim('u-1', 60_000)).toBe('done');
      expect(await store.handledIds('telegram-updates').has('u-1')).toBe(true);
      expect(await claims.claim('u-2', 60_000)).toBe('mine');
      await claims.release('u-2');
      expect(await claims.claim('u-2', 60_000)).toBe('mine');
      expect(await store.updateClaims('zalo-bot-received').claim('u-1', 60_000)).toBe('mine');
    });

    it('gives one of several simultaneous claims of an update, and keeps it done across a restart', async () => {
      const store = await target.open();
      await warmUp(store);
      const claims = store.updateClaims('zalo-bot-received');
      const outcomes = await Promise.all(Array.from({ length: 8 }, () => claims.claim('u-9', 60_000)));
      expect(outcomes.filter((o) => o === 'mine')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'taken')).toHaveLength(7);
      await claims.finish('u-9');
      const again = await target.reopen(store);
      expect(await again.updateClaims('zalo-bot-received').claim('u-9', 60_000)).toBe('done');
    });

    it('lets an update claimed but never finished (its handler killed) be claimed after a restart', async () => {
      const store = await target.open();
      expect(await store.updateClaims('telegram-updates').claim('u-5', 50)).toBe('mine');
      await new Promise((r) => setTimeout(r, 120));
      const again = await target.reopen(store);
      expect(await again.updateClaims('telegram-updates').claim('u-5', 60_000)).toBe('mine');
    });

    it('remembers the numbered options a chat was last shown, per scope, and forgets them on an empty list', async () => {
      const store = await target.open();
      const options = store.chatOptions('zalo-bot');
      expect(await options.get('c-1')).toBeUndefined();
      await options.set('c-1', ['p:docs', 'menu']);
      await options.set('c-1', ['p:fee', 'p:docs']);
      expect(await options.get('c-1')).toEqual(['p:fee', 'p:docs']);
      expect(await store.chatOptions('zalo').get('c-1')).toBeUndefined();
      await options.set('c-1', []);
      expect(await options.get('c-1')).toBeUndefined();
    });

    const replica = target.replica;
    if (replica) {
      it('shows a chat’s numbered options to every replica', async () => {
        const one = await target.open();
        const two = await replica(one);
        await one.chatOptions('zalo-bot').set('c-7', ['p:a', 'p:b']);
        expect(await two.chatOptions('zalo-bot').get('c-7')).toEqual(['p:a', 'p:b']);
      });

      it('hands an update over to another replica only once the holder’s lease runs out', async () => {
        const one = await target.open();
        const two = await replica(one);
        expect(await one.updateClaims('updates').claim('held', 60_000)).toBe('mine');
        expect(await one.updateClaims('updates').claim('lapsed', 100)).toBe('mine');
        expect(await two.updateClaims('updates').claim('held', 60_000)).toBe('taken');
        expect(await two.updateClaims('updates').claim('lapsed', 60_000)).toBe('taken');
        await new Promise((r) => setTimeout(r, 250));
        expect(await two.updateClaims('updates').claim('held', 60_000)).toBe('taken');
        const takeovers = await Promise.all([two.updateClaims('updates').claim('lapsed', 60_000), one.updateClaims('updates').claim('lapsed', 60_000)]);
        expect(takeovers.filter((o) => o === 'mine')).toHaveLength(1);
      });

      it('keeps an update with its holder while the holder renews the claim', async () => {
        const one = await target.open();
        const two = await replica(one);
        expect(await one.updateClaims('updates').claim('slow', 150)).toBe('mine');
        for (let i = 0; i < 4; i++) {
          await new Promise((r) => setTimeout(r, 75));
          await one.updateClaims('updates').extend('slow', 150);
          expect(await two.updateClaims('updates').claim('slow', 60_000)).toBe('taken');
        }
        await new Promise((r) => setTimeout(r, 250));
        expect(await two.updateClaims('updates').claim('slow', 60_000)).toBe('mine');
      });


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
