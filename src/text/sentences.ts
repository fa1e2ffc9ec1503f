// Short forms of long sentences for a phone screen: the first sentence of a paragraph,
// a clause cut at a natural boundary, settings values joined without doubled punctuation.
import { cutAtGrapheme } from './graphemes.ts';

/** Sentence ends: a full stop, question or exclamation mark, or a semicolon, followed by a space or the end. */
const SENTENCE_END = /[.!?;](?=\s|$)/g;
/** Abbreviations that end in a full stop without ending a sentence ("TP. Bảo Lộc"). */
const ABBREVIATION = /(^|[\s(])(TP|Tp|tp|Q|P|TX|TT|NĐ|Đ|ThS|TS|St)\.$/u;

/** The first sentence of a text, its final stop kept. */
export function firstSentence(text: string): string {
  const t = text.trim();
  for (const m of t.matchAll(SENTENCE_END)) {
    const end = m.index! + 1;
    if (m[0] === '.' && ABBREVIATION.test(t.slice(Math.max(0, end - 6), end))) continue;
    if (m[0] === ';') return `${t.slice(0, m.index).trimEnd()}.`;
    return t.slice(0, end);
  }
  return t;
}

/**
 * At most `max` characters, cut at the last clause boundary (", ", " (", "; ", " – ")
 * before the limit when there is one in the second half, with "…" to say so.
 */
export function clip(text: string, max: number): string {
  const t = text.trim();
  if (t.length <= max) return t;
  const head = cutAtGrapheme(t, max - 1);
  const boundary = Math.max(head.lastIndexOf(', '), head.lastIndexOf(' ('), head.lastIndexOf('; '), head.lastIndexOf(' – '));
  const cut = boundary > max / 2 ? head.slice(0, boundary) : head.slice(0, Math.max(head.lastIndexOf(' '), max / 2));
  return `${cut.trimEnd().replace(/[,;:(–-]+$/, '').trimEnd()}…`;
}

/** A text ending in exactly one full stop (or its own ? ! …), however it was written. */
export function asSentence(text: string): string {
  const t = text.trim();
  return /[.!?…]$/.test(t) ? t : `${t}.`;
}

/** The first sentence, clipped to `max`: the one line a summary shows of a long paragraph. */
export const gist = (text: string, max: number): string => clip(firstSentence(text), max);
