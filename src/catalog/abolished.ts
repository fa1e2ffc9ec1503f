// Procedures the catalogue still lists but citizens can no longer use: marked abolished in
// the record itself (a status, a name, a sentence), superseded by another record of the
// catalogue (a district-level procedure beside its commune-level successor: there are no
// districts since 1 July 2025), or named in the staff's exclusion list
// (knowledge/catalog/abolished.json) when nothing in the data says so.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { CatalogRecord } from './record.ts';
import { cleanText, foldDiacritics, isBlank } from './text.ts';

export interface Abolished {
  code: string;
  title: string;
  reason: string;
}

const exclusionList = z.object({
  $schema: z.string().optional(),
  $comment: z.string().optional(),
  procedures: z.array(
    z.object({
      code: z.string().regex(/^\d+\.\d{6}$/, 'mã thủ tục dạng 1.013978'),
      title: z.string().optional(),
      reason: z.string().trim().min(1, 'cần ghi lý do'),
      source: z.string().optional(),
    }),
  ),
});

/** Code → reason, from the exclusion list file. Rejects with the file's problems in Vietnamese. */
export async function readExclusionList(path: string): Promise<Map<string, string>> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new Error(`không đọc được danh sách thủ tục đã bãi bỏ ${path}: ${(err as Error).message}`);
  }
  const parsed = exclusionList.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(tệp)'}: ${i.message}`).join('; ');
    throw new Error(`danh sách thủ tục đã bãi bỏ ${path} không hợp lệ: ${issues}`);
  }
  return new Map(parsed.data.procedures.map((p) => [p.code, `${p.reason}${p.source ? ` (nguồn: ${p.source})` : ''}`]));
}

const STATUS_ABOLISHED = /bãi bỏ|hết hiệu lực|thay thế|ngưng|không còn/iu;
// "(Đã bãi bỏ)", "[Bãi bỏ] …", "(đã bị thay thế)", "… - hết hiệu lực": a status written into
// the name. A name about abolishing something ("Bãi bỏ đường ngang") has no brackets or
// dash, and "(thay thế - cấp Bộ)" marks the procedure that replaces another, still current.
const NAME_ABOLISHED = /[([]\s*(?:(?:đã\s+)?(?:bị\s+)?(?:bãi bỏ|hết hiệu lực)|(?:đã\s+)?bị\s+thay thế)[^)\]]*[)\]]|\s[-–]\s*(?:đã\s+)?(?:bãi bỏ|hết hiệu lực)\s*$/iu;
const TEXT_ABOLISHED = /thủ tục (?:hành chính )?(?:này )?(?:đã )?(?:bị |được )?(?:bãi bỏ|hết hiệu lực|thay thế bởi thủ tục)/iu;

/** Why the record itself says it no longer applies, or undefined. */
export function abolishedInRecord(record: CatalogRecord): string | undefined {
  if (!isBlank(record.trang_thai) && STATUS_ABOLISHED.test(record.trang_thai)) return `Cổng ghi trạng thái "${cleanText(record.trang_thai)}"`;
  if (NAME_ABOLISHED.test(record.ten_thu_tuc)) return 'tên thủ tục ghi đã bãi bỏ';
  const text = [record.trinh_tu_thuc_hien, record.cach_thuc_thuc_hien, record.yeu_cau_dieu_kien].join('\n');
  if (TEXT_ABOLISHED.test(text)) return 'nội dung thủ tục ghi đã bãi bỏ';
  return undefined;
}

const LEVEL_SUFFIX = /\s*\(\s*thực hiện tại cấp (?:huyện|xã|tỉnh|trung ương)\s*\)\s*$/iu;
const DISTRICT_NAME = /\(\s*thực hiện tại cấp huyện\s*\)\s*$/iu;
const DISTRICT_AGENCY = /cấp huyện|^(?:công an|UBND|Ủy ban nhân dân|Uỷ ban nhân dân) (?:quận|huyện)(?!\p{L})/iu;

/** What two records of the same procedure at different levels share: the name without "(thực hiện tại cấp …)". */
export function procedureKey(record: CatalogRecord): string {
  return foldDiacritics(cleanText(record.ten_thu_tuc).replace(LEVEL_SUFFIX, ''));
}

/** A district-level procedure: by its name, or because every agency it names is a district's. */
export function isDistrictLevel(record: CatalogRecord): boolean {
  if (DISTRICT_NAME.test(cleanText(record.ten_thu_tuc))) return true;
  const agencies = cleanText(record.co_quan_thuc_hien).split(/\s*,\s*/).filter(Boolean);
  return agencies.length > 0 && agencies.every((a) => DISTRICT_AGENCY.test(a));
}

/** Why a district-level record no longer applies, naming its successor when the catalogue has one. */
export function districtReason(successor: string | undefined): string {
  const since = 'không còn cấp huyện từ ngày 01/7/2025';
  return successor ? `đã được thay bằng thủ tục ${successor} (${since})` : `thủ tục cấp huyện, ${since}`;
}
