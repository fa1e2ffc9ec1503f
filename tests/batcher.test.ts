// The batcher behind the PostgreSQL session and transcript statements, without a database.
import { describe, expect, it } from 'vitest';
import { Batcher } from '../src/storage/postgres/batcher.ts';

/** A run whose batches are recorded and answered only when released. */
function gated() {
  const batches: number[][] = [];
  const releases: (() => void)[] = [];
  const run = async (inputs: number[]) => {
    batches.push(inputs);
    await new Promise<void>((r) => releases.push(r));
    return inputs.map((n) => n * 10);
  };
  return { batches, releases, run };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('Batcher', () => {
  it('sends the first call at once and the calls made meanwhile together, in order, each with its own result', async () => {
    const g = gated();
    const batcher = new Batcher(g.run);
    const first = batcher.call(1);
    const rest = [2, 3, 4].map((n) => batcher.call(n));
    await settle();
    expect(g.batches).toEqual([[1]]);
    g.releases.shift()!();
    expect(await first).toBe(10);
    await settle();
    expect(g.batches).toEqual([[1], [2, 3, 4]]);
    g.releases.shift()!();
    expect(await Promise.all(rest)).toEqual([20, 30, 40]);
  });

  it('keeps to its largest batch and to the batches allowed out at once', async () => {
    const g = gated();
    const batcher = new Batcher(g.run, { maxSize: 2, inFlight: 2 });
    const calls = [1, 2, 3, 4, 5, 6].map((n) => batcher.call(n));
    await settle();
    // Two out at once, each call alone as it came; the rest wait, two by two.
    expect(g.batches).toEqual([[1], [2]]);
    g.releases.shift()!();
    await settle();
    expect(g.batches).toEqual([[1], [2], [3, 4]]);
    while (g.batches.flat().length < 6 || g.releases.length) {
      g.releases.shift()?.();
      await settle();
    }
    expect(await Promise.all(calls)).toEqual([10, 20, 30, 40, 50, 60]);
  });

  it('fails every call of a failed batch, and goes on with the next', async () => {
    let fail = true;
    const batcher = new Batcher(async (inputs: number[]) => {
      await settle();
      if (fail) throw new Error('database down');
      return inputs;
    });
    const failed = [1, 2].map((n) => batcher.call(n));
    const results = await Promise.allSettled(failed);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason).toEqual(new Error('database down'));
    fail = false;
    expect(await batcher.call(3)).toBe(3);
  });

  it('refuses a run that answers a different number of calls than it got', async () => {
    const batcher = new Batcher(async (inputs: number[]) => inputs.slice(1));
    await expect(batcher.call(1)).rejects.toThrow('0 results for 1 calls');
  });
});
