// An entry's reply, worked out once per way of asking: the same entry read the same day
// with the same settings and documents says the same thing, and telling it (dated facts,
// placeholders, clipping to a phone screen) costs more than the rest of a turn.
import { LRUCache } from 'lru-cache';
import type { Entry } from '../knowledge/schema.ts';
import type { Reading } from '../knowledge/reading.ts';
import type { Reply } from './types.ts';

/** Ways of asking kept per unit's settings: an entry or two dozen, times its aspects. */
const KEPT = 2_000;

export class ReplyMemo {
  // Settings and documents are replaced, not changed, when staff edit them: a new object is a new reading.
  private readonly byReading = new WeakMap<Reading['settings'], WeakMap<Reading['documents'], LRUCache<string, Reply>>>();
  // Entries too are new objects once the knowledge is loaded again.
  private readonly entryIds = new WeakMap<Entry, number>();
  private nextEntryId = 0;

  /** `how` names everything besides the entry and the reading that the reply depends on. */
  reply(entry: Entry, reading: Reading, how: string, tell: () => Reply): Reply {
    let byDocuments = this.byReading.get(reading.settings);
    if (!byDocuments) this.byReading.set(reading.settings, (byDocuments = new WeakMap()));
    let replies = byDocuments.get(reading.documents);
    if (!replies) byDocuments.set(reading.documents, (replies = new LRUCache({ max: KEPT })));
    let id = this.entryIds.get(entry);
    if (id === undefined) this.entryIds.set(entry, (id = this.nextEntryId++));
    const key = `${id}\u0000${reading.today}\u0000${how}`;
    let told = replies.get(key);
    if (!told) replies.set(key, (told = deepFreeze(tell())));
    // Its own top level: a caller may put other buttons in place; what lies below is frozen,
    // so changing it in place fails loudly instead of changing the next citizen's reply.
    return { ...told };
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
