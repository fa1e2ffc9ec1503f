// Which messages belong in the log of unanswered questions (and in the quarterly report's
// list of them): questions, not a name typed at the wrong moment, keyboard mash, abuse or
// markup. Kept apart from the search engine: it judges the shape of a message, not its topic.
import { MASK, maskPhones } from './phones.ts';

export type MessageShape = 'question' | 'personal' | 'junk' | 'abuse' | 'markup';

/** Surnames that start most Vietnamese names, folded. */
export const SURNAMES: ReadonlySet<string> = new Set(
  `nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly dinh doan trinh truong lam mai to ha cao
   luong ta vuong chau quach luu thai tang trieu la kieu tu dao chu giang khuc ninh mac thach lai`.split(/\s+/),
);
/** Words that make a message a question or a request rather than a bare name. */
const ASKING = /\b(gi|j|sao|nao|dau|khong|ko|k|bao|the|lam|thu tuc|cach|hoi|can|muon|xin|duoc|dc|co phai|o dau)\b/;

/** Profanity: accented forms where the folded one is an ordinary word ("lồn"/"lớn"), folded where it is not. */
const ABUSE_ACCENTED = /(^|\s)(lồn|cặc|buồi|đụ|địt|đéo|đĩ|đm|đcm|đmm|đkm)(\s|$)/u;
const ABUSE_FOLDED = /\b(dm|dmm|dcm|dkm|vcl|vkl|vl|clm|cmm|cmn|dit me|du ma|fuck|shit|thang ngu|do ngu|ngu nhu bo|oc cho|do cho)\b/;

const MARKUP = /<\/?[a-z!][^>]*>|javascript:|\bon[a-z]+\s*=|\$\{|\{\{|<script|&#x?[0-9a-f]+;|\]\(http/i;
const ADDRESS = /^(so\s*)?\d+[a-z]?(\s*\/\s*\d+)*\s+(duong|pho|hem|ngo|kiet|ngach|to|thon|ap)\b/;

/** A folded syllable that Vietnamese spelling allows: an onset, a vowel nucleus, an optional coda. */
const SYLLABLE = /^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(ch|ng|nh|[cmnpt])?$/;

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}+/gu, '').replace(/đ/gi, 'd').toLowerCase();

/**
 * What kind of message this is. `known` tells whether a folded word is in the bot's
 * vocabulary (chat shorthand such as "cccd" or "sdd" is not a Vietnamese syllable but is
 * a real word to the bot).
 */
export function messageShape(text: string, known: (word: string) => boolean = () => false): MessageShape {
  const lower = text.normalize('NFC').toLowerCase();
  if (MARKUP.test(text)) return 'markup';
  const folded = fold(lower).replace(/[^\p{L}\p{N}\s]+/gu, ' ').replace(/\s+/g, ' ').trim();
  if (ABUSE_ACCENTED.test(lower) || ABUSE_FOLDED.test(folded)) return 'abuse';
  const masked = maskPhones(text);
  if (masked.replace(MASK, '').replace(/[\s\p{P}\p{S}]/gu, '') === '' && masked !== text.normalize('NFKC')) return 'personal';
  if (ADDRESS.test(folded)) return 'personal';
  const words = folded.split(' ').filter(Boolean);
  if (looksLikeName(text, words)) return 'personal';
  const letters = words.filter((w) => /\p{L}/u.test(w));
  if (!letters.length) return 'junk';
  const plausible = letters.filter((w) => known(w) || (SYLLABLE.test(w) && !/(.)\1\1/.test(w))).length;
  return plausible * 2 >= letters.length ? 'question' : 'junk';
}

function looksLikeName(original: string, words: string[]): boolean {
  if (words.length < 2 || words.length > 5 || /\d/.test(original)) return false;
  if (!SURNAMES.has(words[0]!) || ASKING.test(words.join(' '))) return false;
  return words.every((w) => SYLLABLE.test(w));
}
