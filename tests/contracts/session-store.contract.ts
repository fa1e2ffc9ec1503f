// The SessionStore contract: a citizen's conversation state, forgotten a day after its last change.
import { describe, expect, it } from 'vitest';
import { SESSION_TTL_MS, type Session } from '../../src/conversation/session.ts';
import { HOUR, MINUTE, type StoreTarget } from './target.ts';

const T0 = Date.parse('2026-10-01T08:00:00.000Z');
const at = (offsetMs: number) => new Date(T0 + offsetMs);

const drafting = (updatedAt: string, content = 'Đèn đường hỏng'): Session => ({
  flow: { kind: 'feedback', step: 'name', draft: { id: 'draft-1', kind: 'phan-anh', content, consentAt: '2026-10-01T07:59:00.000Z' } },
  lastEntryId: 'land.transfer',
  verifyFailures: { 'PA-ACDEFG': 1 },
  updatedAt,
});

export function sessionStoreContract(target: StoreTarget): void {
  describe('session store', () => {
    it('gives a fresh, idle session to a citizen it does not know', async () => {
      const { sessions } = await target.open();
      expect(await sessions.get('telegram:1', at(0))).toEqual({ flow: { kind: 'idle' }, updatedAt: at(0).toISOString() });
    });

    it('gives back what was saved, per citizen, stamped with the time of the save', async () => {
      const { sessions } = await target.open();
      await sessions.save('telegram:1', drafting(at(0).toISOString()), at(MINUTE));
      await sessions.save('zalo-bot:1', { flow: { kind: 'status' }, updatedAt: at(0).toISOString() }, at(2 * MINUTE));
      expect(await sessions.get('telegram:1', at(5 * MINUTE))).toEqual(drafting(at(MINUTE).toISOString()));
      expect(await sessions.get('zalo-bot:1', at(5 * MINUTE))).toEqual({ flow: { kind: 'status' }, updatedAt: at(2 * MINUTE).toISOString() });
      const copy = await sessions.get('telegram:1', at(5 * MINUTE));
      copy.flow = { kind: 'idle' };
      expect((await sessions.get('telegram:1', at(5 * MINUTE))).flow.kind).toBe('feedback');
    });

    it('forgets a session a day after its last change', async () => {
      const { sessions } = await target.open();
      await sessions.save('web:1', drafting(at(0).toISOString()), at(0));
      expect((await sessions.get('web:1', at(SESSION_TTL_MS - 1))).flow.kind).toBe('feedback');
      expect(await sessions.get('web:1', at(SESSION_TTL_MS))).toEqual({ flow: { kind: 'idle' }, updatedAt: at(SESSION_TTL_MS).toISOString() });
    });

    it('writes only a changed session: saving the same state again does not push the expiry back', async () => {
      const { sessions } = await target.open();
      await sessions.save('web:1', drafting(at(0).toISOString()), at(0));
      // The same state, read and saved back at a later time: nothing to write.
      await sessions.save('web:1', await sessions.get('web:1', at(23 * HOUR)), at(23 * HOUR));
      expect((await sessions.get('web:1', at(23 * HOUR))).updatedAt).toBe(at(0).toISOString());
      expect((await sessions.get('web:1', at(25 * HOUR))).flow.kind).toBe('idle');

      // A change does.
      await sessions.save('web:2', drafting(at(0).toISOString()), at(0));
      await sessions.save('web:2', drafting(at(0).toISOString(), 'Đèn đường hỏng, đã ba hôm'), at(23 * HOUR));
      const changed = await sessions.get('web:2', at(25 * HOUR));
      expect(changed).toEqual(drafting(at(23 * HOUR).toISOString(), 'Đèn đường hỏng, đã ba hôm'));
    });

    it('starts afresh after an expired session, and keeps the new one', async () => {
      const { sessions } = await target.open();
      await sessions.save('web:1', drafting(at(0).toISOString()), at(0));
      const fresh = await sessions.get('web:1', at(2 * SESSION_TTL_MS));
      await sessions.save('web:1', { ...fresh, flow: { kind: 'status' } }, at(2 * SESSION_TTL_MS));
      expect(await sessions.get('web:1', at(2 * SESSION_TTL_MS + MINUTE))).toEqual({ flow: { kind: 'status' }, updatedAt: at(2 * SESSION_TTL_MS).toISOString() });
    });

    it('keeps the ward a citizen chose when the rest of the session expires', async () => {
      const { sessions } = await target.open();
      await sessions.save('web:3', { ...drafting(at(0).toISOString()), unit: 'phuong-b-lao' }, at(0));
      expect(await sessions.get('web:3', at(30 * 24 * HOUR))).toEqual({ flow: { kind: 'idle' }, unit: 'phuong-b-lao', updatedAt: at(30 * 24 * HOUR).toISOString() });
    });

    it('keeps sessions across a restart', async () => {
      const store = await target.open();
      await store.sessions.save('telegram:9', drafting(at(0).toISOString()), at(0));
      const again = await target.reopen(store);
      expect(await again.sessions.get('telegram:9', at(HOUR))).toEqual(drafting(at(0).toISOString()));
    });

    const replica = target.replica;
    if (replica) {
      it('shares sessions between replicas: the next message may reach the other one', async () => {
        const one = await target.open();
        const two = await replica(one);
        await one.sessions.save('zalo-bot:7', drafting(at(0).toISOString()), at(0));
        expect(await two.sessions.get('zalo-bot:7', at(MINUTE))).toEqual(drafting(at(0).toISOString()));
      });
    }
  });
}
