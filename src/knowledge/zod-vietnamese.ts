// Validation messages in plain Vietnamese, for staff who edit the knowledge files and the
// settings by hand: "cần ít nhất 6 mục", not "Too small: expected array to have >=6 items".
// Installed once for every zod schema of the bot (zod's own Vietnamese locale still says
// "mong đợi string", which a ward officer should not have to decode).
import { z } from 'zod';

const TYPES: Record<string, string> = {
  string: 'chữ trong dấu ngoặc kép',
  number: 'một số',
  int: 'một số nguyên',
  boolean: 'true hoặc false',
  array: 'một danh sách [ … ]',
  object: 'một nhóm { … }',
  undefined: 'trống',
  null: 'null',
};

const typeOf = (value: unknown): string => {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
};

const FORMATS: Record<string, string> = {
  url: 'đường dẫn (URL) hợp lệ',
  email: 'địa chỉ email hợp lệ',
  regex: 'đúng dạng quy định',
  date: 'ngày dạng YYYY-MM-DD',
  datetime: 'ngày giờ ISO',
};

type Issue = z.core.$ZodRawIssue;

export function vietnameseMessage(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type': {
      const received = typeOf(issue.input);
      if (received === 'undefined') return `thiếu trường này (cần ${TYPES[issue.expected] ?? issue.expected})`;
      return `cần ${TYPES[issue.expected] ?? issue.expected}, nhưng gặp ${TYPES[received] ?? received}`;
    }
    case 'too_small': {
      const n = Number(issue.minimum);
      if (issue.origin === 'array' || issue.origin === 'set') return `cần ít nhất ${n} mục`;
      if (issue.origin === 'string') return n <= 1 ? 'không được để trống' : `cần ít nhất ${n} ký tự`;
      return `phải từ ${n} trở lên`;
    }
    case 'too_big': {
      const n = Number(issue.maximum);
      if (issue.origin === 'array' || issue.origin === 'set') return `tối đa ${n} mục`;
      if (issue.origin === 'string') return `tối đa ${n} ký tự`;
      return `không được lớn hơn ${n}`;
    }
    case 'invalid_value':
      return issue.values.length === 1 ? `phải là ${JSON.stringify(issue.values[0])}` : `phải là một trong: ${issue.values.map((v: unknown) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      return `không ${FORMATS[issue.format] ?? 'đúng định dạng'}`;
    case 'unrecognized_keys':
      return `trường không có trong mẫu (viết sai tên?): ${issue.keys.join(', ')}`;
    case 'invalid_union':
      return 'không khớp với kiểu nào được phép';
    case 'not_multiple_of':
      return `phải là bội số của ${String(issue.divisor)}`;
    default:
      return undefined;
  }
}

let installed = false;

/** Makes every zod schema of the bot report in Vietnamese; messages given in a schema still win. */
export function useVietnameseValidation(): void {
  if (installed) return;
  installed = true;
  z.config({ customError: vietnameseMessage });
}

useVietnameseValidation();
