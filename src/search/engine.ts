// The question matcher. Each entry contributes several short "documents" (its title,
// each keyword, each sample question); a question is compared with them through an
// inverted index of weighted features, so a query only touches the entries that share
// a word with it. That is what keeps it at a few milliseconds with thousands of
// entries, where fuse.js over the long fields takes a hundred.
//
// An entry's score blends two views:
// - the best cosine similarity between the question and one of its documents (with a
//   little extra weight on its title)
//   (a citizen's question usually resembles one way of asking), and
// - coverage: the share of the question's informative weight that the entry's
//   whole vocabulary explains (so words the entry has never heard of count against it,
//   which is how "giá vàng hôm nay" is told from "giá đất"). An out-of-scope topic named
//   in the question (a passport, a driving licence) weighs heavily against every entry
//   that is not asked about it (its title, sample questions and keywords).
import type { LRUCache } from 'lru-cache';
import { stringsWithin } from '../knowledge/placeholders.ts';
import type { Entry } from '../knowledge/schema.ts';
import { Analyzer, kindOf, weighLetter, type Analysis, type FeatureKind } from './analyzer.ts';
import { letterParts } from './letter.ts';
import type { ForeignTopic } from './build-index.ts';
import { buildIndex, entriesCovering, type ForeignCover, type Posting } from './build-index.ts';
import { commandWordOf } from './command-words.ts';
import { decide, DEFAULT_THRESHOLDS, LETTER_THRESHOLDS, offerDespiteForeign, type DecisionThresholds } from './decision.ts';
import { foldText, type Syllable } from './normalize.ts';
import { textKeyedCache } from '../text/text-keyed-cache.ts';
import { SyllableRepairer, type Repair } from './syllable-repair.ts';
import type { EngineOptions, NamedTopic, SearchHit, SearchOutcome } from './search-types.ts';
import { DEFAULT_TUNING, type Tuning } from './tuning.ts';

export type { ForeignTopic } from './build-index.ts';
export { DEFAULT_TUNING, type Tuning } from './tuning.ts';
export type { EngineOptions, NamedTopic, SearchHit, SearchOutcome } from './search-types.ts';

/** A feature whose weight in a document's dot product is below this is left out of it (idf ≈ 0.1 or less). */
const NEGLIGIBLE_CONTRIBUTION = 0.01;

/** Per-query accumulators, allocated once: search is synchronous, so one set serves every query. */
interface Scratch {
  dot: Float64Array;
  matched: Float64Array;
  pairBits: Uint32Array;
  bestCos: Float64Array;
  titleCos: Float64Array;
}

/** Questions whose outcome is kept: a few megabytes at most, the common questions of a busy day. */
const OUTCOMES_KEPT = 2_000;

export class SearchEngine {
  private readonly analyzer: Analyzer;
  private readonly repairer: SyllableRepairer;
  private readonly postings: Map<string, Posting>;
  /** Document → its entry, and its vector norm; entry → its title's document (-1 when the title has no features). */
  private readonly docEntry: number[];
  private readonly titleDoc: Int32Array;
  private readonly docNorm: number[];
  private readonly prior: number[];
  private readonly unknownIdf: number;
  private readonly thresholds: DecisionThresholds;
  private readonly letterThresholds: DecisionThresholds;
  private readonly tuning: Tuning;
  private readonly scratch: Scratch;
  /** Folded syllable → the diacritic spellings the knowledge base uses for it, with and without tone. */
  private readonly accents: Map<string, Set<string>>;
  private readonly vocabulary: ReadonlySet<string>;
  private readonly byId: ReadonlyMap<string, Entry>;
  /** Foreign token → the entries that name each of the topic's phrases, and its weight. */
  private readonly foreignCover: Map<string, ForeignCover>;
  private readonly foreignTopics: readonly ForeignTopic[];
  /** "all:<id>" / "title:<id>" → the features of the entry's whole text / its title, worked out when first asked. */
  private readonly textFeatures = new Map<string, Set<string>>();
  private readonly outcomes: LRUCache<string, SearchOutcome> | undefined;
  /** A message's topic terms, asked several times a turn (is it a follow-up, does it name another entry). */
  private readonly terms = textKeyedCache<string[]>(OUTCOMES_KEPT, 1_000 * OUTCOMES_KEPT);

