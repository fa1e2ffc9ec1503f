// Loads knowledge folders. A broken file or entry is reported and skipped; it never stops
// the others from loading, because staff edit these files by hand on a live bot. Loaded
// again while the bot runs (KnowledgeLoader.load), whatever was good before keeps serving:
// a file that no longer parses keeps its last good entries, an entry with errors its last
// good version, and an id claimed twice stays with the entry that already had it.
import { existsSync, readdirSync } from 'node:fs';
import type { z } from 'zod';
import { join, relative } from 'node:path';
import { readJsonFile } from './json-file.ts';
import { PlaceholderChecker } from './placeholder-check.ts';
import type { Problem } from './problems.ts';
import { zodProblems } from './zod-problems.ts';
import { DocumentRegistry } from './documents.ts';
import { documentsFile, entry as entrySchema, knowledgeFile, legalDocument, outOfScope as outOfScopeSchema, settings as settingsSchema, synonyms as synonymsSchema } from './schema.ts';
import type { Entry, LegalDocument, OutOfScope, Settings } from './schema.ts';
import { calendarFile, deadlinesFile, type CalendarFile, type DeadlinesFile } from './casework-schema.ts';

export const SETTINGS_FILE = 'settings.json';
export const SYNONYMS_FILE = 'synonyms.json';
export const OUT_OF_SCOPE_FILE = 'out-of-scope.json';
export const DOCUMENTS_FILE = 'documents.json';
/** Casework rules (see casework-schema.ts): the working-day calendar and the legal time limits. */
export const CALENDAR_FILE = 'calendar.json';
export const DEADLINES_FILE = 'deadlines.json';
/** Beside settings.json: one settings file per ward or commune, in a deployment serving several. */
export const UNITS_DIR = 'units';
const UNIT_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** Files of a knowledge folder that are not entries. */
const SIDE_FILES = new Set([SETTINGS_FILE, SYNONYMS_FILE, OUT_OF_SCOPE_FILE, DOCUMENTS_FILE, CALENDAR_FILE, DEADLINES_FILE]);

/** A ward or commune this deployment serves: its id (the file name) and its own settings. */
export interface UnitSettings {
  id: string;
  settings: Settings;
}

export interface KnowledgeBase {
  entries: Entry[];
  /** The deployment's own settings (a single ward's, or the province's in front of its units). */
  settings: Settings;
  /** The units of a deployment serving several (units/*.json); empty for a single ward. */
  units: UnitSettings[];
  /** Groups of interchangeable phrases, merged from every folder. */
  synonymGroups: string[][];
  /** Subjects the bot does not handle, merged from every folder. */
  foreignTopics: OutOfScope['topics'];
  /** The legal documents entries cite (documents.json), merged from every folder. */
  documents: DocumentRegistry;
  problems: Problem[];
  /** The working-day calendar and the time limits per kind of record, from the first folder that has them. */
  calendar?: CalendarFile;
  deadlines?: DeadlinesFile;
  /** Entry id → the file it was loaded from, for problem reports (relative to the working directory). */
  fileOf: ReadonlyMap<string, string>;
  /** Entry id → the file's full path, for tools that edit it. */
  pathOf: ReadonlyMap<string, string>;
}

export class KnowledgeLoadError extends Error {}

/** The knowledge files of a folder: every JSON file but settings and synonyms. */
export function knowledgeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith('.json') && !SIDE_FILES.has(d.name))
    .map((d) => join(dir, d.name))
    .sort();
}

const KEPT_FILE = 'vẫn dùng bản hợp lệ trước của tệp';
const KEPT_ENTRY = 'vẫn dùng nội dung hợp lệ trước của mục này';

/** Loads once; see KnowledgeLoader to load again while serving. */
export function loadKnowledge(dirs: string[], cwd = process.cwd()): KnowledgeBase {
  return new KnowledgeLoader(dirs, cwd).load();
}

export class KnowledgeLoader {
  /** Per file: its entries at the last load, by id. */
  private readonly lastEntries = new Map<string, Map<string, Entry>>();
  /** Per side file (synonyms, out-of-scope topics): its content at the last good load. */
  private readonly lastSide = new Map<string, unknown>();
  private lastSettings: Settings | undefined;
  /** Id → the file serving it since the last load. */
  private established = new Map<string, string>();

  constructor(
    readonly dirs: readonly string[],
    private readonly cwd = process.cwd(),
  ) {}

