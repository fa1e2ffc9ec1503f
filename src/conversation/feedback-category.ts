// Which field (lĩnh vực) a citizen's feedback is about, for the office's lists and the
// report. The search engine's best entry alone is often a general one ("hồ sơ", "ủy ban",
// "cán bộ" match the office's own entries), which filed a land complaint under "Thông tin
// chung"; so words that name a field weigh most, then the engine's hits of a specific
// field, and a general entry wins only when nothing specific is there. Staff correct the
// field on the record page when it is still wrong.
import type { Category } from '../knowledge/schema.ts';
import type { SearchEngine } from '../search/engine.ts';
import { foldText } from '../search/normalize.ts';

type Specific = Exclude<Category, 'general' | 'smalltalk' | 'feedback'>;

/** Folded words and phrases that name a field in citizens' own words. */
const FIELD_WORDS: Record<Specific, RegExp> = {
  land: /\b(dat|dat dai|so do|so hong|giay chung nhan quyen su dung|quyen su dung|thua dat|tho cu|ranh gioi|lan chiem|san lap|xay dung|xay nha|xay trai phep|giay phep xay dung|cong trinh|do dac|trich do|chuyen muc dich|boi thuong|giai phong mat bang|thu hoi dat|quy hoach)\b/g,
  business: /\b(kinh doanh|ho kinh doanh|dang ky kinh doanh|giay phep kinh doanh|doanh nghiep|cua hang|quan an|nha hang|buon ban|ma so thue|thue mon bai|hoa don)\b/g,
  civil: /\b(khai sinh|giay khai sinh|ket hon|dang ky ket hon|khai tu|ho tich|chung thuc|sao y|trich luc|xac nhan tinh trang hon nhan|nhan cha con|giam ho)\b/g,
  residence: /\b(thuong tru|tam tru|tam vang|cu tru|can cuoc|cccd|cmnd|ho khau|so ho khau|dinh danh|vneid|nhap khau|tach ho|xoa dang ky)\b/g,
  complaint: /\b(khieu nai|to cao|tiep cong dan)\b/g,
};

/** How much one field word weighs against the engine's scores (0–1 per hit). */
const WORD_WEIGHT = 1;
/** The field named first is usually the subject ("khai sinh … giấy xác nhận cư trú"). */
const FIRST_NAMED = 0.5;
/** Engine hits weaker than this say nothing about the field. */
const MIN_HIT = 0.25;
/** Hits looked at, and how much each rank down counts less. */
const HITS = 5;
const RANK_DECAY = 0.7;
/** A specific field needs at least this much to be chosen over a general entry. */
const ENOUGH = 0.35;

/** The field to file `text` under: a specific one when its words or the engine's hits point to it, else the engine's best, else none. */
export function chooseCategory(text: string, engine: SearchEngine): Category | undefined {
  const folded = foldText(text);
  const scores = new Map<Specific, number>();
  const add = (c: Specific, n: number) => scores.set(c, (scores.get(c) ?? 0) + n);
  let first: { field: Specific; at: number } | undefined;
  for (const [field, words] of Object.entries(FIELD_WORDS) as [Specific, RegExp][]) {
    const found = [...folded.matchAll(words)];
    if (!found.length) continue;
    add(field, new Set(found.map((m) => m[0])).size * WORD_WEIGHT);
    if (!first || found[0]!.index < first.at) first = { field, at: found[0]!.index };
  }
  if (first) add(first.field, FIRST_NAMED);
  const hits = engine.search(text, HITS).hits.filter((h) => h.score >= MIN_HIT);
  hits.forEach((hit, rank) => {
    const c = hit.entry.category;
    if (c !== 'general' && c !== 'smalltalk' && c !== 'feedback') add(c, hit.score * RANK_DECAY ** rank);
  });
  const best = [...scores].sort((a, b) => b[1] - a[1])[0];
  if (best && best[1] >= ENOUGH) return best[0];
  // Nothing specific: the engine's best, when it is sure enough of it; else unclassified.
  const top = hits[0]?.entry.category;
  return top && top !== 'smalltalk' && top !== 'feedback' ? top : undefined;
}
