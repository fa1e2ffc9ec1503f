// Imports the national catalogue into knowledge files: read, drop what cannot become an
// entry, filter, convert, validate, and write one file per field. Every entry written has
// passed the same schema check the bot applies at start-up.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { entry as entrySchema } from '../knowledge/schema.ts';
import { readRecords } from './read-records.ts';
import type { CatalogRecord } from './record.ts';
import { cleanText, foldDiacritics, slugify } from './text.ts';
import { fieldOf, toEntry, UNCLASSIFIED_FIELD, type ProcedureEntryInput } from './to-entry.ts';

export interface ImportOptions {
  /** Catalogue in JSON Lines, plain or gzipped. */
  file: string;
  outDir: string;
  /** Keep records whose level ("cap_thuc_hien") lists one of these, e.g. "Cấp xã". */
  levels?: readonly string[];
  /** Keep records whose field ("linh_vuc") contains one of these, ignoring case and diacritics. */
  fields?: readonly string[];
  /** YYYY-MM-DD written to `updated` and `imported.importedAt`; today by default. */
  importedAt?: string;
  /** The editors' JSON Schema; each written file points to it by a relative path. */
  schemaPath?: string;
}

export interface SkippedLine {
  line: number;
  reason: string;
}

export interface ImportSummary {
  /** Non-blank lines in the file. */
  read: number;
  imported: number;
  /** Valid records left out by --level / --field. */
  filteredOut: number;
  skipped: SkippedLine[];
  files: { path: string; entries: number }[];
}

const CATALOG_CODE = /^\d+\.\d{6}$/;
// The loader treats these names as configuration, not knowledge.
const RESERVED_FILE_SLUGS = new Set(['settings', 'synonyms']);

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

function levelKey(text: string): string {
  return cleanText(text).toLocaleLowerCase('vi');
}

function filterOf(options: ImportOptions): (record: CatalogRecord) => boolean {
  const levels = new Set((options.levels ?? []).map(levelKey));
  const fields = (options.fields ?? []).map((f) => foldDiacritics(cleanText(f)));
  return (record) => {
    const recordLevels = record.cap_thuc_hien.split(',').map(levelKey);
    if (levels.size && !recordLevels.some((l) => levels.has(l))) return false;
    const field = foldDiacritics(cleanText(record.linh_vuc));
    return !fields.length || fields.some((f) => field.includes(f));
  };
}

function fileNameOf(field: string): string {
  const slug = slugify(field) || slugify(UNCLASSIFIED_FIELD);
  return `${RESERVED_FILE_SLUGS.has(slug) ? `linh-vuc-${slug}` : slug}.json`;
}

function describeIssues(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return error.issues.map((i) => `${i.path.join('.') || '(mục)'}: ${i.message}`).join('; ');
}

async function writeFiles(byFile: Map<string, ProcedureEntryInput[]>, options: ImportOptions): Promise<ImportSummary['files']> {
  await mkdir(options.outDir, { recursive: true });
  const schemaRef = options.schemaPath && relative(options.outDir, options.schemaPath).split(sep).join('/');
  const files: ImportSummary['files'] = [];
  for (const [name, entries] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) {
    entries.sort((a, b) => a.catalogCodes![0]!.localeCompare(b.catalogCodes![0]!, 'en', { numeric: true }));
    const path = join(options.outDir, name);
    const content = schemaRef ? { $schema: schemaRef, entries } : { entries };
    await writeFile(path, `${JSON.stringify(content, null, 2)}\n`);
    files.push({ path, entries: entries.length });
  }
  return files;
}

export async function importCatalog(options: ImportOptions): Promise<ImportSummary> {
  const importedAt = options.importedAt ?? today();
  const keep = filterOf(options);
  const firstLineOf = new Map<string, number>();
  const byFile = new Map<string, ProcedureEntryInput[]>();
  const skipped: SkippedLine[] = [];
  let read = 0;
  let imported = 0;
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
    if (!keep(record)) {
      filteredOut++;
      continue;
    }
    const entry = toEntry(record, importedAt);
    const check = entrySchema.safeParse(entry);
    if (!check.success) {
      skipped.push({ line, reason: `thủ tục ${code} không tạo được mục hợp lệ: ${describeIssues(check.error)}` });
      continue;
    }
    const name = fileNameOf(fieldOf(record));
    const group = byFile.get(name) ?? [];
    group.push(entry);
    byFile.set(name, group);
    imported++;
  }

  return { read, imported, filteredOut, skipped, files: await writeFiles(byFile, options) };
}
