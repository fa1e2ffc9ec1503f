// The question matcher. Each entry contributes several short "documents" (its title,
// each sample question, its keywords); a question is compared with them through an
// inverted index of weighted features, so a query only touches the entries that share
// a word with it. That is what keeps it at a few milliseconds with thousands of
// entries, where fuse.js over the long fields takes a hundred.
//
// An entry's score blends two views:
// - the best cosine similarity between the question and one of its documents
//   (a citizen's question usually resembles one way of asking), and
// - coverage: the share of the question's informative weight that the entry's
//   whole vocabulary explains (so words the entry has never heard of count against it,
//   which is how "giá vàng hôm nay" is told from "giá đất").
import type { Entry } from '../knowledge/schema.ts';
import { Analyzer, type Analysis, type FeatureKind } from './analyzer.ts';
import { withoutTone, type Syllable } from './normalize.ts';
import { decide, DEFAULT_THRESHOLDS, type Decision, type DecisionThresholds } from './decision.ts';
import { SyllableRepairer, type Repair } from './syllable-repair.ts';

export interface SearchHit {
  entry: Entry;
  /** 0–1, higher is better. */
  score: number;
  coverage: number;
}

export interface SearchOutcome {
  query: string;
  decision: Decision;
  /** Best first. For "answer" the first is the answer; for "clarify" the options come first. */
  hits: SearchHit[];
  repairs: { from: string; to: string }[];
}

export interface EngineOptions {
  thresholds?: DecisionThresholds;
  /** Multiplies the score of entries imported from the national catalogue, so that
   *  hand-written entries, phrased as citizens ask, win everyday questions. */
  importedPrior?: number;
  tuning?: Partial<Tuning>;
}

/** The engine's weights. Defaults were calibrated on labelled questions written
 *  independently of the knowledge base; see `npm run -s cli -- eval`. */
export interface Tuning {
  /** Feature weights by kind: a pair of syllables is usually a whole word, a concept a whole term. */
  kindWeight: Record<FeatureKind, number>;
  /** How much a syllable still counts when its diacritics differ from every use in the
   *  knowledge base (it may be a tone typo, but is more often another word). */
  accentMismatchConfidence: number;
  /** Credit for a question syllable that an entry has, but not in the question's word pairs. */
  unsupportedWordCredit: number;
  /** Words the knowledge base has never seen weigh this many times a word seen in one entry's
   *  worth of documents: they are the strongest sign that a question is about something else. */
  unknownWordWeight: number;
  /** Weight of the best-document similarity against whole-entry coverage. */
  similarityShare: number;
  /** How much word pairs count in coverage, relative to their weight in similarity. Pairs
   *  across a word boundary ("có đổi") are frequent in long questions and mostly noise. */
  pairCoverageWeight: number;
}

export const DEFAULT_TUNING: Tuning = {
  kindWeight: { word: 1, pair: 1.3, concept: 1.5 },
  accentMismatchConfidence: 0.35,
  unsupportedWordCredit: 0.5,
  unknownWordWeight: 1,
  similarityShare: 0.5,
  pairCoverageWeight: 0.3,
};

interface Posting {
  docs: number[];
  entries: number[];
  idf: number;
}

/** Per-query accumulators, allocated once: search is synchronous, so one set serves every query. */
interface Scratch {
  dot: Float64Array;
  matched: Float64Array;
  pairBits: Uint32Array;
  bestCos: Float64Array;
}

export class SearchEngine {
  private readonly analyzer: Analyzer;
  private readonly repairer: SyllableRepairer;
  private readonly postings: Map<string, Posting>;
  /** Document → its entry, and its vector norm. */
  private readonly docEntry: number[];
  private readonly docNorm: number[];
  private readonly prior: number[];
  private readonly unknownIdf: number;
  private readonly thresholds: DecisionThresholds;
  private readonly tuning: Tuning;
  private readonly scratch: Scratch;
  /** Folded syllable → the diacritic spellings the knowledge base uses for it, with and without tone. */
  private readonly accents: Map<string, Set<string>>;
  private readonly vocabulary: ReadonlySet<string>;
  private readonly byId: ReadonlyMap<string, Entry>;

