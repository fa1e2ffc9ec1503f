// Folds Vietnamese text to one comparable form. Citizens type with and without
// diacritics, in composed or decomposed Unicode, with emoji and stray invisible
// characters; everything the matcher compares goes through `foldText` first.

/** Longest message the matcher looks at; the rest of a 10,000-character paste adds noise, not meaning. */
export const MAX_ANALYSED_CHARS = 2_000;

const INVISIBLES = /[\u00AD\u200B-\u200F\u2028-\u202E\u2060-\u2064\uFEFF]/g;
const COMBINING_MARKS = /\p{M}+/gu;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;

/**
 * NFC, lower case, no diacritics, đ→d, and every run of punctuation, emoji, symbols
 * or whitespace turned into a single space. `"Sổ đỏ 🏠!"` → `"so do"`.
 */
export function foldText(input: string): string {
  return input
    .slice(0, MAX_ANALYSED_CHARS)
    .normalize('NFC')
    .replace(INVISIBLES, '')
    .toLowerCase()
    .replace(/đ/g, 'd')
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(NOT_WORD, ' ')
    .trim();
}

// Vietnamese spells the same syllable with a final "y" or "i" after a consonant
// (kỹ/kĩ, lý/lí, quý/quí); citizens mix them freely, so both sides use "i".
const CONSONANT_Y = /^(qu|[bcdghklmnprstvx]+)y$/;

export function canonicalSyllable(token: string): string {
  return token.replace(CONSONANT_Y, '$1i');
}

/** Folded text split into canonical syllables. */
export function syllables(input: string): string[] {
  const folded = foldText(input);
  return folded ? folded.split(' ').map(canonicalSyllable) : [];
}
