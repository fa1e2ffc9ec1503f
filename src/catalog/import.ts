// Imports the national catalogue into knowledge files: read, drop what cannot become an
// entry, filter, skip what is abolished, convert, validate, and write one file per field.
// Every entry written has passed the same schema check the bot applies at start-up, and the
// summary says what changed since the import already in the folder.
import { entry as entrySchema } from '../knowledge/schema.ts';
import { abolishedInRecord, districtReason, isDistrictLevel, procedureKey, readExclusionList, type Abolished } from './abolished.ts';
import { diffImports, type ImportDiff } from './diff-imports.ts';
import { fileNameOf, importedEntries, readPrevious, writeFiles } from './output-files.ts';
import { readRecords } from './read-records.ts';
import type { CatalogRecord } from './record.ts';
import { cleanText, foldDiacritics } from './text.ts';
import { fieldOf, toEntry, type ProcedureEntryInput } from './to-entry.ts';

export interface ImportOptions {
  /** Catalogue in JSON Lines, plain or gzipped. */
  file: string;
  outDir: string;
  /** Keep records whose level ("cap_thuc_hien") lists one of these: "Cấp xã" or a short name (xa, tinh, bo, khac; "all" for every level). Default: the levels citizens deal with. */
  levels?: readonly string[];
  /** Keep records whose field ("linh_vuc") contains one of these, ignoring case and diacritics. */
  fields?: readonly string[];
  /** Leave out records whose field contains one of these; default DEFAULT_EXCLUDED_FIELDS. */
  excludeFields?: readonly string[];
  /** YYYY-MM-DD written to `updated` and `imported.importedAt`; today by default. */
  importedAt?: string;
  /** The editors' JSON Schema; each written file points to it by a relative path. */
  schemaPath?: string;
  /** Staff's list of procedures abolished though the catalogue does not say so (knowledge/catalog/abolished.json). */
  abolishedList?: string;
}

export interface SkippedLine {
  line: number;
  reason: string;
}

export interface ImportSummary {
  /** Non-blank lines in the file. */
  read: number;
  imported: number;
  /** Valid records left out by the level or field filters. */
  filteredOut: number;
  /** Why: per level not kept ("Cấp bộ"), per field excluded ("Hải quan"), per field not asked for. */
  filteredBy: { level: Record<string, number>; excludedField: Record<string, number>; otherField: number };
  /** The levels kept and the fields excluded, as applied. */
  applied: { levels: string[]; excludedFields: string[] };
  skipped: SkippedLine[];
  /** Records left out because they no longer apply: abolished, superseded, or on the staff's list. */
  abolished: Abolished[];
  /** Against the entries the folder held before: ids added, changed and removed. */
  diff: ImportDiff;
  /** Title and level of every procedure in the diff (of the previous import for those removed), for the announcement it drafts. */
  diffFacts: Record<string, { title: string; level?: string }>;
  files: { path: string; entries: number }[];
}

const CATALOG_CODE = /^\d+\.\d{6}$/;

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Why a record cannot become an entry at all, or undefined when it can. */
function unusable(record: CatalogRecord): string | undefined {
  const code = cleanText(record.ma_thu_tuc);
  if (!code) return 'thiếu mã thủ tục (ma_thu_tuc)';
  if (!CATALOG_CODE.test(code)) return `mã thủ tục "${code}" không đúng dạng 1.013978`;
  if (!cleanText(record.ten_thu_tuc)) return `thủ tục ${code} thiếu tên (ten_thu_tuc)`;
  return undefined;
}

/** Short names for the portal's levels, as typed on a command line. */
const LEVEL_NAMES: Record<string, string> = { xa: 'Cấp xã', tinh: 'Cấp tỉnh', bo: 'Cấp bộ', khac: 'Cơ quan khác' };
/** Citizens deal with their commune/ward and their province; ministries' procedures are for businesses and agencies. */
export const DEFAULT_LEVELS = ['xa', 'tinh'];
/**
 * Fields whose procedures are for businesses, professionals and agencies, not residents:
 * left out by default so that "giấy phép kinh doanh rượu" does not offer an airport licence.
 */
