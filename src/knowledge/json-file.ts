import { readFileSync } from 'node:fs';

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
    return { ok: false, message: `JSON không hợp lệ ${locate(raw, (err as Error).message)}: ${(err as Error).message}` };
  }
}

function locate(raw: string, message: string): string {
  const lineCol = /line (\d+) column (\d+)/.exec(message);
  if (lineCol) return `ở dòng ${lineCol[1]}, cột ${lineCol[2]}`;
  const pos = /position (\d+)/.exec(message);
  const offset = pos ? Number(pos[1]) : /end of (JSON|data)/i.test(message) ? raw.length : undefined;
  if (offset === undefined) return '';
  const before = raw.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `ở dòng ${line}, cột ${column}`;
}
