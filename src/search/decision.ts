// The three bands of an FAQ answerer: answer when one entry clearly fits, ask
// "did you mean…" when a few are close, and admit ignorance otherwise. Answering
// from incidental overlap ("giá vàng" vs "giá đất") is worse than saying nothing.

export type Decision = 'answer' | 'clarify' | 'none';

export interface Candidate {
  /** Overall match, 0–1. */
  score: number;
  /** Share of the question's informative weight that this entry explains, 0–1. */
  coverage: number;
}

export interface DecisionThresholds {
  /** Below either of these the best candidate is not a match at all. */
  minScore: number;
  minCoverage: number;
  /** To answer outright: a score and coverage this high… */
  answerScore: number;
  answerCoverage: number;
  /** …and the runner-up at most this fraction of the best score. */
  maxRunnerUpRatio: number;
  /** Options offered in a clarification are within this fraction of the best. */
  clarifyRatio: number;
}

export const DEFAULT_THRESHOLDS: DecisionThresholds = {
  minScore: 0.3,
  minCoverage: 0.5,
  answerScore: 0.4,
  answerCoverage: 0.5,
  maxRunnerUpRatio: 0.93,
  clarifyRatio: 0.75,
};

/** Decides on candidates sorted best first; returns how many of them to show. */
export function decide(ranked: readonly Candidate[], t: DecisionThresholds = DEFAULT_THRESHOLDS): { decision: Decision; shown: number } {
  const [best, second] = ranked;
  if (!best || best.score < t.minScore || best.coverage < t.minCoverage) return { decision: 'none', shown: 0 };
  const clear = !second || second.score <= best.score * t.maxRunnerUpRatio;
  if (clear && best.score >= t.answerScore && best.coverage >= t.answerCoverage) return { decision: 'answer', shown: 1 };
  const close = ranked.slice(0, 3).filter((c) => c.score >= best.score * t.clarifyRatio).length;
  return { decision: 'clarify', shown: Math.max(close, Math.min(2, ranked.length)) };
}
