// An entry's reply, worked out once per way of asking: the same entry read the same day
// with the same settings and documents says the same thing, and telling it (dated facts,
// placeholders, clipping to a phone screen) costs more than the rest of a turn.
import { LRUCache } from 'lru-cache';
import type { Reading } from '../knowledge/reading.ts';
import type { Entry } from '../knowledge/schema.ts';
import type { Reply } from './types.ts';

/** Replies kept, all units together: a few megabytes, the common questions of a busy day. */
const KEPT = 2_000;

export class ReplyMemo {
  private readonly replies = new LRUCache<string, Reply>({ max: KEPT });
  // Entries, settings and documents are replaced, not changed, when staff edit the knowledge:
  // a new object gets a new number, and the replies told from the old ones age out unread.
  private readonly ids = new WeakMap<object, number>();
  private nextId = 0;

  /** `how` names everything besides the entry and the reading that the reply depends on. */
  reply(entry: Entry, reading: Reading, how: string, tell: () => Reply): Reply {
    const key = `${this.idOf(entry)}/${this.idOf(reading.settings)}/${this.idOf(reading.documents)}\u0000${reading.today}\u0000${how}`;
    let told = this.replies.get(key);
    if (!told) this.replies.set(key, (told = deepFreeze(tell())));
    // Its own top level: a caller may put other buttons in place; what lies below is frozen,
    // so changing it in place fails loudly instead of changing the next citizen's reply.
    return { ...told };
  }

  private idOf(thing: object): number {
    let id = this.ids.get(thing);
    if (id === undefined) this.ids.set(thing, (id = this.nextId++));
    return id;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
