// The SessionStore contract: a citizen's conversation state, forgotten a day after its last change.
import { describe, expect, it } from 'vitest';
import { MESSAGE_LIMIT } from '../../src/conversation/rate-limits.ts';
import { SESSION_FORGET_MS, SESSION_TTL_MS, type Session } from '../../src/conversation/session.ts';
import { DAY, HOUR, MINUTE, type StoreTarget } from './target.ts';

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

    it('keeps the ward a citizen chose and the entries rated when the rest of the session expires, for 30 days', async () => {
      const { sessions } = await target.open();
      await sessions.save('web:3', { ...drafting(at(0).toISOString()), unit: 'phuong-b-lao', rated: ['civil.birth'] }, at(0));
      expect(await sessions.get('web:3', at(29 * DAY))).toEqual({ flow: { kind: 'idle' }, unit: 'phuong-b-lao', rated: ['civil.birth'], updatedAt: at(29 * DAY).toISOString() });
      expect(SESSION_FORGET_MS).toBe(30 * DAY);
      expect(await sessions.get('web:3', at(30 * DAY))).toEqual({ flow: { kind: 'idle' }, updatedAt: at(30 * DAY).toISOString() });
    });

    it('keeps nothing for a session that holds nothing, and forgets one that comes to hold nothing', async () => {
      const store = await target.open();
      await store.sessions.save('web:blank', { flow: { kind: 'idle' }, updatedAt: at(0).toISOString() }, at(0));
      await store.sessions.save('web:4', drafting(at(0).toISOString()), at(0));
      await store.sessions.save('web:4', { flow: { kind: 'idle' }, updatedAt: at(0).toISOString() }, at(MINUTE));
      await store.sessions.save('web:5', { flow: { kind: 'idle' }, lastEntryId: 'civil.birth', updatedAt: at(0).toISOString() }, at(MINUTE));
      const again = await target.reopen(store);
      expect(await again.sessions.get('web:4', at(2 * MINUTE))).toEqual({ flow: { kind: 'idle' }, updatedAt: at(2 * MINUTE).toISOString() });
      expect(await again.sessions.get('web:5', at(2 * MINUTE))).toEqual({ flow: { kind: 'idle' }, lastEntryId: 'civil.birth', updatedAt: at(MINUTE).toISOString() });
      expect(await target.storedSessions(again)).toEqual(['web:5']);
    });

    it('counts messages where the message limiter does, when it reads sessions and counts at once', async () => {
      const store = await target.open();
      if (!store.sessions.countAndGet) return;
      await store.sessions.save('web:6', drafting(at(0).toISOString()), at(0));
      const first = await store.sessions.countAndGet('web:6', at(MINUTE), MESSAGE_LIMIT);
      expect(first).toEqual({ consumed: 1, session: drafting(at(0).toISOString()) });
      await store.messageLimiter.consume('web:6');
      expect((await store.sessions.countAndGet('web:6', at(MINUTE), MESSAGE_LIMIT)).consumed).toBe(3);
      expect((await store.messageLimiter.get('web:6'))?.consumedPoints).toBe(3);
      expect(await store.sessions.countAndGet('web:unknown', at(MINUTE), MESSAGE_LIMIT)).toEqual({ consumed: 1, session: { flow: { kind: 'idle' }, updatedAt: at(MINUTE).toISOString() } });
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
