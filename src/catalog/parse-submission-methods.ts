// Splits the portal's flattened "Cách thức thực hiện" table:
//   "Hình thức nộpThời gianPhí, lệ phíMô tả" + ("<channel><time><fee>[(<fee note>)]<description>")*
// e.g. "Trực tuyến17 Ngày làm việcMiễn phíNộp qua Cổng…Trực tiếp27 Ngày làm việc70,000 VNĐ(…)".
import { cleanText, NO_INFORMATION } from './text.ts';

const TABLE_HEADER = 'Hình thức nộpThời gianPhí, lệ phíMô tả';
const CHANNELS = ['Trực tiếp', 'Trực tuyến', 'Dịch vụ bưu chính'] as const;
export type Channel = (typeof CHANNELS)[number];

export type Fee =
  | { kind: 'free'; note?: string }
  | { kind: 'amount'; amount: string; note?: string }
  /** The portal printed "Không có thông tin" or nothing: not the same as free. */
  | { kind: 'unknown'; note?: string };

/** The time cell as the portal printed it. */
export type TimeCell =
  /** "17 Ngày làm việc": a number with its unit, the unit in lower case. */
  | { kind: 'span'; amount: string; unit: string }
  /** "5" with no unit: the unit has to be found in the record's text, or not given at all. */
  | { kind: 'bare'; amount: string }
  /** "Không quy định", "Không phải trả kết quả cho người nộp thuế". */
  | { kind: 'text'; text: string };

export interface SubmissionMethod {
  channel: Channel;
  /** Undefined when the portal gives none ("Không có thông tin", "0"). */
  time?: TimeCell;
  fee: Fee;
}

const CHANNEL = CHANNELS.join('|');
// A description may itself start with "Trực tuyến: …", so a new row is only recognised
// when the channel is followed by what a time cell starts with.
const ROW_START = new RegExp(`(?:${CHANNEL})(?=\\d|Không)`, 'gu');
const AMOUNT = String.raw`([1-9]\d{0,2}(?:,\d{3})*(?:\.\d+)?) ?(Việt Nam Đồng|VNĐ|Đồng|đồng|USD)`;
const FEE_START = `Miễn phí|${NO_INFORMATION}|${AMOUNT}`;
const TIME_WITH_UNIT = /^(\d+(?:[.,]\d+)?) ?(Ngày làm việc|Ngày|Giờ làm việc|Giờ|Tuần|Tháng|Năm|Phút)/u;
// Without a unit the time cell runs straight into the fee ("Trực tuyến120,000 VNĐ" is
// 1 + "20,000 VNĐ"), so the shortest digit run that leaves a well-formed fee is taken.
const BARE_NUMBER = new RegExp(`^\\d+?(?=${FEE_START})`, 'u');
const TIME_AS_TEXT = new RegExp(`^(.+?)(?=${FEE_START})`, 'u');
const FEE = new RegExp(`^(?:(Miễn phí)|(${NO_INFORMATION})|${AMOUNT})`, 'u');
const MAX_TIME_TEXT_LENGTH = 150;

/** The time cell, and how many characters of the row it used. */
function readTime(cells: string): { time?: TimeCell; length: number } {
  const withUnit = TIME_WITH_UNIT.exec(cells);
  if (withUnit) return { time: { kind: 'span', amount: withUnit[1]!.replace(/^0+(?=\d)/, ''), unit: withUnit[2]!.toLowerCase() }, length: withUnit[0].length };
  if (cells.startsWith(NO_INFORMATION)) return { length: NO_INFORMATION.length };
  const bare = BARE_NUMBER.exec(cells);
  // "0" is the portal's filler for a cell nobody filled in.
  if (bare) return { time: Number(bare[0]) > 0 ? { kind: 'bare', amount: String(Number(bare[0])) } : undefined, length: bare[0].length };
  const text = TIME_AS_TEXT.exec(cells);
  if (!text) return { length: 0 };
  const time = cleanText(text[1]!);
  // "Không" alone says nothing; a very long cell is a description that lost its columns.
  const usable = !/^không\.?$/i.test(time) && time.length <= MAX_TIME_TEXT_LENGTH;
  return { time: usable ? { kind: 'text', text: time } : undefined, length: text[0].length };
}

/** "1,200,000 Việt Nam Đồng" → "1.200.000 đồng": the way amounts are written in Vietnamese. */
function formatAmount(number: string, currency: string): string {
  if (currency === 'USD') return `${number} USD`;
  return `${number.replace(/,/g, '.')} đồng`;
}

/** A parenthesised note right after the fee, which may itself contain parentheses. */
function readNote(text: string): string | undefined {
  if (!text.startsWith('(')) return undefined;
  const close = closingOf(text);
  const note = tidyNote(text.slice(1, close < 0 ? text.length : close));
  // "(Không)", "(Không có)", "(Không quy định.)" repeat the fee without adding anything.
  if (!note || /^không( có| quy định)?\.?$/i.test(note)) return undefined;
  return note;
}

/**
 * The note whole, cleaned of what the crawl left around it: a currency word glued in front
 * ("Đồng (Mức lệ phí…)"), parentheses wrapped twice ("((…))"), a leading dash.
 */
function tidyNote(raw: string): string {
  let note = cleanText(raw).replace(/^(?:Việt Nam Đồng|VNĐ|Đồng)\s*(?=\()/u, '');
  while (note.startsWith('(') && note.endsWith(')') && closingOf(note) === note.length - 1) note = note.slice(1, -1).trim();
  return note.replace(/^[-–+*•]\s*/, '').trim();
}

/** Index of the parenthesis closing the one that opens the text. */
function closingOf(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

function readFee(cells: string): Fee {
  const m = FEE.exec(cells);
  const note = m ? readNote(cells.slice(m[0].length)) : undefined;
  if (m?.[1]) return { kind: 'free', note };
  if (m?.[3]) return { kind: 'amount', amount: formatAmount(m[3], m[4]!), note };
  return { kind: 'unknown', note };
}

function parseRow(row: string): SubmissionMethod {
  const channel = CHANNELS.find((c) => row.startsWith(c))!;
  const cells = row.slice(channel.length);
  const { time, length } = readTime(cells);
  return { channel, time, fee: readFee(cells.slice(length)) };
}

/** One method per row of the table; empty when the cell holds no table. */
export function parseSubmissionMethods(raw: string): SubmissionMethod[] {
  const text = cleanText(raw);
  const headerAt = text.indexOf(TABLE_HEADER);
  if (headerAt < 0) return [];
  const body = text.slice(headerAt + TABLE_HEADER.length);
  const starts = [...body.matchAll(ROW_START)].map((m) => m.index);
  // The first row follows the header directly, whatever its time cell looks like.
  if (starts[0] !== 0 && CHANNELS.some((c) => body.startsWith(c))) starts.unshift(0);
  return starts.map((start, i) => parseRow(body.slice(start, starts[i + 1])));
}
