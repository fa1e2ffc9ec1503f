// The bands of an FAQ answerer: answer when one entry clearly fits; ask "did you mean…"
// when a few are close, or when one leads clearly without fitting well enough to answer
// outright (a long question told as a story); and admit ignorance otherwise. Answering
// from incidental overlap ("giá vàng" vs "giá đất") is worse than saying nothing.

export type Decision = 'answer' | 'clarify' | 'none';

export interface Candidate {
  /** Overall match, 0–1. */
  score: number;
  /** Share of the question's informative weight that this entry explains, 0–1. */
  coverage: number;
}

export interface DecisionThresholds {
  /** Below either of these the best candidate is not a match at all… */
  minScore: number;
  minCoverage: number;
  /** To answer outright: a score and coverage this high… */
  answerScore: number;
  answerCoverage: number;
  /** …and the runner-up at most this fraction of the best score. */
  maxRunnerUpRatio: number;
  /** Options offered in a clarification are within this fraction of the best. */
  clarifyRatio: number;
  /** …unless the best leads by this much (runner-up at most this fraction of it) with at
   *  least this score and coverage: then it is offered ("Có phải bạn muốn hỏi…?"). */
  leadRatio: number;
  leadScore: number;
  leadCoverage: number;
  /** …and only a question of at least this many content words: a story where the fit is
   *  diluted, not a short question that merely shares a word ("đổi thẻ ATM" and "đổi thẻ căn cước"). */
  leadMinWords: number;
  /** A question naming a subject the bot does not handle (passport, a labour dispute) is refused
   *  unless the best entry explains at least this share of it ("nộp phạt để lấy lại bằng lái"). */
  foreignCoverage: number;
  /** …and one named only in a letter's story (a hospital where a child was born), unless this share. */
  storyForeignCoverage: number;
  /** …yet one entry that leads by this much (runner-up at most this fraction of it) with at
   *  least this score is offered: the hospital where a child was born at home is incidental. */
  foreignLeadRatio: number;
  foreignLeadScore: number;
}

export const DEFAULT_THRESHOLDS: DecisionThresholds = {
  minScore: 0.3,
  minCoverage: 0.45,
  answerScore: 0.35,
  answerCoverage: 0.45,
  maxRunnerUpRatio: 0.88,
  clarifyRatio: 0.75,
  leadRatio: 0.8,
  leadScore: 0.3,
  leadCoverage: 0.3,
  leadMinWords: 6,
  foreignCoverage: 0.45,
  storyForeignCoverage: 0.45,
  // A chat one-liner that names a subject the bot does not handle is about that subject
  // ("hộ chiếu cho trẻ em có cần giấy khai sinh không"): never offered despite it.
  foreignLeadRatio: 0,
  foreignLeadScore: Infinity,
};

/**
 * The bands for letters (a story and a question): scores run lower than for a chat
 * one-liner, since a story's words dilute the fit even after the question sentences are
 * weighed above it. Calibrated on real citizens' letters and held-out ones (bench/tune-letters.ts).
 */
export const LETTER_THRESHOLDS: DecisionThresholds = {
  minScore: 0.13,
  minCoverage: 0.11,
  answerScore: 0.21,
  answerCoverage: 0.26,
  maxRunnerUpRatio: 0.64,
  clarifyRatio: 0.81,
  leadRatio: 0.64,
  leadScore: 0.3,
  leadCoverage: 0.17,
  leadMinWords: 0,
  foreignCoverage: 0.45,
  storyForeignCoverage: 0.27,
  foreignLeadRatio: 0.6,
  foreignLeadScore: 0.3,
};

/** Decides on candidates sorted best first for a question of `words` content words; returns how many to show. */
export function decide(ranked: readonly Candidate[], t: DecisionThresholds = DEFAULT_THRESHOLDS, words = Infinity): { decision: Decision; shown: number } {
  const [best, second] = ranked;
  if (!best) return { decision: 'none', shown: 0 };
  const ratio = second ? second.score / best.score : 0;
  if (best.score < t.minScore || best.coverage < t.minCoverage) {
    const leads = words >= t.leadMinWords && ratio <= t.leadRatio && best.score >= t.leadScore && best.coverage >= t.leadCoverage;
    return leads ? { decision: 'clarify', shown: 1 } : { decision: 'none', shown: 0 };
  }
  if (ratio <= t.maxRunnerUpRatio && best.score >= t.answerScore && best.coverage >= t.answerCoverage) return { decision: 'answer', shown: 1 };
  const close = ranked.slice(0, 3).filter((c) => c.score >= best.score * t.clarifyRatio).length;
  return { decision: 'clarify', shown: Math.max(close, Math.min(2, ranked.length)) };
}

/** For a question naming a subject its best entry is not about: nothing, unless that entry leads clearly. */
export function offerDespiteForeign(ranked: readonly Candidate[], t: DecisionThresholds): { decision: Decision; shown: number } {
  const [best, second] = ranked;
  const leads = best && best.score >= t.foreignLeadScore && (second ? second.score / best.score : 0) <= t.foreignLeadRatio;
  return leads ? { decision: 'clarify', shown: 1 } : { decision: 'none', shown: 0 };
}