  constructor(
    readonly entries: readonly Entry[],
    synonymGroups: readonly string[][] = [],
    options: EngineOptions = {},
  ) {
    const foreign = options.foreignTopics ?? [];
    const kept = options.outcomesKept ?? OUTCOMES_KEPT;
    // Letters run to a few thousand characters: the questions kept hold a few megabytes of text at most.
    this.outcomes = kept > 0 ? textKeyedCache(kept, 1_000 * kept) : undefined;
    this.analyzer = new Analyzer(synonymGroups, foreign.map((t) => t.phrases));
    this.thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
    this.letterThresholds = options.letterThresholds ?? LETTER_THRESHOLDS;
    this.tuning = {
      ...DEFAULT_TUNING,
      ...options.tuning,
      kindWeight: { ...DEFAULT_TUNING.kindWeight, ...options.tuning?.kindWeight },
      similarityKindWeight: { ...DEFAULT_TUNING.similarityKindWeight, ...options.tuning?.similarityKindWeight },
    };
    this.prior = entries.map((e) => ('imported' in e && e.imported ? (options.importedPrior ?? 0.85) : 1));
    this.foreignTopics = foreign;

    const index = buildIndex(entries, synonymGroups, foreign, this.analyzer, this.tuning);
    this.postings = index.postings;
    this.docEntry = index.docEntry;
    this.titleDoc = index.titleDoc;
    this.docNorm = index.docNorm;
    this.accents = index.accents;
    this.unknownIdf = index.unknownIdf;
    this.vocabulary = index.vocabulary;
    this.foreignCover = index.foreignCover;
    this.byId = new Map(entries.map((e) => [e.id, e]));
    this.repairer = new SyllableRepairer(index.vocabulary, (a, b) => index.syllablePairs.has(`${a} ${b}`));
    this.scratch = {
      dot: new Float64Array(this.docEntry.length),
      matched: new Float64Array(entries.length),
      pairBits: new Uint32Array(entries.length),
      bestCos: new Float64Array(entries.length),
      titleCos: new Float64Array(entries.length),
    };
  }

  /** The entry with this id, if the engine serves it. */
  entry(id: string): Entry | undefined {
    return this.byId.get(id);
  }

  /** How many content units (words, concepts) a question has, fillers left out. */
  contentWords(query: string): number {
    return this.analyzer.analyze(query).words.length;
  }

  /** True when a folded syllable ("cccd", "so") occurs in the knowledge base or its synonyms. */
  knows(word: string): boolean {
    return this.vocabulary.has(word);
  }

  /**
   * The terms of a text specific enough to name a subject: a synonym concept, an
   * out-of-scope topic, a word the knowledge base has never seen, or a word or pair found
   * in only a few entries. "thế lệ phí bao nhiêu" has none; "còn xóa thường trú thì sao" has.
   */
  topicTerms(text: string): string[] {
    let terms = this.terms.get(text);
    if (!terms) this.terms.set(text, (terms = this.specificTerms(this.analyzer.analyze(text, (s, before, after) => this.repairer.repair(s.folded, before, after)))));
    return terms;
  }

  private specificTerms({ features }: Analysis): string[] {
    const specific = Math.max(3, this.entries.length * 0.08);
    return [...features].flatMap(([key, { kind }]) => {
      if (kind === 'concept' || kind === 'foreign') return [key];
      const p = this.postings.get(key);
      if (!p) return kind === 'word' && key.length > 1 && !/^\d+$/.test(key) ? [key] : [];
      return p.entries.length <= specific ? [key] : [];
    });
  }

  /**
   * True when everything specific the text names occurs somewhere in the entry, its answer
   * included: "niêm yết bao lâu" after "cấp lại sổ đỏ bị mất" asks about that entry's notice.
   */
  mentions(entryId: string, text: string): boolean {
    return this.within(entryId, text, 'all');
  }

  /**
   * True when the text names the entry's procedure: a concept of its title ("xin giấy xác
   * nhận cư trú" for CT07), or most of its specific words ("đăng ký kết hôn"). A detail that
   * is only a keyword ("niêm yết") does not name a procedure.
   */
  names(entryId: string, text: string): boolean {
    const terms = this.topicTerms(text);
    const title = this.featuresOf(entryId, 'title');
    if (!terms.length || !title) return false;
    if (terms.some((t) => kindOf(t) === 'concept' && title.has(t))) return true;
    return terms.filter((t) => title.has(t)).length * 2 >= terms.length && terms.some((t) => title.has(t));
  }

  private within(entryId: string, text: string, part: 'all'): boolean {
    const terms = this.topicTerms(text);
    const known = this.featuresOf(entryId, part);
    if (!terms.length || !known) return terms.length === 0;
    return terms.every((t) => known.has(t));
  }

