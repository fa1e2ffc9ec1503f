import { readFileSync } from 'node:fs';
import { parse as parseTolerant, printParseErrorCode, type ParseError } from 'jsonc-parser';

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
    return { ok: false, message: describeSyntaxError(raw) ?? `JSON không hợp lệ: ${(err as Error).message}` };
  }
}

const EXPLANATIONS: Record<string, string> = {
  ValueExpected: 'thiếu giá trị',
  CommaExpected: 'thiếu dấu phẩy',
  ColonExpected: 'thiếu dấu hai chấm',
  PropertyNameExpected: 'thiếu tên trường (có thể thừa dấu phẩy ở trước)',
  CloseBraceExpected: 'thiếu dấu }',
  CloseBracketExpected: 'thiếu dấu ]',
  EndOfFileExpected: 'còn ký tự thừa sau khi tệp đã kết thúc',
  UnexpectedEndOfString: 'chuỗi chưa đóng dấu ngoặc kép',
  InvalidSymbol: 'ký tự không hợp lệ',
};

/** JSON.parse does not say where on every Node version; jsonc-parser always gives an offset. */
function describeSyntaxError(raw: string): string | undefined {
  const errors: ParseError[] = [];
  parseTolerant(raw, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return undefined;
  const before = raw.slice(0, first.offset);
  const line = before.split('\n').length;
  const column = first.offset - before.lastIndexOf('\n');
  const code = printParseErrorCode(first.error);
  return `JSON không hợp lệ ở dòng ${line}, cột ${column}: ${EXPLANATIONS[code] ?? code}`;
}