  constructor(
    readonly entries: readonly Entry[],
    synonymGroups: readonly string[][] = [],
    options: EngineOptions = {},
  ) {
    this.analyzer = new Analyzer(synonymGroups);
    this.thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
    this.tuning = { ...DEFAULT_TUNING, ...options.tuning };
    this.prior = entries.map((e) => ('imported' in e && e.imported ? (options.importedPrior ?? 0.85) : 1));

    const index = buildIndex(entries, synonymGroups, this.analyzer, this.tuning);
    this.postings = index.postings;
    this.docEntry = index.docEntry;
    this.docNorm = index.docNorm;
    this.accents = index.accents;
    this.unknownIdf = index.unknownIdf;
    this.vocabulary = index.vocabulary;
    this.byId = new Map(entries.map((e) => [e.id, e]));
    this.repairer = new SyllableRepairer(index.vocabulary, pairLookup(index.postings));
    this.scratch = {
      dot: new Float64Array(this.docEntry.length),
      matched: new Float64Array(entries.length),
      pairBits: new Uint32Array(entries.length),
      bestCos: new Float64Array(entries.length),
    };
  }

  /** The entry with this id, if the engine serves it. */
  entry(id: string): Entry | undefined {
    return this.byId.get(id);
  }

  /** True when a folded syllable ("cccd", "so") occurs in the knowledge base or its synonyms. */
  knows(word: string): boolean {
    return this.vocabulary.has(word);
  }

  search(query: string, limit = 5): SearchOutcome {
    const analysis = this.analyzer.analyze(query, (s, before, after) => this.doubtAccents(s) ?? this.repairer.repair(s.folded, before, after));
    const ranked = this.rank(analysis);
    const { decision } = decide(ranked, this.thresholds);
    return { query, decision, hits: ranked.slice(0, limit), repairs: analysis.repairs };
  }

  /** "đồ" typed with its diacritics is not the "đỏ" of "sổ đỏ", though both fold to "do";
   *  but "thưa" typed without its tone may well be the "thửa" of "tách thửa". */
  private doubtAccents({ folded, accented }: Syllable): Repair | undefined {
    const known = this.accents.get(folded);
    if (accented === folded || !known || known.has(accented)) return undefined;
    return { syllables: [folded], confidence: this.tuning.accentMismatchConfidence };
  }

  private rank({ features, pairsOf }: Analysis): SearchHit[] {
    // Question side: informative weight of every feature, known or not. Unknown pairs
    // are left out (any new word order makes them), unknown words are not.
    let total = 0;
    let normSq = 0;
    const known: { key: string; kind: FeatureKind; p: Posting; w: number; c: number }[] = [];
    for (const [key, { kind, confidence }] of features) {
      const p = this.postings.get(key);
      if (!p) {
        if (kind === 'word') {
          total += this.unknownIdf;
          normSq += this.unknownIdf ** 2;
        }
        continue;
      }
      const w = p.idf * confidence;
      const c = kind === 'pair' ? w * this.tuning.pairCoverageWeight : w;
      // A guessed repair explains only part of the typed word: the rest stays unexplained.
      total += c + (1 - confidence) * this.unknownIdf;
      normSq += w * w;
      known.push({ key, kind, p, w, c });
    }
    if (!known.length || total === 0) return [];

    // A syllable typed inside a word ("trả góp") that an entry knows only from another
    // word ("góp ý") is incidental: it earns full credit only where the entry also has
    // one of the pairs the syllable forms in the question. Each known question pair gets
    // a bit; an entry's bits say which of them it has.
    const { dot, matched, pairBits, bestCos } = this.scratch;
    const touchedDocs: number[] = [];
    const touchedEntries: number[] = [];
    const pairBit = new Map<string, number>();
    for (const k of known) {
      if (k.kind !== 'pair' || pairBit.size >= 31) continue;
      const bit = 1 << pairBit.size;
      pairBit.set(k.key, bit);
      for (const e of k.p.entries) pairBits[e]! |= bit;
    }
    const neededBits = (word: string) => {
      let bits = 0;
      for (const pair of pairsOf.get(word) ?? []) bits |= pairBit.get(pair) ?? 0;
      return bits;
    };

    for (const { key, kind, p, w, c } of known) {
      const contribution = w * p.idf;
      for (const d of p.docs) {
        if (dot[d] === 0) touchedDocs.push(d);
        dot[d]! += contribution;
      }
      const needs = kind === 'word' && pairsOf.has(key) ? neededBits(key) : -1;
      const partial = c * this.tuning.unsupportedWordCredit;
      for (const e of p.entries) {
        if (matched[e] === 0) touchedEntries.push(e);
        matched[e]! += needs === -1 || (pairBits[e]! & needs) !== 0 ? c : partial;
      }
    }

    const qNorm = Math.sqrt(normSq);
    for (const d of touchedDocs) {
      const e = this.docEntry[d]!;
      const cos = dot[d]! / (qNorm * this.docNorm[d]!);
      if (cos > bestCos[e]!) bestCos[e] = cos;
      dot[d] = 0;
    }
    const share = this.tuning.similarityShare;
    const hits: SearchHit[] = touchedEntries.map((e) => {
      const coverage = Math.min(1, matched[e]! / total);
      const hit = { entry: this.entries[e]!, score: this.prior[e]! * (share * bestCos[e]! + (1 - share) * coverage), coverage };
      matched[e] = 0;
      bestCos[e] = 0;
      return hit;
    });
    for (const k of known) if (pairBit.has(k.key)) for (const e of k.p.entries) pairBits[e] = 0;
    return hits.sort((a, b) => b.score - a.score || a.entry.id.localeCompare(b.entry.id));
  }
}

