// Turns a message into the features the index compares: content syllables, pairs of
// adjacent syllables (Vietnamese words are mostly two syllables: "đăng ký", "khai sinh"),
// and concepts. A phrase of a synonym group is replaced by its concept before anything
// else, so that every phrase of a group is exactly as good as every other ("mất bìa đỏ"
// and "mất sổ đỏ" give the same features), and a phrase staff add works at once. A
// phrase of an out-of-scope topic (passport, driving licence) becomes a "foreign" token:
// the engine counts it against every entry that never mentions that topic.
import { CHAT_ABBREVIATIONS } from './chat-abbreviations.ts';
import { FRAME_PHRASES, MIN_UNITS_WITHOUT_FRAME } from './frame-phrases.ts';
import { canonicalSyllable, syllablesWithAccents, type Syllable } from './normalize.ts';
import { STOPWORDS } from './stopwords.ts';
import { SynonymMatcher, type ConceptMatch } from './synonym-matcher.ts';
import type { Repair } from './syllable-repair.ts';

export type FeatureKind = 'word' | 'pair' | 'concept' | 'foreign';

export interface Feature {
  kind: FeatureKind;
  /** 1 for text as typed; less when it comes from a guessed typo repair. */
  confidence: number;
  /** How much the feature counts: 1, less for the story around a letter's question. */
  weight: number;
  /** For a foreign topic, which of its phrases were named: an entry that mentions one
   *  ("trình báo công an mất sổ đỏ") is not thereby about every other ("tạm giam"). */
  phrases?: ReadonlySet<number>;
}

export interface Analysis {
  /** Content units in order, fillers removed: syllables, and concept tokens ("~3", "!1") for matched phrases. */
  words: string[];
  /** Feature → kind and confidence. A feature counts once however often it occurs. */
  features: Map<string, Feature>;
  /** Syllables that were repaired, for "did you mean" and for staff logs. */
  repairs: { from: string; to: string }[];
  /** Each content unit → the pairs it forms with its neighbours in this text. */
  pairsOf: Map<string, string[]>;
  /** Every syllable as typed, before repairs and filler removal. */
  typed: Syllable[];
  /** True when greetings, thanks or a request frame were left out (see frame-phrases.ts). */
  framed: boolean;
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

export const conceptToken = (group: number) => `~${group}`;
export const foreignToken = (topic: number) => `!${topic}`;

/** The kind of an index key: "a b" is a pair, "~3" a concept, "!1" a foreign topic, else a word. */
export function kindOf(key: string): FeatureKind {
  return key.includes(' ') ? 'pair' : key.startsWith('~') ? 'concept' : key.startsWith('!') ? 'foreign' : 'word';
}

/**
 * A letter's features: those of the sentences that ask at full weight, the story's at
 * `storyWeight`. Pairs are linked as in either text, so a word keeps its context.
 */
export function weighLetter(question: Analysis, whole: Analysis, storyWeight: number): Analysis {
  const features = new Map<string, Feature>();
  for (const [key, f] of whole.features) features.set(key, { ...f, weight: storyWeight });
  for (const [key, f] of question.features) {
    const story = features.get(key);
    const phrases = f.phrases && new Set([...f.phrases, ...(story?.phrases ?? [])]);
    features.set(key, { ...f, confidence: Math.max(f.confidence, story?.confidence ?? 0), weight: 1, ...(phrases && { phrases }) });
  }
  const pairsOf = new Map(whole.pairsOf);
  for (const [word, pairs] of question.pairsOf) pairsOf.set(word, [...new Set([...(pairsOf.get(word) ?? []), ...pairs])]);
  return { words: question.words, features, repairs: question.repairs, pairsOf, typed: whole.typed, framed: question.framed || whole.framed };
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);

/** Phrases become their concept: the syllables they span are not matched on their own.
 *  Fillers go, and so does what `framing` marks (see frame-phrases.ts). */
function contentUnits(tokens: string[], confidence: number[], matches: readonly ConceptMatch[], framing: ReadonlySet<number>, firstForeign: number) {
  const units: { t: string; c: number; phrase?: number }[] = [];
  for (let i = 0, m = 0; i < tokens.length; ) {
    const match = matches[m];
    if (match && match.start === i) {
      const token = match.group >= firstForeign ? foreignToken(match.group - firstForeign) : conceptToken(match.group);
      const phrase = match.group >= firstForeign ? match.phrase : undefined;
      if (!range(match.start, match.end).every((k) => framing.has(k))) units.push({ t: token, c: Math.min(...confidence.slice(match.start, match.end)), phrase });
      i = match.end;
      m++;
    } else {
      if (!STOPWORDS.has(tokens[i]!) && !framing.has(i)) units.push({ t: tokens[i]!, c: confidence[i]! });
      i++;
    }
  }
  return units;
}

export class Analyzer {
  private readonly phrases: SynonymMatcher;
  private readonly frame = new SynonymMatcher([FRAME_PHRASES.map(expandedSyllables)]);
  /** Groups numbered from here on are foreign topics. */
  private readonly firstForeign: number;

  constructor(synonymGroups: readonly string[][], foreignTopics: readonly string[][] = []) {
    this.firstForeign = synonymGroups.length;
    this.phrases = new SynonymMatcher([...synonymGroups, ...foreignTopics].map((group) => group.map(expandedSyllables)));
  }

  analyze(text: string, repair?: SyllableRepair, keepFrame = false): Analysis {
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
    const matches = this.phrases.find(tokens, STOPWORDS);
    const framing = new Set(keepFrame ? [] : this.frame.find(tokens).flatMap((m) => range(m.start, m.end)));
    let units = contentUnits(tokens, confidence, matches, framing, this.firstForeign);
    const framed = framing.size > 0 && units.length >= MIN_UNITS_WITHOUT_FRAME;
    if (framing.size && !framed) units = contentUnits(tokens, confidence, matches, new Set(), this.firstForeign);
    const features = new Map<string, Feature>();
    const add = (key: string, kind: FeatureKind, c: number, phrase?: number) => {
      const old = features.get(key);
      const phrases = phrase === undefined ? old?.phrases : new Set([...(old?.phrases ?? []), phrase]);
      features.set(key, { kind, confidence: Math.max(c, old?.confidence ?? 0), weight: 1, ...(phrases && { phrases }) });
    };
    const pairsOf = new Map<string, string[]>();
    const link = (word: string, pair: string) => {
      const list = pairsOf.get(word);
      if (list) list.push(pair);
      else pairsOf.set(word, [pair]);
    };
    units.forEach(({ t, c, phrase }, i) => {
      add(t, kindOf(t), c, phrase);
      const prev = units[i - 1];
      if (!prev) return;
      const pair = `${prev.t} ${t}`;
      add(pair, 'pair', Math.min(prev.c, c));
      link(prev.t, pair);
      link(t, pair);
    });
    return { words: units.map((x) => x.t), features, repairs, pairsOf, typed, framed };
  }
}
