// The engine's weights, apart from the engine so that tuning tools read them without it.
import type { FeatureKind } from './analyzer.ts';

/** The engine's weights. Defaults were calibrated on labelled questions written
 *  independently of the knowledge base; see `npm run -s cli -- eval`. */
export interface Tuning {
  /** Feature weights by kind in coverage: a pair of syllables is usually a whole word, a concept a whole term. */
  kindWeight: Record<FeatureKind, number>;
  /** The same in similarity. A concept shared by a family of entries ("hộ kinh doanh" in
   *  register, change, close) must not drown the word that tells them apart ("xóa"). */
  similarityKindWeight: Record<FeatureKind, number>;
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
  /** Share of the similarity taken from the title alone: of two entries whose sample
   *  questions both fit "đăng ký hộ kinh doanh", the one whose title it is wins. */
  titleShare: number;
  /** Unknown words weigh n^this together: 1 counts each in full; below 1, the tenth
   *  unfamiliar word of a long story counts less than the first of a short question. */
  unknownWordsExponent: number;
  /** In a letter, how much the story counts against the sentences that ask (1 = as much). */
  storyWeight: number;
  /** …and when the question names fewer specific terms than this, */
  vagueQuestionTerms: number;
  /** …how much the story counts then. */
  vagueStoryWeight: number;
}

export const DEFAULT_TUNING: Tuning = {
  kindWeight: { word: 1, pair: 1.3, concept: 3.5, foreign: 3 },
  similarityKindWeight: { word: 1, pair: 1.3, concept: 1.5, foreign: 3 },
  accentMismatchConfidence: 0.35,
  unsupportedWordCredit: 0.5,
  unknownWordWeight: 0.8,
  similarityShare: 0.6,
  pairCoverageWeight: 0.3,
  unknownWordsExponent: 0.6,
  titleShare: 0.15,
  storyWeight: 0.3,
  vagueQuestionTerms: 2,
  vagueStoryWeight: 0.8,
};
