// What part of a procedure a question asks about: "mất bao lâu" is time, "lệ phí bao
// nhiêu" money, "cần giấy tờ gì" documents … A focused question gets that part first,
// in a few lines; a general one ("thủ tục làm sổ đỏ") gets the overview. Patterns match
// folded text (no diacritics, "đ" as "d"), with chat shorthand already spelled out.
import { expandedSyllables } from './analyzer.ts';
import { ASPECT_PATTERNS as PATTERNS, ASPECTS, type Aspect } from './aspect-patterns.ts';

export { ASPECTS, type Aspect } from './aspect-patterns.ts';

/** The canonical folded form the patterns read: shorthand ("bn", "dc") spelled out. */
export const foldForAspects = (text: string) => expandedSyllables(text).join(' ');

/** The aspects a question asks about, in the order it names them. */
export function aspectsOf(text: string): Aspect[] {
  const folded = foldForAspects(text);
  return ASPECTS.map((a) => ({ a, at: folded.search(PATTERNS[a]) }))
    .filter((x) => x.at >= 0)
    .sort((x, y) => x.at - y.at)
    .map((x) => x.a);
}

/** The text without what names aspects: what is left says whether it has a topic of its own. */
export function withoutAspects(text: string): string {
  let folded = foldForAspects(text);
  for (const a of ASPECTS) folded = folded.replace(new RegExp(PATTERNS[a].source, 'g'), ' ');
  return folded.replace(/\s+/g, ' ').trim();
}
