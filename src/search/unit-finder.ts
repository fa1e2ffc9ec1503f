// Finds the ward or commune a citizen names: "phường B'Lao", "blao", "P.1 Bảo Lộc",
// "bao loc 1", "xa loc phat", in any case, with or without diacritics, in any word order,
// inside a sentence ("tôi ở phường 2 bảo lộc") or with a typo ("bảo lôc 3"). A name that
// fits several units ("Bảo Lộc") asks which one; fuse.js offers the closest when nothing fits.
import Fuse from 'fuse.js';
import { syllables } from './normalize.ts';

export interface NamedUnit {
  id: string;
  /** "phường B'Lao", "xã Lộc Phát". */
  name: string;
  aliases?: readonly string[];
}

export type UnitMatch<U extends NamedUnit> =
  | { kind: 'one'; unit: U }
  /** Every unit the words fit ("Bảo Lộc": phường 1, 2 and 3 Bảo Lộc), or the closest ones to a misspelling. */
  | { kind: 'several'; units: U[] }
  | { kind: 'none' };

/** Words that say what kind of unit, not which one. */
const KIND_WORDS = new Set(['phuong', 'xa', 'p', 'px', 'dac', 'khu', 'thi', 'tran', 'tt']);
const MAX_CHOICES = 6;

interface Key<U> {
  unit: U;
  /** The distinctive words of one of its names, folded ("1 bao loc" → ['1','bao','loc']). */
  words: string[];
  /** Those words run together, for "blao" against "b lao". */
  compact: string;
}

const coreWords = (name: string) => syllables(name).filter((w) => !KIND_WORDS.has(w));

export class UnitFinder<U extends NamedUnit> {
  private readonly keys: Key<U>[];
  private readonly fuse: Fuse<Key<U>>;

  constructor(readonly units: readonly U[]) {
    this.keys = units.flatMap((unit) =>
      [unit.name, ...(unit.aliases ?? [])].map((name) => {
        const words = coreWords(name);
        return { unit, words, compact: words.join('') };
      }),
    );
    this.fuse = new Fuse(this.keys, { keys: ['compact'], includeScore: true, threshold: 0.4, ignoreLocation: true });
  }

  find(text: string): UnitMatch<U> {
    // "p1", "P.2": the number apart from the letter.
    const words = syllables(text.replace(/(\p{L})(\d)/gu, '$1 $2'));
    if (!words.length) return { kind: 'none' };
    const said = new Set(words);
    const compactSaid = words.filter((w) => !KIND_WORDS.has(w)).join('');
    // Every distinctive word of a name said (in any order), or the name run together.
    const fits = this.keys.filter((k) => k.words.length > 0 && (k.words.every((w) => said.has(w)) || (k.compact.length >= 3 && compactSaid.includes(k.compact))));
    if (fits.length) {
      // The most specific names win: "phường 1 Bảo Lộc" over a unit called just "Bảo Lộc".
      const longest = Math.max(...fits.map((k) => k.words.length));
      return this.answer(fits.filter((k) => k.words.length === longest).map((k) => k.unit));
    }
    // The words are a part of several names: "bảo lộc" for phường 1, 2 and 3 Bảo Lộc.
    const core = words.filter((w) => !KIND_WORDS.has(w));
    // A number alone ("2", "phường 1") names no unit: many provinces' wards are numbered.
    const partOf = core.some((w) => !/^\d+$/.test(w)) ? this.keys.filter((k) => core.every((w) => k.words.includes(w))) : [];
    if (partOf.length) return this.answer(partOf.map((k) => k.unit));
    if (compactSaid.length < 2 || /^\d+$/.test(compactSaid)) return { kind: 'none' };
    const close = this.fuse.search(compactSaid).filter((r) => (r.score ?? 1) <= 0.4);
    if (!close.length) return { kind: 'none' };
    // A single clear winner is taken; otherwise the citizen picks among the closest.
    const [best, second] = close;
    if ((best!.score ?? 1) <= 0.15 && (!second || (second.score ?? 1) - (best!.score ?? 1) >= 0.15)) return { kind: 'one', unit: best!.item.unit };
    return { kind: 'several', units: unique(close.map((r) => r.item.unit)).slice(0, MAX_CHOICES) };
  }

  private answer(units: U[]): UnitMatch<U> {
    const distinct = unique(units);
    return distinct.length === 1 ? { kind: 'one', unit: distinct[0]! } : { kind: 'several', units: distinct.slice(0, MAX_CHOICES) };
  }
}

function unique<U extends NamedUnit>(units: U[]): U[] {
  const seen = new Set<string>();
  return units.filter((u) => !seen.has(u.id) && !!seen.add(u.id));
}
