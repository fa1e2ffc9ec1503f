// Builds the engine's inverted index from the entries: one document per title, keyword and
// sample question; postings with their weights; the spellings and word pairs the knowledge
// base knows (for typo repair); which entries cover each out-of-scope topic.
import type { Entry } from '../knowledge/schema.ts';
import { expandedSyllablesWithAccents, kindOf, type Analysis, type Analyzer } from './analyzer.ts';
import { withoutTone, type Syllable } from './normalize.ts';
import { STOPWORDS } from './stopwords.ts';
import type { Tuning } from './tuning.ts';

/** A subject the bot does not handle, and the phrases citizens use for it. */
export interface ForeignTopic {
  label: string;
  phrases: string[];
  /** Who does handle it ("Công an nơi xảy ra vụ việc"), when there is someone to send the citizen to. */
  handledBy?: string;
  /** True when the national public service portal has the service (a passport, a vehicle registration). */
  onPortal?: boolean;
}

export interface Posting {
  docs: number[];
  entries: number[];
  /** Weight in coverage, and in similarity. */
  idf: number;
  sim: number;
}

export interface Index {
  postings: Map<string, Posting>;
  docEntry: number[];
  titleDoc: Int32Array;
  docNorm: number[];
  accents: Map<string, Set<string>>;
  /** Every content syllable of the knowledge base and its phrases, for typo repair. */
  vocabulary: Set<string>;
  /** Adjacent content syllables as written, for checking a typo repair against its neighbour. */
  syllablePairs: Set<string>;
  unknownIdf: number;
  foreignCover: Map<string, ForeignCover>;
}

/** Which entries are about a foreign topic, by the phrase of it that they name, and its
 *  weight (rarer the fewer entries name any of its phrases). */
export interface ForeignCover {
  byPhrase: ReadonlyMap<number, ReadonlySet<number>>;
  weight: number;
}

/** The entries about every phrase of a foreign topic that a question named: one that names
 *  "trình báo công an" (for a lost land certificate) is not about "mất xe máy … trình báo công an". */
export function entriesCovering(cover: ForeignCover, phrases: ReadonlySet<number> | undefined): ReadonlySet<number> {
  let found: Set<number> | undefined;
  for (const p of phrases ?? []) {
    const named = cover.byPhrase.get(p);
    found = new Set(found ? [...found].filter((e) => named?.has(e)) : named);
  }
  return found ?? new Set();
}

// A function of its own, so no closure the engine keeps can hold on to the per-document
// feature maps built here (they are garbage once the postings exist).
export function buildIndex(entries: readonly Entry[], synonymGroups: readonly string[][], foreign: readonly ForeignTopic[], analyzer: Analyzer, tuning: Tuning): Index {
  const postings = new Map<string, Posting>();
  const accents = new Map<string, Set<string>>();
  const vocabulary = new Set<string>();
  const syllablePairs = new Set<string>();
  const docEntry: number[] = [];
  const titleDoc = new Int32Array(entries.length).fill(-1);
  const docFeatures: Analysis['features'][] = [];
  const foreignEntries = new Map<string, Map<number, Set<number>>>();
  const learnAccents = (typed: readonly Syllable[]) => {
    for (const { folded, accented } of typed) {
      if (accented === folded) continue;
      // The spelling without its tone is accepted too: a hurried "thưa" for "thửa".
      const forms = accents.get(folded) ?? new Set<string>();
      accents.set(folded, forms.add(accented).add(withoutTone(accented)));
    }
  };
  const learnSyllables = (syllables: readonly string[]) => {
    let prev: string | undefined;
    for (const s of syllables) {
      if (STOPWORDS.has(s)) continue;
      vocabulary.add(s);
      if (prev) syllablePairs.add(`${prev} ${s}`);
      prev = s;
    }
  };
  entries.forEach((e, entry) => {
    // Each keyword is a document of its own: "đăng ký hộ kinh doanh" typed alone then matches it exactly.
    const texts = [e.title, ...e.keywords, ...e.questions];
    texts.forEach((text, t) => {
      // A topic is what the title or keywords name; a sample question may mention a side subject.
      const aboutTopic = t <= e.keywords.length;
      const { features, typed } = analyzer.analyze(text);
      learnSyllables(typed.map((s) => s.folded));
      if (!features.size) return;
      learnAccents(typed);
      const doc = docEntry.push(entry) - 1;
      if (t === 0) titleDoc[entry] = doc;
      docFeatures.push(features);
      for (const [key, { phrases }] of features) {
        if (kindOf(key) === 'foreign') {
          if (!aboutTopic) continue;
          const byPhrase = foreignEntries.get(key) ?? new Map<number, Set<number>>();
          foreignEntries.set(key, byPhrase);
          for (const p of phrases ?? []) byPhrase.set(p, (byPhrase.get(p) ?? new Set<number>()).add(entry));
          continue;
        }
        let p = postings.get(key);
        if (!p) postings.set(key, (p = { docs: [], entries: [], idf: 0, sim: 0 }));
        p.docs.push(doc);
        if (p.entries.at(-1) !== entry) p.entries.push(entry);
      }
    });
  });
  for (const group of [...synonymGroups, ...foreign.map((t) => t.phrases)])
    for (const phrase of group) {
      const typed = expandedSyllablesWithAccents(phrase);
      learnSyllables(typed.map((s) => s.folded));
      // A phrase's own spelling is a known spelling: "khoán" of "bằng khoán" is not a typo of "khoản".
      learnAccents(typed);
    }

  const n = entries.length;
  const idf = (df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));
  for (const [key, p] of postings) {
    const base = idf(p.entries.length);
    p.idf = base * tuning.kindWeight[kindOf(key)];
    p.sim = base * tuning.similarityKindWeight[kindOf(key)];
  }
  const docNorm = docFeatures.map((features) => {
    let sum = 0;
    for (const key of features.keys()) sum += (postings.get(key)?.sim ?? 0) ** 2;
    return Math.sqrt(sum) || 1;
  });
  const foreignCover: Index['foreignCover'] = new Map();
  foreign.forEach((_, topic) => {
    const key = `!${topic}`;
    const byPhrase = foreignEntries.get(key) ?? new Map<number, Set<number>>();
    const covered = new Set([...byPhrase.values()].flatMap((s) => [...s]));
    foreignCover.set(key, { byPhrase, weight: idf(covered.size) * tuning.kindWeight.foreign });
  });
  return { postings, docEntry, titleDoc, docNorm, accents, vocabulary, syllablePairs, unknownIdf: idf(0) * tuning.unknownWordWeight, foreignCover };
}
