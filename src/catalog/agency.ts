// Where a citizen goes for a procedure, from the agency the portal says carries it out.
// The ward's own police (settings `police`) receive what "Công an cấp xã" does: residence,
// căn cước, tạm vắng, vehicles; the ward's one-stop office receives the rest of what the
// ward does; any other agency is named as the portal names it.
import type { CatalogRecord } from './record.ts';
import { cleanText, isBlank } from './text.ts';

export type Place =
  /** The ward police, and the other agencies the portal lists beside them ("Công an tỉnh"). */
  | { kind: 'ward-police'; others: string[] }
  /** A commune body (UBND xã, its chairman, its land office): filed at the ward's one-stop office. */
  | { kind: 'ward-office'; agency: string }
  | { kind: 'agency'; agency: string }
  /** No agency named: the usual place for the procedure's level. */
  | { kind: 'level'; level: string };

const WARD_POLICE = /^công an (?:cấp )?(?:xã|phường|thị trấn)(?!\p{L})/iu;
const WARD_BODY = /cấp xã|(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân) (?:xã|phường)|Chủ tịch (?:UBND|Ủy ban nhân dân) xã/iu;
const MAX_AGENCY_LENGTH = 300;

// Some records are one province's own ("Sở Tư pháp Thành phố Hà Nội", "UBND cấp xã - tỉnh
// Quảng Trị"): the agency is the same everywhere, the province is not the citizen's.
const OTHER_PROVINCE = /(?:\s*-\s*|\s+)(?:[Tt]ỉnh\s+|[Tt]hành phố\s+|TP\.?\s*)\p{Lu}\S*(?:\s+\p{Lu}\S*)*$/u;

/** "Công an cấp Xã" → "Công an cấp xã" (the portal capitalises levels at random), without another province's name. */
export function tidyAgency(text: string): string {
  const parts = cleanText(text).replace(/[\s.;,]+$/u, '').split(/\s*,\s*/).map((part) => part.replace(OTHER_PROVINCE, ''));
  return parts.join(', ').replace(/(?<!\p{L})cấp (Xã|Tỉnh|Huyện|Bộ)(?!\p{L})/gu, (_, level: string) => `cấp ${level.toLowerCase()}`);
}

/** The executing agency as the portal names it, or the competent one when it names none. */
export function agencyOf(record: CatalogRecord): string | undefined {
  for (const cell of [record.co_quan_thuc_hien, record.co_quan_co_tham_quyen]) {
    if (isBlank(cell)) continue;
    const agency = tidyAgency(cell);
    if (agency.length <= MAX_AGENCY_LENGTH) return agency;
  }
  return undefined;
}

export function placeOf(record: CatalogRecord): Place {
  const agency = agencyOf(record);
  const named = agency?.split(/\s*,\s*/) ?? [];
  const receivedBy = isBlank(record.dia_chi_tiep_nhan) ? '' : cleanText(record.dia_chi_tiep_nhan);
  if (named.some((a) => WARD_POLICE.test(a)) || (!agency && WARD_POLICE.test(receivedBy))) {
    return { kind: 'ward-police', others: named.filter((a) => !WARD_POLICE.test(a)) };
  }
  if (agency && WARD_BODY.test(agency)) return { kind: 'ward-office', agency };
  if (agency) return { kind: 'agency', agency };
  return { kind: 'level', level: cleanText(record.cap_thuc_hien) };
}

/** Where a procedure of this level is received, when the portal names no agency. */
function placeOfLevel(level: string): string {
  const folded = level.toLowerCase();
  if (folded.includes('cấp xã')) return '{{office.name}} ({{office.address}})';
  if (folded.includes('cấp tỉnh')) return 'Trung tâm Phục vụ hành chính công cấp tỉnh hoặc cơ quan chuyên môn cấp tỉnh được giao';
  if (folded.includes('cấp bộ')) return 'cơ quan trung ương (bộ, ngành) được giao';
  return 'cơ quan được giao giải quyết thủ tục';
}

/** The place as the answer states it, with the settings placeholders the bot fills per ward. */
export function describePlace(place: Place): string {
  switch (place.kind) {
    case 'ward-police':
      return `{{police.name}} ({{police.address}})${place.others.length ? `; hoặc ${place.others.join(', ')} tùy trường hợp` : ''}`;
    case 'ward-office':
      return `${place.agency}: nộp tại {{office.name}} ({{office.address}})`;
    case 'agency':
      return place.agency;
    case 'level':
      return placeOfLevel(place.level);
  }
}
