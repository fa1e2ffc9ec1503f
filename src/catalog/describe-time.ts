// The answer's processing time, from the time cells of the ways to file. Every figure
// carries its unit: a bare "5" gets the unit the record's own text gives it ("trong thời
// hạn 05 ngày làm việc"), or is not shown as a figure at all. A way listed twice with two
// times ("Trực tuyến: 1 ngày làm việc; Trực tuyến: 2 ngày làm việc") reads as one range.
import type { Channel, SubmissionMethod, TimeCell } from './parse-submission-methods.ts';
import { byWay, PORTAL_NAME } from './ways.ts';

/** What the answer says when the portal gives a number without a unit the text can explain. */
export const TIME_WITHOUT_UNIT = `theo quy định, xem trên ${PORTAL_NAME}`;
const NO_TIME = `${PORTAL_NAME} chưa ghi thời hạn giải quyết; hỏi cơ quan tiếp nhận hồ sơ`;

// A time limit in running text: "trong thời hạn 05 ngày làm việc", "không quá 01 (một) ngày".
// Only units a processing time is counted in; "01 năm" in a record is a condition, not a time.
const CUE = String.raw`(?:thời hạn|thời gian|không quá|trong vòng|trong|tối đa|chậm nhất)`;
const UNIT = String.raw`(ngày làm việc|ngày|giờ làm việc|giờ)`;

type Span = { amount: number; unit: string };

/** The unit the record's text gives to `amount`, when every mention agrees on one. */
export function unitFromText(amount: string, text: string): string | undefined {
  const pattern = new RegExp(String.raw`${CUE}[^.;:\d]{0,40}?(?<![\d/.,])0*${amount}\s*(?:\([^)]{0,20}\)\s*)?${UNIT}(?![\p{L}])`, 'giu');
  const units = new Set([...text.matchAll(pattern)].map((m) => m[1]!.toLowerCase()));
  return units.size === 1 ? [...units][0] : undefined;
}

function readCell(cell: TimeCell, context: string): Span | string {
  if (cell.kind === 'span') return { amount: Number(cell.amount.replace(',', '.')), unit: cell.unit };
  if (cell.kind === 'text') return cell.text.charAt(0).toLowerCase() + cell.text.slice(1);
  const unit = unitFromText(cell.amount, context);
  return unit ? { amount: Number(cell.amount), unit } : TIME_WITHOUT_UNIT;
}

const formatAmount = (n: number) => String(n).replace('.', ',');

/** The times one way lists, as one value: "7 ngày làm việc", "từ 1 đến 2 ngày làm việc, tùy trường hợp". */
function oneWay(times: readonly (Span | string)[]): string {
  const real = times.filter((t) => t !== TIME_WITHOUT_UNIT);
  const kept = real.length ? real : times;
  const spans = kept.filter((t): t is Span => typeof t !== 'string');
  const texts = [...new Set(kept.filter((t): t is string => typeof t === 'string'))];
  const units = new Set(spans.map((s) => s.unit));
  const amounts = [...new Set(spans.map((s) => s.amount))].sort((a, b) => a - b);
  let described: string[];
  if (units.size === 1 && amounts.length > 1) described = [`từ ${formatAmount(amounts[0]!)} đến ${formatAmount(amounts.at(-1)!)} ${[...units][0]}`];
  else described = [...new Set(spans.map((s) => `${formatAmount(s.amount)} ${s.unit}`))];
  const all = [...described, ...texts];
  return all.length > 1 || amounts.length > 1 ? `${all.join(' hoặc ')}, tùy trường hợp` : all[0]!;
}

/**
 * "7 ngày làm việc", or per way: "Trực tiếp, trực tuyến: 7 ngày làm việc; Dịch vụ bưu
 * chính: 10 ngày làm việc". `context` is the record's text, where a unit the table left
 * out may be found.
 */
export function describeProcessingTime(methods: readonly SubmissionMethod[], context = ''): string {
  const perWay = new Map<Channel, (Span | string)[]>();
  for (const { channel, time } of methods) if (time) perWay.set(channel, [...(perWay.get(channel) ?? []), readCell(time, context)]);
  if (!perWay.size) return NO_TIME;
  const ways = new Set(methods.map((m) => m.channel)).size;
  return byWay([...perWay].map(([channel, times]) => ({ channel, value: oneWay(times) })), ways);
}
