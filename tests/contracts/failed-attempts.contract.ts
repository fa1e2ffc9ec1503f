// The FailedAttempts contract: failures counted per key, across every session and replica,
// forgotten a window after the last one, cleared by a success.
import { describe, expect, it } from 'vitest';
import { HOUR, MINUTE, warmUp, type StoreTarget } from './target.ts';

const T0 = Date.parse('2026-10-01T08:00:00.000Z');
const at = (offsetMs: number) => new Date(T0 + offsetMs);

export function failedAttemptsContract(target: StoreTarget): void {
  describe('failed attempts', () => {
    it('counts failures per key and kind, whoever makes them, and forgets them a window after the last', async () => {
      const store = await target.open();
      const codes = store.failedAttempts('tracking-code', 24 * HOUR);
      expect(await codes.get('PA-ACDEFG', at(0))).toEqual({ failures: 0 });
      expect(await codes.add('PA-ACDEFG', at(0))).toEqual({ failures: 1, lastAt: at(0).toISOString() });
      expect(await codes.add('PA-ACDEFG', at(MINUTE))).toEqual({ failures: 2, lastAt: at(MINUTE).toISOString() });
      // The same kind asked for again (another session, another channel) sees the same count.
      expect(await store.failedAttempts('tracking-code', 24 * HOUR).get('PA-ACDEFG', at(2 * MINUTE))).toEqual({ failures: 2, lastAt: at(MINUTE).toISOString() });
      expect(await codes.get('PA-OTHER1', at(2 * MINUTE))).toEqual({ failures: 0 });
      expect(await store.failedAttempts('staff-login', HOUR).get('PA-ACDEFG', at(2 * MINUTE))).toEqual({ failures: 0 });
      // The window runs from the last failure.
      expect((await codes.get('PA-ACDEFG', at(MINUTE + 24 * HOUR - 1))).failures).toBe(2);
      expect(await codes.get('PA-ACDEFG', at(MINUTE + 24 * HOUR))).toEqual({ failures: 0 });
      expect(await codes.add('PA-ACDEFG', at(MINUTE + 24 * HOUR))).toEqual({ failures: 1, lastAt: at(MINUTE + 24 * HOUR).toISOString() });
    });

    it('forgets a key when cleared', async () => {
      const store = await target.open();
      const logins = store.failedAttempts('staff-login', HOUR);
      await logins.add('khong.co.ai', at(0));
      await logins.clear('khong.co.ai');
      await logins.clear('chua.tung.sai');
      expect(await logins.get('khong.co.ai', at(MINUTE))).toEqual({ failures: 0 });
    });

    it('counts every one of many failures at the same moment, and keeps them across a restart', async () => {
      const store = await target.open();
      await warmUp(store);
      const codes = store.failedAttempts('tracking-code', 24 * HOUR);
      const counts = await Promise.all(Array.from({ length: 12 }, () => codes.add('PA-XYZ234', at(0))));
      expect(counts.map((c) => c.failures).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      const again = await target.reopen(store);
      expect((await again.failedAttempts('tracking-code', 24 * HOUR).get('PA-XYZ234', at(HOUR))).failures).toBe(12);
    });

    const replica = target.replica;
    if (replica) {
      it('shares the counts between replicas', async () => {
        const one = await target.open();
        const two = await replica(one);
        await one.failedAttempts('tracking-code', HOUR).add('PA-REPLIC', at(0));
        await two.failedAttempts('tracking-code', HOUR).add('PA-REPLIC', at(MINUTE));
        expect((await one.failedAttempts('tracking-code', HOUR).get('PA-REPLIC', at(2 * MINUTE))).failures).toBe(2);
      });
    }
  });
}
