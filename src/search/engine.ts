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
import { Analyzer, expandedSyllablesWithAccents, type Analysis, type FeatureKind } from './analyzer.ts';
import type { Syllable } from './normalize.ts';
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
}

export const DEFAULT_TUNING: Tuning = {
  kindWeight: { word: 1, pair: 1.3, concept: 1.5 },
  accentMismatchConfidence: 0.35,
  unsupportedWordCredit: 0.5,
  unknownWordWeight: 1.5,
  similarityShare: 0.5,
};

interface Posting {
  docs: number[];
  entries: number[];
  idf: number;
}

export class SearchEngine {
  private readonly analyzer: Analyzer;
  private readonly repairer: SyllableRepairer;
  private readonly postings = new Map<string, Posting>();
  private readonly docEntry: number[] = [];
  private readonly docNorm: number[] = [];
  private readonly prior: number[];
  private readonly unknownIdf: number;
  private readonly thresholds: DecisionThresholds;
  private readonly tuning: Tuning;
  /** Folded syllable → the diacritic spellings the knowledge base uses for it. */
  private readonly accents = new Map<string, Set<string>>();

  constructor(
    readonly entries: readonly Entry[],
    synonymGroups: readonly string[][] = [],
    options: EngineOptions = {},
  ) {
    this.analyzer = new Analyzer(synonymGroups);
    this.thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
    this.tuning = { ...DEFAULT_TUNING, ...options.tuning };
    this.prior = entries.map((e) => ('imported' in e && e.imported ? (options.importedPrior ?? 0.85) : 1));

    const docFeatures: { entry: number; features: Analysis['features'] }[] = [];
    const vocabulary = new Set<string>();
    const noteAccents = (text: string) => {
      for (const { folded, accented } of expandedSyllablesWithAccents(text)) {
        if (accented === folded) continue;
        const forms = this.accents.get(folded) ?? new Set<string>();
        this.accents.set(folded, forms.add(accented));
      }
    };
    entries.forEach((e, entry) => {
      for (const text of [e.title, ...e.questions, e.keywords.join(' . ')]) {
        const { features, words } = this.analyzer.analyze(text);
        if (!features.size) continue;
        noteAccents(text);
        for (const w of words) vocabulary.add(w);
        docFeatures.push({ entry, features });
      }
    });
    for (const group of synonymGroups) for (const phrase of group) for (const w of this.analyzer.analyze(phrase).words) vocabulary.add(w);

    docFeatures.forEach(({ entry, features }, doc) => {
      this.docEntry.push(entry);
      for (const key of features.keys()) {
        let p = this.postings.get(key);
        if (!p) this.postings.set(key, (p = { docs: [], entries: [], idf: 0 }));
        p.docs.push(doc);
        if (p.entries.at(-1) !== entry) p.entries.push(entry);
      }
    });
    const n = entries.length;
    const idf = (df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));
    this.unknownIdf = idf(0) * this.tuning.unknownWordWeight;
    for (const [key, p] of this.postings) p.idf = idf(p.entries.length) * this.tuning.kindWeight[kindOf(key)];
    for (const { features } of docFeatures) {
      let sum = 0;
      for (const key of features.keys()) sum += this.postings.get(key)!.idf ** 2;
      this.docNorm.push(Math.sqrt(sum));
    }
    this.repairer = new SyllableRepairer(vocabulary, (a, b) => this.postings.has(`${a} ${b}`));
  }

  search(query: string, limit = 5): SearchOutcome {
    const analysis = this.analyzer.analyze(query, (s, before, after) => this.doubtAccents(s) ?? this.repairer.repair(s.folded, before, after));
    const ranked = this.rank(analysis);
    const { decision } = decide(ranked, this.thresholds);
    return { query, decision, hits: ranked.slice(0, limit), repairs: analysis.repairs };
  }

  /** "đồ" typed with its diacritics is not the "đỏ" of "sổ đỏ", though both fold to "do". */
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
    const known: { key: string; kind: FeatureKind; p: Posting; w: number }[] = [];
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
      // A guessed repair explains only part of the typed word: the rest stays unexplained.
      total += w + (1 - confidence) * this.unknownIdf;
      normSq += w * w;
      known.push({ key, kind, p, w });
    }
    if (!known.length || total === 0) return [];

    // A syllable typed inside a word ("trả góp") that an entry knows only from another
    // word ("góp ý") is incidental: it earns full credit only where the entry also has
    // one of the pairs the syllable forms in the question.
    const entriesWithPair = new Map<string, Set<number>>();
    for (const k of known) if (k.kind === 'pair') entriesWithPair.set(k.key, new Set(k.p.entries));
    const supportedIn = (word: string, e: number) => {
      const pairs = pairsOf.get(word);
      return !pairs || pairs.some((pair) => entriesWithPair.get(pair)?.has(e));
    };

    const dot = new Map<number, number>();
    const matched = new Map<number, number>();
    for (const { key, kind, p, w } of known) {
      for (const d of p.docs) dot.set(d, (dot.get(d) ?? 0) + w * p.idf);
      for (const e of p.entries) {
        const credit = kind === 'word' && !supportedIn(key, e) ? w * this.tuning.unsupportedWordCredit : w;
        matched.set(e, (matched.get(e) ?? 0) + credit);
      }
    }
    const qNorm = Math.sqrt(normSq);
    const bestCos = new Map<number, number>();
    for (const [d, v] of dot) {
      const e = this.docEntry[d]!;
      const cos = v / (qNorm * this.docNorm[d]!);
      if (cos > (bestCos.get(e) ?? 0)) bestCos.set(e, cos);
    }
    const hits: SearchHit[] = [];
    for (const [e, m] of matched) {
      const coverage = Math.min(1, m / total);
      const score = this.prior[e]! * (this.tuning.similarityShare * (bestCos.get(e) ?? 0) + (1 - this.tuning.similarityShare) * coverage);
      hits.push({ entry: this.entries[e]!, score, coverage });
    }
    return hits.sort((a, b) => b.score - a.score || a.entry.id.localeCompare(b.entry.id));
  }
}

function kindOf(key: string): FeatureKind {
  return key.startsWith('~') ? 'concept' : key.includes(' ') ? 'pair' : 'word';
}
