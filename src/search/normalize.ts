// Folds Vietnamese text to one comparable form. Citizens type with and without
// diacritics, in composed or decomposed Unicode, with emoji and stray invisible
// characters; everything the matcher compares goes through `foldText` first.

import { textKeyedCache } from '../text/text-keyed-cache.ts';

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
  // A message is folded by every step of a turn that reads it: kept, not folded again.
  let folded = folds.get(input);
  if (folded === undefined) folds.set(input, (folded = fold(input)));
  return folded;
}

const folds = textKeyedCache<string>(5_000, 2_000_000, (folded) => folded.length);

function fold(input: string): string {
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

/** A syllable as compared (folded) and as typed (lower case, with its diacritics if any). */
export interface Syllable {
  folded: string;
  accented: string;
}

const I_FOR_Y: Record<string, string> = { y: 'i', ý: 'í', ỳ: 'ì', ỷ: 'ỉ', ỹ: 'ĩ', ỵ: 'ị' };
const ACCENTED_CONSONANT_Y = /^(qu|[bcdđghklmnprstvx]+)([yýỳỷỹỵ])$/;
const NOT_WORD_KEEP_MARKS = /[^\p{L}\p{N}\p{M}]+/u;

// Citizens use a few thousand distinct words; remembering each one's forms makes
// analysing a question (and indexing thousands of entries) several times faster.
const wordCache = new Map<string, Syllable>();
const WORD_CACHE_LIMIT = 50_000;

function syllableOf(word: string): Syllable {
  let s = wordCache.get(word);
  if (!s) {
    // The word holds only letters, digits and marks, so folding it leaves one syllable.
    const folded = canonicalSyllable(word.replace(/đ/g, 'd').normalize('NFD').replace(COMBINING_MARKS, ''));
    const accented = word.replace(ACCENTED_CONSONANT_Y, (_, c: string, y: string) => c + I_FOR_Y[y]);
    s = { folded, accented };
    if (wordCache.size >= WORD_CACHE_LIMIT) wordCache.clear();
    wordCache.set(word, s);
  }
  return s;
}

/** Syllables with both forms, so the matcher can use diacritics when the citizen typed them. */
export function syllablesWithAccents(input: string): Syllable[] {
  const words = input.slice(0, MAX_ANALYSED_CHARS).normalize('NFC').replace(INVISIBLES, '').toLowerCase().split(NOT_WORD_KEEP_MARKS);
  const out: Syllable[] = [];
  for (const word of words) {
    const s = word && syllableOf(word);
    if (s && s.folded) out.push(s);
  }
  return out;
}

const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/g;

/** The syllable without its tone ("thửa" → "thưa"): what someone typing in a hurry often sends. */
export function withoutTone(accented: string): string {
  return accented.normalize('NFD').replace(TONE_MARKS, '').normalize('NFC');
}

/** Folded text split into canonical syllables. */
export function syllables(input: string): string[] {
  return syllablesWithAccents(input).map((s) => s.folded);
}