interface Index {
  postings: Map<string, Posting>;
  docEntry: number[];
  docNorm: number[];
  accents: Map<string, Set<string>>;
  vocabulary: Set<string>;
  unknownIdf: number;
}

// A function of its own, so no closure the engine keeps can hold on to the per-document
// feature maps built here (they are garbage once the postings exist).
function buildIndex(entries: readonly Entry[], synonymGroups: readonly string[][], analyzer: Analyzer, tuning: Tuning): Index {
  const postings = new Map<string, Posting>();
  const accents = new Map<string, Set<string>>();
  const vocabulary = new Set<string>();
  const docEntry: number[] = [];
  const docFeatures: Analysis['features'][] = [];
  entries.forEach((e, entry) => {
    for (const text of [e.title, ...e.questions, e.keywords.join(' . ')]) {
      const { features, words, typed } = analyzer.analyze(text);
      if (!features.size) continue;
      for (const { folded, accented } of typed) {
        if (accented === folded) continue;
        // The spelling without its tone is accepted too: a hurried "thưa" for "thửa".
        const forms = accents.get(folded) ?? new Set<string>();
        accents.set(folded, forms.add(accented).add(withoutTone(accented)));
      }
      for (const w of words) vocabulary.add(w);
      const doc = docEntry.push(entry) - 1;
      docFeatures.push(features);
      for (const key of features.keys()) {
        let p = postings.get(key);
        if (!p) postings.set(key, (p = { docs: [], entries: [], idf: 0 }));
        p.docs.push(doc);
        if (p.entries.at(-1) !== entry) p.entries.push(entry);
      }
    }
  });
  for (const group of synonymGroups) for (const phrase of group) for (const w of analyzer.analyze(phrase).words) vocabulary.add(w);

  const n = entries.length;
  const idf = (df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));
  for (const [key, p] of postings) p.idf = idf(p.entries.length) * tuning.kindWeight[kindOf(key)];
  const docNorm = docFeatures.map((features) => {
    let sum = 0;
    for (const key of features.keys()) sum += postings.get(key)!.idf ** 2;
    return Math.sqrt(sum);
  });
  return { postings, docEntry, docNorm, accents, vocabulary, unknownIdf: idf(0) * tuning.unknownWordWeight };
}

function pairLookup(postings: ReadonlyMap<string, Posting>) {
  return (first: string, second: string) => postings.has(`${first} ${second}`);
}

function kindOf(key: string): FeatureKind {
  return key.startsWith('~') ? 'concept' : key.includes(' ') ? 'pair' : 'word';
}
