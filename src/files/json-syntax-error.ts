import { parse as parseTolerant, printParseErrorCode, type ParseError } from 'jsonc-parser';

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

/**
 * Where and what is wrong in invalid JSON, without quoting the text: JSON.parse does not
 * give a position on every Node version, and its message may quote the file's content
 * (personal data, in data files). jsonc-parser always gives an offset.
 */
export function describeJsonSyntaxError(raw: string): string | undefined {
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
