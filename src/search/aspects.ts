// What part of a procedure a question asks about: "mất bao lâu" is time, "lệ phí bao
// nhiêu" money, "cần giấy tờ gì" documents … A focused question gets that part first,
// in a few lines; a general one ("thủ tục làm sổ đỏ") gets the overview. Patterns match
// folded text (no diacritics, "đ" as "d"), with chat shorthand already spelled out.
import { expandedSyllables } from './analyzer.ts';
import { ASPECT_PATTERNS as PATTERNS, ASPECTS, type Aspect } from './aspect-patterns.ts';
import { textKeyedCache } from '../text/text-keyed-cache.ts';

export { ASPECTS, type Aspect } from './aspect-patterns.ts';

/** What recent messages were found to say: a turn reads its message several times (aspects, follow-up, office). */
// Letters run to a few thousand characters: about four megabytes of text at most.
const messages = textKeyedCache<{ folded: string; aspects?: Aspect[]; rest?: string }>(1_000, 2_000_000, (m) => 2 * m.folded.length);

function remembered(text: string): { folded: string; aspects?: Aspect[]; rest?: string } {
  let known = messages.get(text);
  if (!known) messages.set(text, (known = { folded: expandedSyllables(text).join(' ') }));
  return known;
}

/** The canonical folded form the patterns read: shorthand ("bn", "dc") spelled out. */
export function foldForAspects(text: string): string {
  return remembered(text).folded;
}

const EVERYWHERE = ASPECTS.map((a) => new RegExp(PATTERNS[a].source, 'g'));

/** The aspects a question asks about, in the order it names them. */
export function aspectsOf(text: string): Aspect[] {
  const known = remembered(text);
  return [...(known.aspects ??= findAspects(known.folded))];
}

function findAspects(folded: string): Aspect[] {
  return ASPECTS.map((a) => ({ a, at: folded.search(PATTERNS[a]) }))
    .filter((x) => x.at >= 0)
    .sort((x, y) => x.at - y.at)
    .map((x) => x.a);
}

/** The text without what names aspects: what is left says whether it has a topic of its own. */
export function withoutAspects(text: string): string {
  const known = remembered(text);
  return (known.rest ??= stripAspects(known.folded));
}

function stripAspects(folded: string): string {
  for (const pattern of EVERYWHERE) folded = folded.replace(pattern, ' ');
  return folded.replace(/\s+/g, ' ').trim();
}