export const DEFAULT_EXCLUDED_FIELDS = [
  'Hải quan', 'Hàng hải', 'Hàng không', 'Bảo đảm an ninh hàng không', 'Thành lập và hoạt động ngân hàng', 'Chứng khoán', 'Hoạt động ngoại hối',
  'Hoạt động thanh toán', 'Hoạt động tiền tệ', 'Tài chính ngân hàng', 'Định chế tài chính', 'Hoạt động kho quỹ', 'Hoạt động công nghệ thông tin ngân hàng',
  'Hoạt động thông tin tín dụng', 'Hoạt động tín dụng', 'Quản lý nợ', 'Kho bạc Nhà nước', 'Dự trữ', 'Kế toán, kiểm toán', 'Địa chất và khoáng sản',
  'Biển và hải đảo', 'Đăng kiểm', 'Đường sắt', 'Luật sư', 'Thừa phát lại', 'Giám định tư pháp', 'Quản tài viên', 'Trọng tài thương mại', 'Hòa giải thương mại',
  'Quản lý vũ khí, vật liệu nổ', 'Đầu tư tại Việt nam', 'Đầu tư từ Việt nam ra nước ngoài', 'Đầu tư theo phương thức đối tác công tư', 'Đấu thầu',
  'sàn giao dịch các-bon', 'Thành lập và sắp xếp lại doanh nghiệp do Nhà nước', 'Chuyển đổi công ty nhà nước',
];

/** "xa,tinh" or "Cấp xã" → the portal's level names; "all" → none (every level). */
export function parseLevels(values: readonly string[]): string[] {
  const names = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  if (names.some((n) => foldDiacritics(n) === 'all' || foldDiacritics(n) === 'tat ca')) return [];
  return names.map((n) => LEVEL_NAMES[foldDiacritics(n).replace(/^cap\s*/, '').replace(/\s+/g, '')] ?? n);
}

function levelKey(text: string): string {
  return cleanText(text).toLocaleLowerCase('vi');
}

type Verdict = { keep: true } | { keep: false; level: string } | { keep: false; excluded: string } | { keep: false; other: true };

function filterOf(levelsApplied: readonly string[], excludedApplied: readonly string[], options: ImportOptions): (record: CatalogRecord) => Verdict {
  const levels = new Set(levelsApplied.map(levelKey));
  const fields = (options.fields ?? []).map((f) => foldDiacritics(cleanText(f)));
  const excluded = excludedApplied.map((f) => ({ name: f, folded: foldDiacritics(cleanText(f)) }));
  return (record) => {
    const recordLevels = record.cap_thuc_hien.split(',').map(levelKey);
    if (levels.size && !recordLevels.some((l) => levels.has(l))) return { keep: false, level: cleanText(record.cap_thuc_hien) || 'Không rõ' };
    const field = foldDiacritics(cleanText(record.linh_vuc));
    const hit = excluded.find((f) => field.includes(f.folded));
    if (hit) return { keep: false, excluded: cleanText(record.linh_vuc) };
    return !fields.length || fields.some((f) => field.includes(f)) ? { keep: true } : { keep: false, other: true };
  };
}

function describeIssues(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return error.issues.map((i) => `${i.path.join('.') || '(mục)'}: ${i.message}`).join('; ');
}

/** A record that became an entry, with what is needed to tell whether another record supersedes it. */
interface Kept {
  entry: ProcedureEntryInput;
  file: string;
  key: string;
  district: boolean;
}

/** Supersession and the staff's list, applied once every record has been read. */
function withoutAbolished(kept: readonly Kept[], successors: ReadonlyMap<string, string>, excluded: ReadonlyMap<string, string>) {
  const abolished: Abolished[] = [];
  const current = kept.filter(({ entry, key, district }) => {
    const code = entry.catalogCodes![0]!;
    const reason = excluded.get(code) ?? (district ? districtReason(successors.get(key)) : undefined);
    if (reason) abolished.push({ code, title: entry.title, reason });
    return !reason;
  });
  return { current, abolished };
}

