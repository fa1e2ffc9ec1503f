// What a search returns, and how an engine is set up.
import type { Entry } from '../knowledge/schema.ts';
import type { ForeignTopic } from './build-index.ts';
import type { Decision, DecisionThresholds } from './decision.ts';
import type { Tuning } from './tuning.ts';

export interface SearchHit {
  entry: Entry;
  /** 0–1, higher is better. */
  score: number;
  coverage: number;
}

/** An out-of-scope topic a message names; `asked`: in the sentences that ask, not only a letter's story. */
export type NamedTopic = ForeignTopic & { asked: boolean };

export interface SearchOutcome {
  query: string;
  decision: Decision;
  /** Best first. For "answer" the first is the answer; for "clarify" the options come first. */
  hits: SearchHit[];
  repairs: { from: string; to: string }[];
  /** How many of the hits a "clarify" offers: 1 when one leads ("Có phải bạn muốn hỏi…?"), else the close ones. */
  offered: number;
  /** Out-of-scope topics the question names that the best entry does not cover. */
  foreign: NamedTopic[];
  /** True when the message was read as a letter (a story and a question) and decided on the letter bands. */
  letter: boolean;
}

export interface EngineOptions {
  thresholds?: DecisionThresholds;
  /** The bands for letters; LETTER_THRESHOLDS by default. */
  letterThresholds?: DecisionThresholds;
  /** Multiplies the score of entries imported from the national catalogue, so that
   *  hand-written entries, phrased as citizens ask, win everyday questions. */
  importedPrior?: number;
  tuning?: Partial<Tuning>;
  foreignTopics?: readonly ForeignTopic[];
  /** How many recent questions keep their outcome (2,000 by default); 0 for none, as benchmarks of the search itself want. */
  outcomesKept?: number;
}
