// The StoreEvents contract: a publish reaches every subscriber of its topic, in this
// process (the web inbox relies on hearing its own) and, on a shared database, in the others.
import { describe, expect, it, vi } from 'vitest';
import type { StoreTarget } from './target.ts';

export function eventsContract(target: StoreTarget): void {
  describe('store events', () => {
    it('reach every subscriber of the topic, this process included, and no one else', async () => {
      const { events } = await target.open();
      const heard: string[] = [];
      events.subscribe('web-inbox', (p) => heard.push(`a:${p}`));
      events.subscribe('web-inbox', (p) => heard.push(`b:${p}`));
      events.subscribe('knowledge', (p) => heard.push(`k:${p}`));
      await events.publish('web-inbox', '{"citizen":"c1","id":"m1"}');
      await vi.waitFor(() => expect(heard.sort()).toEqual(['a:{"citizen":"c1","id":"m1"}', 'b:{"citizen":"c1","id":"m1"}']));
    });

    it('stop reaching a subscriber once it unsubscribes', async () => {
      const { events } = await target.open();
      const heard: string[] = [];
      const unsubscribe = events.subscribe('web-inbox', (p) => heard.push(`gone:${p}`));
      events.subscribe('web-inbox', (p) => heard.push(`stays:${p}`));
      await events.publish('web-inbox', '1');
      await vi.waitFor(() => expect(heard).toHaveLength(2));
      unsubscribe();
      await events.publish('web-inbox', '2');
      await vi.waitFor(() => expect(heard).toContain('stays:2'));
      expect(heard).not.toContain('gone:2');
    });

    const replica = target.replica;
    if (replica) {
      it('reach the subscribers of every replica on the same database', async () => {
        const one = await target.open();
        const two = await replica(one);
        const heard: string[] = [];
        one.events.subscribe('web-inbox', (p) => heard.push(`one:${p}`));
        two.events.subscribe('web-inbox', (p) => heard.push(`two:${p}`));
        await one.events.publish('web-inbox', 'from-one');
        await two.events.publish('web-inbox', 'from-two');
        await vi.waitFor(() => expect(heard.sort()).toEqual(['one:from-one', 'one:from-two', 'two:from-one', 'two:from-two']));
      });
    }
  });
}
