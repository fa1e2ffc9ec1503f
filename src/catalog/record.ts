// One procedure of the National Public Service Portal catalogue, as crawled. Field names
// are the portal's own (Vietnamese); every value is coerced to NFC text, "" when absent,
// so the parsers never have to care about missing keys, nulls or decomposed Unicode.
import { normalizeRaw } from './text.ts';

const FIELDS = [
  'ma_thu_tuc',
  'ten_thu_tuc',
  'cap_thuc_hien',
  'linh_vuc',
  'doi_tuong_thuc_hien',
  'co_quan_thuc_hien',
  'co_quan_co_tham_quyen',
  'trinh_tu_thuc_hien',
  'cach_thuc_thuc_hien',
  'thanh_phan_ho_so',
  'can_cu_phap_ly',
  'yeu_cau_dieu_kien',
  'detail_url',
  'dia_chi_tiep_nhan',
  // Not in today's crawl; read when a catalogue carries the procedure's status ("Đã bãi bỏ").
  'trang_thai',
] as const;

export type CatalogRecord = Record<(typeof FIELDS)[number], string>;

/** Reads the fields this importer uses; returns undefined when the line is not a JSON object. */
export function toCatalogRecord(value: unknown): CatalogRecord | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const raw = value as Record<string, unknown>;
  const record = {} as CatalogRecord;
  for (const field of FIELDS) {
    const v = raw[field];
    record[field] = typeof v === 'string' ? normalizeRaw(v).trim() : typeof v === 'number' ? String(v) : '';
  }
  return record;
}
