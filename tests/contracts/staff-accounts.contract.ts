// The StaffAccountStore contract: one account changed atomically, whoever changes it at once.
import { describe, expect, it } from 'vitest';
import { StaffAccounts, type StaffAccount } from '../../src/staff/accounts.ts';
import { HOUR, warmUp, type StoreTarget } from './target.ts';

const account = (username: string, extra: Partial<StaffAccount> = {}): StaffAccount => ({
  username,
  role: 'staff',
  passwordHash: 'scrypt$32768$8$1$c2FsdA==$aGFzaA==',
  sessionVersion: 1,
  failedLogins: 0,
  createdAt: '2026-10-01T00:00:00.000Z',
  ...extra,
});

export function staffAccountsContract(target: StoreTarget): void {
  describe('staff account store', () => {
    it('creates, reads, lists by name, changes and deletes accounts', async () => {
      const { accounts } = await target.open();
      expect(await accounts.get('lan.nguyen')).toBeUndefined();
      expect(await accounts.update('lan.nguyen', (current) => current ?? account('lan.nguyen', { unit: 'phuong-a' }))).toEqual(account('lan.nguyen', { unit: 'phuong-a' }));
      await accounts.update('an-tran', () => account('an-tran', { role: 'admin' }));
      await accounts.update('binh_le', () => account('binh_le'));
      expect(await accounts.get('lan.nguyen')).toEqual(account('lan.nguyen', { unit: 'phuong-a' }));
      expect((await accounts.list()).map((a) => a.username)).toEqual(['an-tran', 'binh_le', 'lan.nguyen']);
      const locked = await accounts.update('binh_le', (current) => ({ ...current!, failedLogins: 0, lockedUntil: '2026-10-01T00:15:00.000Z' }));
      expect(locked?.lockedUntil).toBe('2026-10-01T00:15:00.000Z');
      expect(await accounts.get('binh_le')).toEqual(account('binh_le', { lockedUntil: '2026-10-01T00:15:00.000Z' }));
      expect(await accounts.update('an-tran', () => undefined)).toBeUndefined();
      expect(await accounts.get('an-tran')).toBeUndefined();
      // Deleting what is not there deletes nothing.
      expect(await accounts.update('khong-co', () => undefined)).toBeUndefined();
      expect((await accounts.list()).map((a) => a.username)).toEqual(['binh_le', 'lan.nguyen']);
    });

    it('stores nothing when the change throws or gives an account that is not one', async () => {
      const { accounts } = await target.open();
      await accounts.update('lan', () => account('lan'));
      await expect(
        accounts.update('lan', () => {
          throw new Error('Đã có tài khoản "lan".');
        }),
      ).rejects.toThrow('Đã có tài khoản "lan".');
      await expect(accounts.update('lan', (current) => ({ ...current!, role: 'boss' as never }))).rejects.toThrow();
      await expect(accounts.update('moi', () => ({ ...account('moi'), failedLogins: -1 }))).rejects.toThrow();
      expect(await accounts.list()).toEqual([account('lan')]);
    });

    it('applies concurrent changes of one account one after the other', async () => {
      const store = await target.open();
      const { accounts } = store;
      await warmUp(store);
      await accounts.update('lan', () => account('lan'));
      await Promise.all(Array.from({ length: 8 }, () => accounts.update('lan', (current) => ({ ...current!, failedLogins: current!.failedLogins + 1 }))));
      expect((await accounts.get('lan'))?.failedLogins).toBe(8);
    });

    it('creates an account once when several ask at the same moment', async () => {
      const store = await target.open();
      const { accounts } = store;
      await warmUp(store);
      const results = await Promise.allSettled(
        Array.from({ length: 5 }, (_, i) =>
          accounts.update('lan', (current) => {
            if (current) throw new Error('Đã có tài khoản "lan".');
            return account('lan', { sessionVersion: i + 1 });
          }),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      // The others saw the account made and refused, as their change says: no database error leaks out.
      for (const r of results) if (r.status === 'rejected') expect((r.reason as Error).message).toBe('Đã có tài khoản "lan".');
      expect(await accounts.list()).toHaveLength(1);
    });

    it('keeps the sessions logged out of an account until they would have expired, across a restart', async () => {
      const t0 = Date.parse('2026-10-01T08:00:00.000Z');
      let now = t0;
      const store = await target.open();
      const accounts = new StaffAccounts(store.accounts, () => new Date(now));
      await store.accounts.update('lan', () => account('lan'));
      await accounts.endSession('lan', 'sid-1', new Date(t0 + 8 * HOUR));
      await accounts.endSession('lan', 'sid-2', new Date(t0 + HOUR));
      const again = await target.reopen(store);
      expect((await again.accounts.get('lan'))?.endedSessions?.map((e) => e.sid)).toEqual(['sid-1', 'sid-2']);
      // Ended sessions already past their expiry are forgotten at the next change.
      now = t0 + 2 * HOUR;
      await new StaffAccounts(again.accounts, () => new Date(now)).endSession('lan', 'sid-3', new Date(now + 8 * HOUR));
      expect((await again.accounts.get('lan'))?.endedSessions?.map((e) => e.sid)).toEqual(['sid-1', 'sid-3']);
    });

    const replica = target.replica;
    if (replica) {
      it('shows a session logged out on one replica as ended on the other', async () => {
        const one = await target.open();
        const two = await replica(one);
        await one.accounts.update('lan', () => account('lan'));
        await new StaffAccounts(one.accounts).endSession('lan', 'sid-9', new Date(Date.now() + HOUR));
        expect((await two.accounts.get('lan'))?.endedSessions).toEqual([{ sid: 'sid-9', until: expect.any(String) }]);
      });

      it('applies changes from two replicas one after the other', async () => {
        const one = await target.open();
        const two = await replica(one);
        await Promise.all([warmUp(one), warmUp(two)]);
        const results = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) =>
            (i % 2 ? two : one).accounts.update('lan', (current) => (current ? { ...current, failedLogins: current.failedLogins + 1 } : account('lan'))),
          ),
        );
        expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
        expect((await one.accounts.get('lan'))?.failedLogins).toBe(9);
      });
    }
  });
}
