// Loads knowledge folders. A broken file or entry is reported and skipped; it never
// stops the others from loading, because staff edit these files by hand on a live bot.
import { readdirSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { z } from 'zod';
import { readJsonFile } from './json-file.ts';
import { placeholdersIn, isKnownPlaceholder, stringsWithin } from './placeholders.ts';
import type { Problem } from './problems.ts';
import { entry as entrySchema, knowledgeFile, settings as settingsSchema, synonyms as synonymsSchema } from './schema.ts';
import type { Entry, Settings } from './schema.ts';

export const SETTINGS_FILE = 'settings.json';
export const SYNONYMS_FILE = 'synonyms.json';

export interface KnowledgeBase {
  entries: Entry[];
  settings: Settings;
  /** Groups of interchangeable phrases, merged from every folder. */
  synonymGroups: string[][];
  problems: Problem[];
  /** Entry id → the file it was loaded from, for problem reports. */
  fileOf: ReadonlyMap<string, string>;
}

export class KnowledgeLoadError extends Error {}

function zodProblems(file: string, error: z.ZodError, entry?: string): Problem[] {
  return error.issues.map((issue) => ({
    severity: 'error',
    file,
    entry,
    field: issue.path.join('.') || undefined,
    message: issue.message,
  }));
}

function knowledgeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith('.json') && d.name !== SETTINGS_FILE && d.name !== SYNONYMS_FILE)
    .map((d) => join(dir, d.name))
    .sort();
}

/**
 * Loads one or more knowledge folders together. Settings come from the first folder
 * that has them (a deployment's own folder goes first); entries and synonyms are merged.
 * Throws only when no usable settings exist, since no answer can be rendered without them.
 */
export function loadKnowledge(dirs: string[], cwd = process.cwd()): KnowledgeBase {
  const problems: Problem[] = [];
  const show = (path: string) => relative(cwd, path) || path;
  let settings: Settings | undefined;
  const synonymGroups: string[][] = [];
  const entries: Entry[] = [];
  const seen = new Map<string, string>();

  for (const dir of dirs) {
    if (!existsSync(dir)) {
      problems.push({ severity: 'error', file: show(dir), message: 'thư mục kiến thức không tồn tại' });
      continue;
    }
    const settingsPath = join(dir, SETTINGS_FILE);
    if (!settings && existsSync(settingsPath)) {
      const parsed = readJsonFile(settingsPath);
      if (!parsed.ok) problems.push({ severity: 'error', file: show(settingsPath), message: parsed.message });
      else {
        const result = settingsSchema.safeParse(parsed.value);
        if (result.success) settings = result.data;
        else problems.push(...zodProblems(show(settingsPath), result.error));
      }
    }
    const synonymsPath = join(dir, SYNONYMS_FILE);
    if (existsSync(synonymsPath)) {
      const parsed = readJsonFile(synonymsPath);
      if (!parsed.ok) problems.push({ severity: 'error', file: show(synonymsPath), message: parsed.message });
      else {
        const result = synonymsSchema.safeParse(parsed.value);
        if (result.success) synonymGroups.push(...result.data.groups);
        else problems.push(...zodProblems(show(synonymsPath), result.error));
      }
    }
    for (const path of knowledgeFiles(dir)) {
      const file = show(path);
      const parsed = readJsonFile(path);
      if (!parsed.ok) {
        problems.push({ severity: 'error', file, message: parsed.message });
        continue;
      }
      const shape = knowledgeFile.safeParse(parsed.value);
      if (!shape.success) {
        problems.push(...zodProblems(file, shape.error));
        continue;
      }
      shape.data.entries.forEach((raw, i) => {
        const rawId = (raw as { id?: unknown } | null)?.id;
        const label = typeof rawId === 'string' && rawId ? rawId : `#${i + 1}`;
        const result = entrySchema.safeParse(raw);
        if (!result.success) {
          problems.push(...zodProblems(file, result.error, label));
          return;
        }
        const e = result.data;
        const first = seen.get(e.id);
        if (first) {
          problems.push({ severity: 'error', file, entry: e.id, field: 'id', message: `id trùng với một mục trong ${first}` });
          return;
        }
        seen.set(e.id, file);
        entries.push(e);
      });
    }
  }

  if (!settings) {
    const detail = problems.map((p) => p.message).join('; ');
    throw new KnowledgeLoadError(`Không có tệp ${SETTINGS_FILE} hợp lệ trong ${dirs.join(', ')}${detail ? `: ${detail}` : ''}`);
  }
  problems.push(...crossChecks(entries, settings, seen));
  return { entries, settings, synonymGroups, problems, fileOf: seen };
}

/** Checks that need every entry and the settings at once. */
function crossChecks(entries: Entry[], settings: Settings, fileOf: Map<string, string>): Problem[] {
  const problems: Problem[] = [];
  for (const e of entries) {
    const file = fileOf.get(e.id)!;
    for (const [field, text] of stringsWithin(e.answer, 'answer')) {
      for (const name of placeholdersIn(text)) {
        if (!isKnownPlaceholder(settings, name))
          problems.push({ severity: 'error', file, entry: e.id, field, message: `chỗ đặt sẵn {{${name}}} không có trong ${SETTINGS_FILE}` });
      }
    }
    e.related.forEach((id, i) => {
      if (!fileOf.has(id))
        problems.push({ severity: 'warning', file, entry: e.id, field: `related.${i}`, message: `không có mục nào mang id "${id}"` });
    });
  }
  return problems;
}
