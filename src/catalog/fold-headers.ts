// The portal's lists mix items with the headings that group them ("Thành phần hồ sơ:",
// "Trường hợp cấp lại do bị mất thẻ:", "a) Nộp hồ sơ:"). Shown as list items they read
// as bullets of their own ("• Lưu ý:"). Generic headings are dropped; a heading that
// says which case its items are for is joined to them, so every line stands on its own.

/** Headings that only repeat what the section already says. */
const GENERIC = /^([a-zđ]\)|\d+[.)]|[-–•]|bước\s*\d+[.:]?)?\s*(thành phần hồ sơ|hồ sơ (gồm|bao gồm)|số lượng hồ sơ|giấy tờ phải nộp|giấy tờ phải xuất trình|trình tự thực hiện|nộp hồ sơ( thủ tục hành chính)?|tiếp nhận hồ sơ|giải quyết hồ sơ|trả kết quả|lưu ý|ghi chú|chú ý)\s*:?$/i;
/** The next part's heading glued to the end of a line by the crawl: "… cơ quan cấp thẻ. b) Giải quyết thủ tục hành chính:". */
const TRAILING_HEADING = /\s*(?:[a-zđ]\)|\d+[.)])\s*[^.:;]{0,80}:$/;

const isHeading = (line: string) => line.trim().endsWith(':');

export function foldHeaders(lines: readonly string[]): string[] {
  const out: string[] = [];
  const cleaned = lines.map((l) => l.trim()).map((l) => (l.length > 80 && TRAILING_HEADING.test(l) ? l.replace(TRAILING_HEADING, '').trim() : l)).filter(Boolean);
  for (let i = 0; i < cleaned.length; i++) {
    const line = cleaned[i]!;
    if (!isHeading(line)) {
      out.push(line);
      continue;
    }
    const items: string[] = [];
    while (i + 1 < cleaned.length && !isHeading(cleaned[i + 1]!)) items.push(cleaned[++i]!);
    if (GENERIC.test(line)) out.push(...items);
    else if (items.length) out.push(`${line} ${items.join('; ')}`);
    // A short heading with nothing under it says nothing; a sentence ending in ":" is kept as a sentence.
    else if (line.length > 60) out.push(line.replace(/[.\s]*:$/, '.'));
  }
  return out;
}

/** "(1) …", "(3) …", "(2) …" back in order, when every item is numbered so. */
export function inNumberedOrder(lines: readonly string[]): string[] {
  const numbers = lines.map((l) => /^\((\d+)\)/.exec(l)?.[1]);
  if (numbers.some((n) => n === undefined)) return [...lines];
  return lines.map((l, i) => ({ l, n: Number(numbers[i]) })).sort((a, b) => a.n - b.n).map((x) => x.l);
}
