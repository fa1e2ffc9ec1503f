// What part of a procedure a question asks about: "mất bao lâu" is time, "lệ phí bao
// nhiêu" money, "cần giấy tờ gì" documents … A focused question gets that part first,
// in a few lines; a general one ("thủ tục làm sổ đỏ") gets the overview. Patterns match
// folded text (no diacritics, "đ" as "d"), with chat shorthand already spelled out.
import { LRUCache } from 'lru-cache';
import { expandedSyllables } from './analyzer.ts';
import { ASPECT_PATTERNS as PATTERNS, ASPECTS, type Aspect } from './aspect-patterns.ts';

export { ASPECTS, type Aspect } from './aspect-patterns.ts';

/** What recent messages were found to say: a turn reads its message several times (aspects, follow-up, office). */
const messages = new LRUCache<string, { folded: string; aspects?: Aspect[]; rest?: string }>({
  max: 1_000,
  // Letters run to a few thousand characters: about four megabytes of text at most.
  maxSize: 2_000_000,
  sizeCalculation: (value, text) => text.length + 2 * value.folded.length + 1,
});

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
  return [...(remembered(text).aspects ??= findAspects(foldForAspects(text)))];
}

function findAspects(folded: string): Aspect[] {
  return ASPECTS.map((a) => ({ a, at: folded.search(PATTERNS[a]) }))
    .filter((x) => x.at >= 0)
    .sort((x, y) => x.at - y.at)
    .map((x) => x.a);
}

/** The text without what names aspects: what is left says whether it has a topic of its own. */
export function withoutAspects(text: string): string {
  return (remembered(text).rest ??= stripAspects(foldForAspects(text)));
}

function stripAspects(folded: string): string {
  for (const pattern of EVERYWHERE) folded = folded.replace(pattern, ' ');
  return folded.replace(/\s+/g, ' ').trim();
}
