// handleOnce over the in-process claims: each update's work runs once, a delivery that finds
// it under way waits for it, and a failed handling leaves the update to the next delivery.
import { describe, expect, it } from 'vitest';
import { handleOnce, LocalUpdateClaims, UpdateBusyError } from '../src/channels/update-claims.ts';
import { MemoryHandledIds } from '../src/outbox/handled-ids.ts';

describe('handleOnce', () => {
  it('runs the work of concurrent deliveries of one update once, and calls the others duplicates', async () => {
    const claims = new LocalUpdateClaims();
    let runs = 0;
    const work = async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 30));
    };
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => handleOnce(claims, 'u-1', work, { pollMs: 5 })));
    expect(runs).toBe(1);
    expect(outcomes.sort()).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate', 'handled']);
  });

  it('answers busy when the holder keeps the update longer than the wait', async () => {
    const claims = new LocalUpdateClaims();
    let finish!: () => void;
    const slow = handleOnce(claims, 'u-2', () => new Promise<void>((r) => (finish = r)));
    await expect(handleOnce(claims, 'u-2', async () => undefined, { waitMs: 40, pollMs: 10 })).rejects.toBeInstanceOf(UpdateBusyError);
    finish();
    expect(await slow).toBe('handled');
  });

  it('releases the update when its work fails, so the next delivery handles it', async () => {
    const done = new MemoryHandledIds();
    const claims = new LocalUpdateClaims(done);
    await expect(handleOnce(claims, 'u-3', async () => Promise.reject(new Error('mạng lỗi')))).rejects.toThrow('mạng lỗi');
    expect(await done.has('u-3')).toBe(false);
    let runs = 0;
    expect(await handleOnce(claims, 'u-3', async () => void runs++)).toBe('handled');
    expect(runs).toBe(1);
    expect(await done.has('u-3')).toBe(true);
  });

  it('renews the claim while the work runs longer than a third of the lease, and stops when it ends', async () => {
    const extended: string[] = [];
    const local = new LocalUpdateClaims();
    const claims = { claim: local.claim.bind(local), finish: local.finish.bind(local), release: local.release.bind(local), extend: async (id: string) => void extended.push(id) };
    await handleOnce(claims, 'u-4', () => new Promise((r) => setTimeout(r, 200)), { leaseMs: 90 });
    expect(extended.length).toBeGreaterThanOrEqual(2);
    expect(new Set(extended)).toEqual(new Set(['u-4']));
    const after = extended.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(extended.length).toBe(after);
  });
});
