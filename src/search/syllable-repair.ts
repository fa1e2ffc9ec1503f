// Repairs syllables that the knowledge base has never seen: run-together words
// ("dangky") are split, typos ("khais inh", "thuong tru" → fine; "thoung") are
// corrected with fuse.js against the vocabulary. Fuse searches the short list of
// syllables sharing the first letter, not the entries, which keeps it fast at any
// knowledge-base size.
import Fuse from 'fuse.js';
import { STOPWORDS } from './stopwords.ts';

export interface Repair {
  syllables: string[];
  /** 1 for an exact split, less for a fuzzy guess: how much of the word the repair explains. */
  confidence: number;
}

const MIN_FUZZY_LENGTH = 4;
const MAX_FUZZY_SCORE = 0.26;
const CACHE_LIMIT = 20_000;

export class SyllableRepairer {
  private readonly byFirstLetter = new Map<string, Fuse<string>>();
  private readonly cache = new Map<string, Repair | null>();

  constructor(private readonly vocabulary: ReadonlySet<string>) {
    const buckets = new Map<string, string[]>();
    for (const s of vocabulary) {
      if (s.length < MIN_FUZZY_LENGTH - 1 || /\d/.test(s)) continue;
      const list = buckets.get(s[0]!) ?? [];
      list.push(s);
      buckets.set(s[0]!, list);
    }
    for (const [letter, list] of buckets)
      this.byFirstLetter.set(letter, new Fuse(list, { includeScore: true, threshold: MAX_FUZZY_SCORE, ignoreLocation: true }));
  }

  /** undefined when the syllable is fine as it is or cannot be repaired. */
  repair(syllable: string): Repair | undefined {
    if (this.vocabulary.has(syllable) || STOPWORDS.has(syllable) || syllable.length < MIN_FUZZY_LENGTH || /\d/.test(syllable))
      return undefined;
    let found = this.cache.get(syllable);
    if (found === undefined) {
      found = this.split(syllable) ?? this.fuzzy(syllable) ?? null;
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(syllable, found);
    }
    return found ?? undefined;
  }

  private split(word: string): Repair | undefined {
    for (let i = 2; i <= word.length - 2; i++) {
      const head = word.slice(0, i);
      const tail = word.slice(i);
      if (this.vocabulary.has(head) && this.vocabulary.has(tail)) return { syllables: [head, tail], confidence: 1 };
    }
    return undefined;
  }

  private fuzzy(word: string): Repair | undefined {
    const best = this.byFirstLetter.get(word[0]!)?.search(word, { limit: 1 })[0];
    if (!best || best.score === undefined || Math.abs(best.item.length - word.length) > 1) return undefined;
    return { syllables: [best.item], confidence: 0.6 };
  }
}