  /**
   * Loads every folder. Settings come from the first folder that has them (a deployment's
   * own folder goes first); entries and synonyms are merged. Throws only when no usable
   * settings exist and none were loaded before, since no answer can be rendered without them.
   */
  load(): KnowledgeBase {
    const problems: Problem[] = [];
    const show = (path: string) => relative(this.cwd, path) || path;
    const present = this.dirs.filter((dir) => {
      if (existsSync(dir)) return true;
      problems.push({ severity: 'error', kind: 'json', file: show(dir), message: 'thư mục kiến thức không tồn tại' });
      return false;
    });
    // Settings first: every entry is checked against the placeholders they define.
    const settingsDir = present.find((dir) => existsSync(join(dir, SETTINGS_FILE)));
    const settings = settingsDir && this.readSettings(join(settingsDir, SETTINGS_FILE), show(join(settingsDir, SETTINGS_FILE)), problems);
    if (!settings) {
      const detail = problems.map((p) => (p.field ? `trường ${p.field}: ${p.message}` : p.message)).join('; ');
      throw new KnowledgeLoadError(`Không có tệp ${SETTINGS_FILE} hợp lệ trong ${this.dirs.join(', ')}${detail ? `: ${detail}` : ''}`);
    }
    const units = this.readUnits(join(settingsDir!, UNITS_DIR), show, problems);
    const placeholders = new PlaceholderChecker(settings);
    const synonymGroups: string[][] = [];
    const foreignTopics: OutOfScope['topics'] = [];
    const documents: LegalDocument[] = [];
    const claims: { file: string; path: string; entry: Entry }[] = [];
    for (const dir of present) {
      const synonymsPath = join(dir, SYNONYMS_FILE);
      if (existsSync(synonymsPath)) synonymGroups.push(...(this.readSide(synonymsPath, show(synonymsPath), synonymsSchema, problems)?.groups ?? []));
      const outOfScopePath = join(dir, OUT_OF_SCOPE_FILE);
      if (existsSync(outOfScopePath)) foreignTopics.push(...(this.readSide(outOfScopePath, show(outOfScopePath), outOfScopeSchema, problems)?.topics ?? []));
      const documentsPath = join(dir, DOCUMENTS_FILE);
      if (existsSync(documentsPath)) documents.push(...this.readDocuments(documentsPath, show(documentsPath), documents, problems));
      for (const path of knowledgeFiles(dir)) {
        for (const entry of this.readEntries(path, show(path), placeholders, problems)) claims.push({ file: show(path), path, entry });
      }
    }
    const { entries, fileOf, pathOf } = this.resolveIds(claims, problems);
    problems.push(...relatedChecks(entries, fileOf));
    const firstSide = <T>(name: string, schema: z.ZodType<T>) => {
      const dir = present.find((d) => existsSync(join(d, name)));
      return dir ? this.readSide(join(dir, name), show(join(dir, name)), schema, problems) : undefined;
    };
    const calendar = firstSide(CALENDAR_FILE, calendarFile);
    const deadlines = firstSide(DEADLINES_FILE, deadlinesFile);
    return { entries, settings, units, synonymGroups, foreignTopics, documents: new DocumentRegistry(documents), problems, fileOf, pathOf, ...(calendar && { calendar }), ...(deadlines && { deadlines }) };
  }

  /**
   * The documents of a registry file, each checked on its own (one mistyped date must not
   * drop the rest); a number already registered keeps its first definition. A file that
   * does not parse keeps its last good content.
   */
  private readDocuments(path: string, file: string, known: readonly LegalDocument[], problems: Problem[]): LegalDocument[] {
    const shape = this.readSide(path, file, documentsFile, problems);
    if (!shape) return [];
    const seen = new Set(known.map((d) => d.number));
    const docs: LegalDocument[] = [];
    shape.documents.forEach((raw, i) => {
      const rawNumber = (raw as { number?: unknown } | null)?.number;
      const label = typeof rawNumber === 'string' && rawNumber ? rawNumber : `#${i + 1}`;
      const result = legalDocument.safeParse(raw);
      if (!result.success) return problems.push(...zodProblems(file, result.error, label));
      if (seen.has(result.data.number)) return problems.push({ severity: 'error', kind: 'duplicate-id', file, entry: label, field: 'number', message: 'số hiệu đã có trong danh mục; văn bản sau bị bỏ qua' });
      seen.add(result.data.number);
      docs.push(result.data);
    });
    return docs;
  }

