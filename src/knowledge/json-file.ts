import { readFileSync } from 'node:fs';
import { describeJsonSyntaxError } from '../files/json-syntax-error.ts';

export type ParsedJson = { ok: true; value: unknown } | { ok: false; message: string };

/** Reads and parses a JSON file, turning parse errors into "dòng L, cột C" that staff can find. */
export function readJsonFile(path: string): ParsedJson {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (err) {
    return { ok: false, message: `không đọc được tệp (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  }
  // Editors on Windows may save a byte-order mark, which JSON.parse rejects.
  if (raw.charCodeAt(0) === 0xfeff) raw = raw.slice(1);
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch (err) {
    return { ok: false, message: describeJsonSyntaxError(raw) ?? `JSON không hợp lệ: ${(err as Error).message}` };
  }
}