  private featuresOf(entryId: string, part: 'all' | 'title'): Set<string> | undefined {
    const entry = this.byId.get(entryId);
    if (!entry) return undefined;
    const cacheKey = `${part}:${entryId}`;
    let known = this.textFeatures.get(cacheKey);
    if (!known) {
      const strings = part === 'title' ? [entry.title] : [entry.title, ...entry.questions, ...entry.keywords, ...[...stringsWithin(entry.answer)].map(([, t]) => t)];
      known = new Set<string>();
      for (const t of strings) for (const key of this.analyzer.analyze(t).features.keys()) known.add(key);
      this.textFeatures.set(cacheKey, known);
    }
    return known;
  }

  /**
   * The same question asked again (a common one, or by the conversation twice in one turn:
   * once to tell a follow-up, once to answer) is not worked out again: the engine does not
   * change once built, so neither do its outcomes.
   */
  search(query: string, limit = 5): SearchOutcome {
    if (!this.outcomes) return this.searchAfresh(query, limit);
    const key = `${limit}\u0000${query}`;
    let outcome = this.outcomes.get(key);
    if (!outcome) this.outcomes.set(key, (outcome = this.searchAfresh(query, limit)));
    return outcome;
  }

  private searchAfresh(query: string, limit: number): SearchOutcome {
    if (commandWordOf(foldText(query))) return { query, decision: 'none', hits: [], repairs: [], offered: 0, foreign: [], letter: false };
    const { framed, ...first } = this.searchReading(query, limit, false);
    if (first.decision !== 'none' || !framed || first.letter) return first;
    // Nothing fits once its greeting and request are set aside ("Xin chào ban quản trị, tôi
    // là … lần đầu gửi thư"): then they are what the message says. A letter that asks nothing
    // the ward handles is not a greeting for its "Kính gửi".
    const { framed: _, ...again } = this.searchReading(query, limit, true);
    return again;
  }

  private searchReading(query: string, limit: number, keepFrame: boolean): SearchOutcome & { framed: boolean } {
    const repair = (s: Syllable, before: string | undefined, after: string | undefined) => this.doubtAccents(s) ?? this.repairer.repair(s.folded, before, after);
    const letter = letterParts(query);
    // A letter's story counts little and is mostly names and places: its typos are not worth guessing.
    const whole = this.analyzer.analyze(query, letter.isLetter ? (s) => this.doubtAccents(s) : repair, keepFrame);
    const analysis = letter.isLetter ? this.weighedLetter(this.analyzer.analyze(letter.focus, repair, keepFrame), whole) : whole;
    const ranked = this.rank(analysis);
    const foreign = this.foreignNotCoveredBy(analysis, ranked[0]);
    // Naming a subject the best entry is not about, the question is not offered that entry
    // unless the rest of it fits well enough to answer ("nộp phạt để lấy lại bằng lái").
    const bands = letter.isLetter ? this.letterThresholds : this.thresholds;
    const bar = foreign.some((t) => t.asked) ? bands.foreignCoverage : bands.storyForeignCoverage;
    const { decision, shown } = foreign.length && (ranked[0]?.coverage ?? 0) < bar ? offerDespiteForeign(ranked, bands) : decide(ranked, bands, analysis.words.length);
    return { query, decision, hits: ranked.slice(0, limit), repairs: analysis.repairs, offered: shown, foreign, letter: letter.isLetter, framed: analysis.framed };
  }

  /**
   * A letter's question weighed above its story; when the question names no subject of its
   * own ("Tôi phải làm gì trong trường hợp này?"), the story is what it is about.
   */
  private weighedLetter(question: Analysis, whole: Analysis): Analysis {
    const vague = this.specificTerms(question).length < this.tuning.vagueQuestionTerms;
    return weighLetter(question, whole, vague ? this.tuning.vagueStoryWeight : this.tuning.storyWeight);
  }

  /** "đồ" typed with its diacritics is not the "đỏ" of "sổ đỏ", though both fold to "do";
   *  but "thưa" typed without its tone may well be the "thửa" of "tách thửa". */
  private doubtAccents({ folded, accented }: Syllable): Repair | undefined {
    const known = this.accents.get(folded);
    if (accented === folded || !known || known.has(accented)) return undefined;
    return { syllables: [folded], confidence: this.tuning.accentMismatchConfidence };
  }

