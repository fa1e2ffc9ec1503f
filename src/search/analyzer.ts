// Turns a message into the features the index compares: content syllables, pairs
// of adjacent syllables (Vietnamese words are mostly two syllables: "đăng ký",
// "khai sinh"), and synonym concepts.
import { CHAT_ABBREVIATIONS } from './chat-abbreviations.ts';
import { canonicalSyllable, syllablesWithAccents, type Syllable } from './normalize.ts';
import { STOPWORDS } from './stopwords.ts';
import { SynonymMatcher } from './synonym-matcher.ts';
import type { Repair } from './syllable-repair.ts';

export type FeatureKind = 'word' | 'pair' | 'concept';

export interface Feature {
  kind: FeatureKind;
  /** 1 for text as typed; less when it comes from a guessed typo repair. */
  confidence: number;
}

export interface Analysis {
  /** Content syllables in order, fillers removed. */
  words: string[];
  /** Feature → kind and confidence. A feature counts once however often it occurs. */
  features: Map<string, Feature>;
  /** Syllables that were repaired, for "did you mean" and for staff logs. */
  repairs: { from: string; to: string }[];
  /** Each content syllable → the pairs it forms with its neighbours in this text. */
  pairsOf: Map<string, string[]>;
  /** Every syllable as typed, before repairs and filler removal. */
  typed: Syllable[];
}

/** A hook to repair syllables the knowledge base has never seen (typos, run-together words)
 *  or to doubt ones whose diacritics say they are a different word. It is told the nearest
 *  content syllables on either side, so that a guess can be checked against its context. */
export type SyllableRepair = (syllable: Syllable, before: string | undefined, after: string | undefined) => Repair | undefined;

const expansions = new Map(
  Object.entries(CHAT_ABBREVIATIONS).map(([k, v]) => [k, v.split(' ').map(canonicalSyllable)] as const),
);

/** Canonical syllables with chat shorthand spelled out. */
export function expandedSyllablesWithAccents(text: string): Syllable[] {
  return syllablesWithAccents(text).flatMap((s) => expansions.get(s.folded)?.map((f) => ({ folded: f, accented: f })) ?? [s]);
}

/** Folded, canonical syllables with chat shorthand spelled out. */
export function expandedSyllables(text: string): string[] {
  return expandedSyllablesWithAccents(text).map((s) => s.folded);
}

export class Analyzer {
  private readonly synonyms: SynonymMatcher;

  constructor(synonymGroups: readonly string[][]) {
    this.synonyms = new SynonymMatcher(synonymGroups.map((group) => group.map(expandedSyllables)));
  }

  analyze(text: string, repair?: SyllableRepair): Analysis {
    const tokens: string[] = [];
    const confidence: number[] = [];
    const repairs: Analysis['repairs'] = [];
    const typed = expandedSyllablesWithAccents(text);
    const content = (from: number, step: 1 | -1) => {
      for (let i = from; i >= 0 && i < typed.length; i += step) if (!STOPWORDS.has(typed[i]!.folded)) return typed[i]!.folded;
      return undefined;
    };
    for (const [i, t] of typed.entries()) {
      const fix = repair?.(t, content(i - 1, -1), content(i + 1, 1));
      const to = fix?.syllables.join(' ');
      if (to && to !== t.folded) repairs.push({ from: t.folded, to });
      for (const s of fix?.syllables ?? [t.folded]) {
        tokens.push(s);
        confidence.push(fix?.confidence ?? 1);
      }
    }
    const features = new Map<string, Feature>();
    const add = (key: string, kind: FeatureKind, c: number) => {
      const old = features.get(key);
      if (!old || old.confidence < c) features.set(key, { kind, confidence: c });
    };
    for (const m of this.synonyms.find(tokens)) add(`~${m.group}`, 'concept', Math.min(...confidence.slice(m.start, m.end)));
    const words = tokens.flatMap((t, i) => (STOPWORDS.has(t) ? [] : [{ t, c: confidence[i]! }]));
    const pairsOf = new Map<string, string[]>();
    const link = (word: string, pair: string) => {
      const list = pairsOf.get(word);
      if (list) list.push(pair);
      else pairsOf.set(word, [pair]);
    };
    words.forEach(({ t, c }, i) => {
      add(t, 'word', c);
      const prev = words[i - 1];
      if (!prev) return;
      const pair = `${prev.t} ${t}`;
      add(pair, 'pair', Math.min(prev.c, c));
      link(prev.t, pair);
      link(t, pair);
    });
    return { words: words.map((x) => x.t), features, repairs, pairsOf, typed };
  }
}