export async function importCatalog(options: ImportOptions): Promise<ImportSummary> {
  const importedAt = options.importedAt ?? today();
  const levels = parseLevels(options.levels ?? DEFAULT_LEVELS);
  const excludedFields = [...(options.excludeFields ?? DEFAULT_EXCLUDED_FIELDS)];
  const excluded = options.abolishedList ? await readExclusionList(options.abolishedList) : new Map<string, string>();
  const previous = await readPrevious(options.outDir);
  const verdictOf = filterOf(levels, excludedFields, options);
  const filteredBy: ImportSummary['filteredBy'] = { level: {}, excludedField: {}, otherField: 0 };
  const count = (tally: Record<string, number>, key: string) => void (tally[key] = (tally[key] ?? 0) + 1);
  const firstLineOf = new Map<string, number>();
  // The code of a record that is not district-level, per procedure: what a district record gave way to.
  const successors = new Map<string, string>();
  const kept: Kept[] = [];
  const abolishedInText: Abolished[] = [];
  const skipped: SkippedLine[] = [];
  let read = 0;
  let filteredOut = 0;

  for await (const item of readRecords(options.file)) {
    read++;
    if ('problem' in item) {
      skipped.push({ line: item.line, reason: item.problem });
      continue;
    }
    const { line, record } = item;
    const problem = unusable(record);
    if (problem) {
      skipped.push({ line, reason: problem });
      continue;
    }
    const code = cleanText(record.ma_thu_tuc);
    const firstLine = firstLineOf.get(code);
    if (firstLine !== undefined) {
      skipped.push({ line, reason: `mã ${code} trùng với dòng ${firstLine}; giữ bản ở dòng ${firstLine}` });
      continue;
    }
    firstLineOf.set(code, line);
    const key = procedureKey(record);
    const district = isDistrictLevel(record);
    // A district's work went to the communes: a commune-level record is the successor of choice.
    if (!district && (!successors.has(key) || /cấp xã/iu.test(record.cap_thuc_hien))) successors.set(key, code);
    const verdict = verdictOf(record);
    if (!verdict.keep) {
      filteredOut++;
      if ('level' in verdict) count(filteredBy.level, verdict.level);
      else if ('excluded' in verdict) count(filteredBy.excludedField, verdict.excluded);
      else filteredBy.otherField++;
      continue;
    }
    const marked = abolishedInRecord(record);
    if (marked) {
      abolishedInText.push({ code, title: cleanText(record.ten_thu_tuc), reason: marked });
      continue;
    }
    const entry = toEntry(record, importedAt);
    const check = entrySchema.safeParse(entry);
    if (!check.success) {
      skipped.push({ line, reason: `thủ tục ${code} không tạo được mục hợp lệ: ${describeIssues(check.error)}` });
      continue;
    }
    kept.push({ entry, file: fileNameOf(fieldOf(record)), key, district });
  }

  const { current, abolished } = withoutAbolished(kept, successors, excluded);
  const byFile = new Map<string, ProcedureEntryInput[]>();
  for (const { entry, file } of current) byFile.set(file, [...(byFile.get(file) ?? []), entry]);
  const diff = diffImports(importedEntries(previous), current.map((k) => k.entry));
  const inDiff = new Set([...diff.added, ...diff.changed, ...diff.removed]);
  const diffFacts: ImportSummary['diffFacts'] = {};
  for (const e of [...importedEntries(previous), ...current.map((k) => k.entry)])
    if (inDiff.has(e.id)) diffFacts[e.id] = { title: e.title, ...(e.imported?.level ? { level: e.imported.level } : {}) };
  const files = await writeFiles(byFile, previous, options.outDir, options.schemaPath);
  return {
    read,
    imported: current.length,
    filteredOut,
    filteredBy,
    applied: { levels, excludedFields },
    skipped,
    abolished: [...abolishedInText, ...abolished].sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true })),
    diff,
    diffFacts,
    files,
  };
}
