// The folder an import writes: one knowledge file per field. What an earlier import left
// there is read back first, so a re-import can say what changed and leave nothing stale:
// a file whose procedures are all gone is removed, and whatever staff added by hand to a
// file (entries without `imported`) is kept.
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { slugify } from './text.ts';
import { UNCLASSIFIED_FIELD, type ProcedureEntryInput } from './to-entry.ts';

// The loader treats these names as configuration, not knowledge.
const RESERVED_FILE_SLUGS = new Set(['settings', 'synonyms', 'out-of-scope']);

/** "Đất đai" → "dat-dai.json". */
export function fileNameOf(field: string): string {
  const slug = slugify(field) || slugify(UNCLASSIFIED_FIELD);
  return `${RESERVED_FILE_SLUGS.has(slug) ? `linh-vuc-${slug}` : slug}.json`;
}

interface PreviousFile {
  /** Entries an import wrote (they carry `imported`). */
  imported: ProcedureEntryInput[];
  /** Anything else in the file, kept as it was. */
  other: unknown[];
}

export type PreviousImport = Map<string, PreviousFile>;

const isImported = (e: unknown): e is ProcedureEntryInput =>
  !!e && typeof e === 'object' && typeof (e as { id?: unknown }).id === 'string' && !!(e as { imported?: unknown }).imported;

/** The knowledge files already in the folder, by file name; empty when the folder does not exist. */
export async function readPrevious(outDir: string): Promise<PreviousImport> {
  const previous: PreviousImport = new Map();
  let names: string[];
  try {
    names = (await readdir(outDir)).filter((n) => n.endsWith('.json') && !RESERVED_FILE_SLUGS.has(n.slice(0, -'.json'.length)));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return previous;
    throw err;
  }
  for (const name of names) {
    let content: unknown;
    try {
      content = JSON.parse(await readFile(join(outDir, name), 'utf8'));
    } catch (err) {
      // Overwriting a file that cannot be read could lose staff work: stop and say which.
      throw new Error(`không đọc được tệp ${join(outDir, name)} trong thư mục ghi (${(err as Error).message}); sửa hoặc xóa tệp rồi nhập lại`);
    }
    const entries = (content as { entries?: unknown } | null)?.entries;
    if (!Array.isArray(entries)) continue;
    previous.set(name, { imported: entries.filter(isImported), other: entries.filter((e) => !isImported(e)) });
  }
  return previous;
}

/** Every entry an earlier import wrote into the folder. */
export const importedEntries = (previous: PreviousImport) => [...previous.values()].flatMap((f) => f.imported);

/**
 * Writes one file per field (entries sorted by code), pointing to the editors' schema when
 * given; rewrites or removes the earlier files the new import no longer fills.
 */
export async function writeFiles(
  byFile: ReadonlyMap<string, ProcedureEntryInput[]>,
  previous: PreviousImport,
  outDir: string,
  schemaPath?: string,
): Promise<{ path: string; entries: number }[]> {
  await mkdir(outDir, { recursive: true });
  const schemaRef = schemaPath && relative(outDir, schemaPath).split(sep).join('/');
  const write = (path: string, entries: unknown[]) =>
    writeFile(path, `${JSON.stringify(schemaRef ? { $schema: schemaRef, entries } : { entries }, null, 2)}\n`);
  const files: { path: string; entries: number }[] = [];
  for (const [name, entries] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) {
    entries.sort((a, b) => a.catalogCodes![0]!.localeCompare(b.catalogCodes![0]!, 'en', { numeric: true }));
    const path = join(outDir, name);
    await write(path, [...(previous.get(name)?.other ?? []), ...entries]);
    files.push({ path, entries: entries.length });
  }
  for (const [name, file] of previous) {
    if (byFile.has(name) || !file.imported.length) continue;
    const path = join(outDir, name);
    if (file.other.length) await write(path, file.other);
    else await rm(path);
  }
  return files;
}
