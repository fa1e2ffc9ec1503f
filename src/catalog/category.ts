// Menu category of an imported procedure, from the portal's field ("lĩnh vực").
import type { Category } from '../knowledge/schema.ts';
import { foldDiacritics } from './text.ts';

// Checked in order, as whole words of the folded field so that "Đất đai", "đất đai" and
// "Dat dai" agree.
const FIELD_CATEGORIES: readonly [Category, readonly string[]][] = [
  ['land', ['dat dai', 'hoat dong xay dung', 'nha o']],
  ['business', ['ho kinh doanh', 'doanh nghiep']],
  ['civil', ['ho tich', 'chung thuc']],
  ['residence', ['cu tru', 'can cuoc']],
  ['complaint', ['khieu nai', 'to cao', 'tiep cong dan']],
];

export function categoryOfField(field: string): Category {
  const folded = foldDiacritics(field);
  const hasWord = (words: string) => new RegExp(`\\b${words}\\b`).test(folded);
  return FIELD_CATEGORIES.find(([, phrases]) => phrases.some(hasWord))?.[0] ?? 'general';
}