  /** A question about a topic the bot does not handle is never answered by an entry that does not mention it. */
  private foreignNotCoveredBy({ features }: Analysis, best: SearchHit | undefined): NamedTopic[] {
    const topics: NamedTopic[] = [];
    const bestIndex = best ? this.entries.indexOf(best.entry) : -1;
    for (const [key, { kind, weight, phrases }] of features) {
      if (kind !== 'foreign') continue;
      const cover = this.foreignCover.get(key);
      if (cover && entriesCovering(cover, phrases).has(bestIndex)) continue;
      // Named where the letter asks, or in the story of a question that names no subject of
      // its own ("thủ tục và chi phí như thế nào?"): what the question is about.
      topics.push({ ...this.foreignTopics[Number(key.slice(1))]!, asked: weight > this.tuning.storyWeight });
    }
    return topics;
  }

  private rank({ features, pairsOf }: Analysis): SearchHit[] {
    // Question side: informative weight of every feature, known or not. Unknown pairs
    // are left out (any new word order makes them), unknown words are not.
    let total = 0;
    let normSq = 0;
    let unknown = 0;
    let unknownSq = 0;
    const known: { key: string; kind: FeatureKind; p: Posting; w: number; c: number }[] = [];
    const foreign: { entries: ReadonlySet<number>; w: number }[] = [];
    for (const [key, { kind, confidence, weight, phrases }] of features) {
      if (kind === 'foreign') {
        const cover = this.foreignCover.get(key);
        const w = (cover?.weight ?? this.unknownIdf * this.tuning.kindWeight.foreign) * confidence * weight;
        total += w;
        normSq += (w * this.tuning.similarityKindWeight.foreign / this.tuning.kindWeight.foreign) ** 2;
        if (cover) foreign.push({ entries: entriesCovering(cover, phrases), w });
        continue;
      }
      const p = this.postings.get(key);
      if (!p) {
        if (kind === 'word' || kind === 'concept') {
          unknown += weight;
          unknownSq += weight * weight;
        }
        continue;
      }
      const w = p.sim * confidence * weight;
      const c = p.idf * confidence * weight * (kind === 'pair' ? this.tuning.pairCoverageWeight : 1);
      // A guessed repair explains only part of the typed word: the rest stays unexplained.
      total += c + (1 - confidence) * weight * this.unknownIdf;
      normSq += w * w;
      known.push({ key, kind, p, w, c });
    }
    if (unknown) {
      total += this.unknownIdf * unknown ** this.tuning.unknownWordsExponent;
      normSq += this.unknownIdf ** 2 * unknownSq;
    }
    if (!known.length || total === 0) return [];

    // A syllable typed inside a word ("trả góp") that an entry knows only from another
    // word ("góp ý") is incidental: it earns full credit only where the entry also has
    // one of the pairs the syllable forms in the question. Each known question pair gets
    // a bit; an entry's bits say which of them it has.
    const { dot, matched, pairBits, bestCos, titleCos } = this.scratch;
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
      const contribution = w * p.sim;
      // A word nearly every entry has ("thủ tục" across the catalogue) moves no score, yet
      // walking its thousands of documents is most of a long letter's cost: it stays in the
      // question's weight (the denominators) and is left out of the walks.
      if (contribution < NEGLIGIBLE_CONTRIBUTION && c < NEGLIGIBLE_CONTRIBUTION) continue;
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
    for (const { entries, w } of foreign) for (const e of entries) if (matched[e]! > 0) matched[e]! += w;

    const qNorm = Math.sqrt(normSq);
    for (const d of touchedDocs) {
      const e = this.docEntry[d]!;
      const cos = dot[d]! / (qNorm * this.docNorm[d]!);
      if (cos > bestCos[e]!) bestCos[e] = cos;
      if (this.titleDoc[e] === d) titleCos[e] = cos;
      dot[d] = 0;
    }
    const share = this.tuning.similarityShare;
    const title = this.tuning.titleShare;
    const hits: SearchHit[] = touchedEntries.map((e) => {
      const coverage = Math.min(1, matched[e]! / total);
      const similarity = (1 - title) * bestCos[e]! + title * titleCos[e]!;
      const hit = { entry: this.entries[e]!, score: this.prior[e]! * (share * similarity + (1 - share) * coverage), coverage };
      matched[e] = 0;
      bestCos[e] = 0;
      titleCos[e] = 0;
      return hit;
    });
    for (const k of known) if (pairBit.has(k.key)) for (const e of k.p.entries) pairBits[e] = 0;
    return hits.sort((a, b) => b.score - a.score || a.entry.id.localeCompare(b.entry.id));
  }
}
