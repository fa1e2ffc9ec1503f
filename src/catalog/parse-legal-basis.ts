// Splits the portal's flattened "Căn cứ pháp lý" table:
//   "Tên văn bản pháp lýMã văn bản" + ("<name><code>")*
// e.g. "…công an nhân dân68/2013/TT-BCALuật Khiếu nại năm 201102/2011/QH13Nghị định 05/2012/NĐ-CP05/2012/NĐ-CP".
// Codes look like 31/2024/QH15, 101/2024/NĐ-CP, 68/2013/TT-BCA, 10/2019/QĐ-TTg, and in
// older or consolidated texts without the year: 250/QĐ-TTg, 48/VBHN-VPQH. The hard
// part is where a code ends, since the next name follows without a space.
import { formatLegalItem } from './legal-items.ts';
import { cleanText, foldDiacritics } from './text.ts';

const TABLE_HEADER = 'Tên văn bản pháp lýMã văn bản';

// The code column sometimes repeats the document type: "Luật số 32/2024/QH15", "Số 73/2025/TT-NHNN".
// The number may be glued to digits of the name before it: it then follows a year
// ("…năm 201102/2011/QH13") or the previous code's legislature ("…QH1354/2014/QH13").
const CODE_START =
  String.raw`(?:(?:Luật|Bộ luật|Nghị định|Thông tư liên tịch|Thông tư|Nghị quyết|Quyết định|Pháp lệnh|Lệnh|Văn bản hợp nhất)\s+)?(?:[Ss]ố\s*)?` +
  String.raw`(?:(?<!\d)(?<!\d\.)|(?<=(?:^|\D)\d{4})|(?<=QH\d{2}))(\d{1,4}(?:\.\d+)?\/(?:\d{4}\/)?)`;

// One Vietnamese syllable once diacritics are folded. Used to tell "NĐ-CP" + "Nghị…"
// from "TT-BCA" + "ngày…": the letters glued after a code must start a real word.
const SYLLABLE = /^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?$/;

interface Code {
  start: number;
  end: number;
  /** The code without the document type in front, for comparing two mentions. */
  bare: string;
}

/**
 * Where the issuer part ("NĐ-CP", "TT-BTC", "QĐ-TTg", "QH15", "TTLT-BTC-BGTVT") that
 * starts at `from` ends, or undefined when there is none.
 */
function issuerEnd(text: string, from: number): number | undefined {
  let pos = from;
  for (;;) {
    if (text.startsWith('TTg', pos)) pos += 3;
    else {
      const run = /^[A-ZĐ]+/u.exec(text.slice(pos))?.[0];
      if (!run) return undefined;
      const wordAfter = /^[\p{L}\p{M}]*/u.exec(text.slice(pos + run.length))![0];
      const keep = wordAfter ? lettersOfCode(run, wordAfter) : run.length;
      pos += keep;
      if (keep === run.length && run.endsWith('QH')) pos += /^\d{0,2}/.exec(text.slice(pos))![0].length;
    }
    if (text[pos] === '-' && /[A-ZĐ]/u.test(text[pos + 1] ?? '')) pos++;
    else return pos;
  }
}

/**
 * How many letters of an upper-case run belong to the code when more letters follow with
 * no space. A capitalised word takes the run's last letter ("CPNghị" → "CP"); a word in
 * lower case stands on its own ("BCAngày" → "BCA"); a word in capitals takes the longest
 * tail that is a syllable ("CPLUẬT" → "CP").
 */
function lettersOfCode(run: string, wordAfter: string): number {
  if (run.length === 1) return 1;
  if (/^\p{Ll}/u.test(wordAfter)) {
    // Only the word itself: in "…TT-BNNMTLuậtLuật 18/2017" the letters after "uật" start the next name.
    const word = /^[\p{Ll}\p{M}]+/u.exec(wordAfter)![0];
    return SYLLABLE.test(foldDiacritics(run.at(-1)! + word)) ? run.length - 1 : run.length;
  }
  for (let k = 1; k < run.length; k++) {
    if (SYLLABLE.test(foldDiacritics(run.slice(k) + wordAfter))) return k;
  }
  return run.length;
}

function findCodes(text: string): Code[] {
  const codes: Code[] = [];
  const pattern = new RegExp(CODE_START, 'gu');
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const end = issuerEnd(text, m.index + m[0].length);
    if (end === undefined) {
      pattern.lastIndex = m.index + 1;
      continue;
    }
    // Resume right after the issuer: in "…QH1354/2014/QH13" the next code starts at "54".
    pattern.lastIndex = end;
    codes.push({ start: m.index, end, bare: text.slice(m.index + m[0].length - m[1]!.length, end) });
  }
  return codes;
}

/**
 * A code closes a (name, code) pair when the next name starts right after it. A code
 * followed by a space sits inside a name ("Nghị định số 45/2020/NĐ-CP ngày…"), and a code
 * followed by the same code is the end of a name that quotes its own number
 * ("Nghị định 05/2012/NĐ-CP" + "05/2012/NĐ-CP"). A code followed by another is the end of
 * the name too when the name opens with that other code: "Nghị định số 280/2025/NĐ-CP sửa
 * đổi… bởi Nghị định số 07/2025/NĐ-CP" + "280/2025/NĐ-CP".
 */
function closesPair(text: string, code: Code, next: Code | undefined, name: string): boolean {
  if (code.end === text.length) return true;
  if (next && next.start === code.end) return next.bare !== code.bare && !opensWith(name, next.bare);
  const after = text.slice(code.end);
  // "…15/2023/TT-BNNPTNTngày 15 tháng 12…" is one name that goes on with the date.
  if (/^ngày(?=[\s\d])/u.test(after)) return false;
  return /^[\p{L}\d]/u.test(after);
}

/** "Nghị định số 280/2025/NĐ-CP sửa đổi…" opens with 280/2025/NĐ-CP. */
function opensWith(name: string, bare: string): boolean {
  const start = /^\P{N}{0,30}?(?=\d)/u.exec(name.trimStart())?.[0];
  return start !== undefined && name.trimStart().slice(start.length).startsWith(bare);
}

/**
 * "Type number title" items ("Thông tư 53/2025/TT-BCA sửa đổi…"), one per document
 * number; a row whose number or kind cannot be told is left out. Empty when the cell holds
 * no table.
 */
export function parseLegalBasis(raw: string): string[] {
  const text = cleanText(raw);
  const headerAt = text.indexOf(TABLE_HEADER);
  if (headerAt < 0) return [];
  const body = text.slice(headerAt + TABLE_HEADER.length);
  const codes = findCodes(body);
  const items: ({ number: string; text: string } | undefined)[] = [];
  let nameStart = 0;
  codes.forEach((code, i) => {
    if (!closesPair(body, code, codes[i + 1], body.slice(nameStart, code.start))) return;
    items.push(formatLegalItem(body.slice(nameStart, code.start), code.bare));
    nameStart = code.end;
  });
  // Text after the last code is a document listed without one: kept only if it opens with its number.
  items.push(formatLegalItem(body.slice(nameStart)));
  return onePerNumber(items);
}


/** The first mention of each number, or a later one that gives the title the first lacked. */
function onePerNumber(items: readonly ({ number: string; text: string } | undefined)[]): string[] {
  const byNumber = new Map<string, string>();
  for (const item of items) {
    if (!item) continue;
    const seen = byNumber.get(item.number);
    if (seen === undefined || seen.length < item.text.length && seen.endsWith(item.number)) byNumber.set(item.number, item.text);
  }
  return [...byNumber.values()];
}
