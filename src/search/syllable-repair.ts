// Repairs syllables that the knowledge base has never seen: run-together words
// ("dangky") are split, typos ("nhuongg") are corrected with fuse.js against the
// vocabulary. Vietnamese syllables are short, so one wrong letter often spells another
// real syllable ("bong" → "bang"); a guess is therefore kept only when it forms a word
// pair the knowledge base knows with a neighbour ("chuyen nhuong"), never on its own.
// Fuse searches the syllables sharing the first letter, not the entries, which keeps it
// fast at any knowledge-base size.
import { LRUCache } from 'lru-cache';
import Fuse from 'fuse.js';
import { STOPWORDS } from './stopwords.ts';

export interface Repair {
  syllables: string[];
  /** 1 for an exact split, less for a fuzzy guess: how much of the word the repair explains. */
  confidence: number;
}

const MIN_LENGTH = 4;
const MAX_FUZZY_SCORE = 0.3;
const CANDIDATES = 5;
const FUZZY_CONFIDENCE = 0.7;
const CACHE_LIMIT = 20_000;

export type KnownPair = (first: string, second: string) => boolean;

export class SyllableRepairer {
  private readonly byFirstLetter = new Map<string, Fuse<string>>();
  private readonly candidates = new LRUCache<string, string[]>({ max: CACHE_LIMIT });

  constructor(
    private readonly vocabulary: ReadonlySet<string>,
    private readonly knownPair: KnownPair,
  ) {
    const buckets = new Map<string, string[]>();
    for (const s of vocabulary) {
      if (s.length < MIN_LENGTH - 1 || /\d/.test(s)) continue;
      const list = buckets.get(s[0]!) ?? [];
      list.push(s);
      buckets.set(s[0]!, list);
    }
    for (const [letter, list] of buckets)
      this.byFirstLetter.set(letter, new Fuse(list, { includeScore: true, threshold: MAX_FUZZY_SCORE, ignoreLocation: true }));
  }

  /** undefined when the syllable is fine as it is or no repair fits its context. */
  repair(syllable: string, before?: string, after?: string): Repair | undefined {
    if (this.vocabulary.has(syllable) || STOPWORDS.has(syllable) || /\d/.test(syllable)) return undefined;
    // A shorter one is too often a real word or a name ("Lạt" of Đà Lạt): only a letter left out is put back ("sih" → "sinh").
    if (syllable.length < MIN_LENGTH) {
      if (syllable.length < MIN_LENGTH - 1) return undefined;
      return this.fuzzy(syllable, before, after, oneEditAway(syllable).filter((w) => w.length > syllable.length && this.vocabulary.has(w)));
    }
    return this.split(syllable) ?? this.fuzzy(syllable, before, after);
  }

  private split(word: string): Repair | undefined {
    for (let i = 2; i <= word.length - 2; i++) {
      const head = word.slice(0, i);
      const tail = word.slice(i);
      if (this.knownPair(head, tail)) return { syllables: [head, tail], confidence: 1 };
    }
    return undefined;
  }

  private fuzzy(word: string, before?: string, after?: string, candidates = this.candidatesFor(word)): Repair | undefined {
    const fits = (c: string) => (before !== undefined && this.knownPair(before, c)) || (after !== undefined && this.knownPair(c, after));
    const best = candidates.find(fits);
    return best ? { syllables: [best], confidence: FUZZY_CONFIDENCE } : undefined;
  }

  private candidatesFor(word: string): string[] {
    let found = this.candidates.get(word);
    if (!found) {
      // One letter missing, extra, wrong or swapped first ("sih" → "sinh", too short for fuse's
      // scores to find), then what fuse finds.
      const fuzzy = (this.byFirstLetter.get(word[0]!)?.search(word, { limit: CANDIDATES }) ?? [])
        .filter((r) => Math.abs(r.item.length - word.length) <= 1)
        .map((r) => r.item);
      found = [...new Set([...oneEditAway(word).filter((w) => this.vocabulary.has(w)), ...fuzzy])];
      this.candidates.set(word, found);
    }
    return found;
  }
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** Every string one deletion, insertion, substitution or swap of neighbours away (folded letters). */
function oneEditAway(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i <= word.length; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (tail) out.push(head + tail.slice(1));
    if (tail.length > 1) out.push(head + tail[1] + tail[0] + tail.slice(2));
    for (const c of LETTERS) {
      out.push(head + c + tail);
      if (tail) out.push(head + c + tail.slice(1));
    }
  }
  return out.filter((w) => w && w !== word);
}
