// What was worked out from a message, kept by its text: a turn reads its message in
// several steps, and common questions come again. Bounded by entries and by the
// characters held, so a run of long letters cannot fill the memory.
import { LRUCache } from 'lru-cache';

export function textKeyedCache<V extends {}>(max: number, maxChars: number, charsOf: (value: V) => number = () => 0): LRUCache<string, V> {
  return new LRUCache<string, V>({ max, maxSize: maxChars, sizeCalculation: (value, text) => text.length + charsOf(value) + 1 });
}