  /** Each unit file checked like settings.json; a broken one keeps its last good version. */
  private readUnits(dir: string, show: (path: string) => string, problems: Problem[]): UnitSettings[] {
    if (!existsSync(dir)) return [];
    const units: UnitSettings[] = [];
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
      const id = name.slice(0, -'.json'.length);
      const path = join(dir, name);
      if (!UNIT_ID.test(id)) {
        problems.push({ severity: 'error', kind: 'schema', file: show(path), message: 'tên tệp đơn vị chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang (ví dụ phuong-b-lao.json)' });
        continue;
      }
      const settings = this.readSide(path, show(path), settingsSchema, problems);
      if (settings) units.push({ id, settings });
    }
    return units;
  }

  private readSettings(path: string, file: string, problems: Problem[]): Settings | undefined {
    const parsed = readJsonFile(path);
    const result = parsed.ok ? settingsSchema.safeParse(parsed.value) : undefined;
    if (result?.success) return (this.lastSettings = result.data);
    const kept = this.lastSettings ? `; ${KEPT_FILE}` : '';
    if (!parsed.ok) problems.push({ severity: 'error', kind: 'json', file, message: parsed.message + kept });
    else if (result) problems.push(...zodProblems(file, result.error).map((p) => ({ ...p, message: p.message + kept })));
    return this.lastSettings;
  }

  /** A file beside the entries; when it has errors, its last good content. */
  private readSide<T>(path: string, file: string, schema: z.ZodType<T>, problems: Problem[]): T | undefined {
    const parsed = readJsonFile(path);
    const result = parsed.ok ? schema.safeParse(parsed.value) : undefined;
    if (result?.success) {
      this.lastSide.set(path, result.data);
      return result.data;
    }
    const last = this.lastSide.get(path) as T | undefined;
    const kept = last ? `; ${KEPT_FILE}` : '';
    if (!parsed.ok) problems.push({ severity: 'error', kind: 'json', file, message: parsed.message + kept });
    else if (result) problems.push(...zodProblems(file, result.error).map((p) => ({ ...p, message: p.message + kept })));
    return last;
  }

  /**
   * The file's valid entries; for the broken ones, their last good versions. An entry is
   * broken by a schema error or by a placeholder settings does not define, and all its
   * errors are reported together.
   */
  private readEntries(path: string, file: string, placeholders: PlaceholderChecker, problems: Problem[]): Entry[] {
    const last = this.lastEntries.get(path);
    const parsed = readJsonFile(path);
    const shape = parsed.ok ? knowledgeFile.safeParse(parsed.value) : undefined;
    if (!shape?.success) {
      const kept = last?.size ? `; ${KEPT_FILE} (${last.size} mục)` : '';
      if (!parsed.ok) problems.push({ severity: 'error', kind: 'json', file, message: parsed.message + kept });
      else if (shape) problems.push(...zodProblems(file, shape.error).map((p) => ({ ...p, message: p.message + kept })));
      return [...(last?.values() ?? [])];
    }
    const loaded = new Map<string, Entry>();
    shape.data.entries.forEach((raw, i) => {
      const rawId = (raw as { id?: unknown } | null)?.id;
      const label = typeof rawId === 'string' && rawId ? rawId : `#${i + 1}`;
      const result = entrySchema.safeParse(raw);
      const unknown = placeholders.check((raw as { answer?: unknown } | null)?.answer, SETTINGS_FILE);
      if (result.success && !unknown.length) {
        if (!loaded.has(result.data.id)) loaded.set(result.data.id, result.data);
        else problems.push({ severity: 'error', kind: 'duplicate-id', file, entry: label, field: 'id', message: 'id trùng với một mục khác trong cùng tệp; mục sau bị bỏ qua' });
        return;
      }
      const previous = last?.get(label);
      const found: Problem[] = [
        ...(result.success ? [] : zodProblems(file, result.error, label)),
        ...unknown.map((u): Problem => ({ severity: 'error', kind: 'placeholder', file, entry: label, field: u.field, message: u.message })),
      ];
      problems.push(...found.map((p) => (previous ? { ...p, message: `${p.message}; ${KEPT_ENTRY}` } : p)));
      if (previous && !loaded.has(label)) loaded.set(label, previous);
    });
    this.lastEntries.set(path, loaded);
    return [...loaded.values()];
  }

  /** One entry per id: the file that already served it keeps it, else the first in load order. */
  private resolveIds(claims: { file: string; path: string; entry: Entry }[], problems: Problem[]) {
    const byId = new Map<string, { file: string; path: string; entry: Entry }[]>();
    for (const claim of claims) {
      const list = byId.get(claim.entry.id);
      if (list) list.push(claim);
      else byId.set(claim.entry.id, [claim]);
    }
    const entries: Entry[] = [];
    const fileOf = new Map<string, string>();
    const pathOf = new Map<string, string>();
    for (const claim of claims) {
      const rivals = byId.get(claim.entry.id)!;
      const holder = rivals.find((r) => r.file === this.established.get(claim.entry.id)) ?? rivals[0]!;
      if (claim === holder) {
        entries.push(claim.entry);
        fileOf.set(claim.entry.id, claim.file);
        pathOf.set(claim.entry.id, claim.path);
      } else {
        problems.push({ severity: 'error', kind: 'duplicate-id', file: claim.file, entry: claim.entry.id, field: 'id', message: `id trùng với mục đang dùng trong ${holder.file}; mục này bị bỏ qua` });
      }
    }
    this.established = fileOf;
    return { entries, fileOf, pathOf };
  }
}

/** Links between entries, which need every entry at once. */
function relatedChecks(entries: Entry[], fileOf: ReadonlyMap<string, string>): Problem[] {
  const problems: Problem[] = [];
  for (const e of entries) {
    const file = fileOf.get(e.id)!;
    e.related.forEach((id, i) => {
      if (!fileOf.has(id))
        problems.push({ severity: 'warning', kind: 'related', file, entry: e.id, field: `related.${i}`, message: `không có mục nào mang id "${id}"` });
    });
  }
  return problems;
}
