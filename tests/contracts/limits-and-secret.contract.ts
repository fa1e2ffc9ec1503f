// The message limiter and the web cookie key of a store bundle.
import { describe, expect, it } from 'vitest';
import { MESSAGE_LIMIT, MessageLimit } from '../../src/conversation/rate-limits.ts';
import type { StoreTarget } from './target.ts';

export function limitsAndSecretContract(target: StoreTarget): void {
  describe('message limit and web key', () => {
    it('lets a citizen send MESSAGE_LIMIT messages a minute, then says so once', async () => {
      const store = await target.open();
      const limit = new MessageLimit(store.messageLimiter);
      const verdicts = [];
      for (let i = 0; i < MESSAGE_LIMIT.points + 2; i++) verdicts.push(await limit.check('telegram:1'));
      expect(verdicts).toEqual([...Array<string>(MESSAGE_LIMIT.points).fill('ok'), 'notice', 'quiet']);
      expect(await limit.check('telegram:2')).toBe('ok');
    });

    it('uses WEB_SESSION_SECRET when given, and otherwise one key made once and kept', async () => {
      const store = await target.open();
      expect(await store.webSecret('mot-bi-mat-du-dai-cho-cookie')).toEqual(Buffer.from('mot-bi-mat-du-dai-cho-cookie', 'utf8'));
      const made = await store.webSecret();
      expect(made).toHaveLength(32);
      expect(await store.webSecret()).toEqual(made);
      const again = await target.reopen(store);
      expect(await again.webSecret()).toEqual(made);
    });

    const replica = target.replica;
    if (replica) {
      it('shares the counts and the key between replicas', async () => {
        const one = await target.open();
        const two = await replica(one);
        const limits = [new MessageLimit(one.messageLimiter), new MessageLimit(two.messageLimiter)];
        for (let i = 0; i < MESSAGE_LIMIT.points; i++) expect(await limits[i % 2]!.check('web:1')).toBe('ok');
        expect(await limits[1]!.check('web:1')).toBe('notice');
        const [a, b] = await Promise.all([one.webSecret(), two.webSecret()]);
        expect(a).toEqual(b);
      });
    }
  });
}
