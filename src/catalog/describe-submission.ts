// Turns the parsed "Cách thức thực hiện" rows into the answer's submission, processing
// time and fee texts. Channels that share a value are named together, so the common case
// reads "10 ngày làm việc" rather than the same figure three times.
import type { Channel, Fee, SubmissionMethod } from './parse-submission-methods.ts';

export const PORTAL_NAME = 'Cổng Dịch vụ công quốc gia';

/** "Trực tiếp, Dịch vụ bưu chính: 27 ngày làm việc; Trực tuyến: 17 ngày làm việc". */
function byValue(values: { channel: Channel; value: string }[], total: number): string {
  const groups = new Map<string, Channel[]>();
  for (const { channel, value } of values) groups.set(value, [...(groups.get(value) ?? []), channel]);
  const [only] = groups.keys();
  if (groups.size === 1 && values.length === total) return only!;
  return [...groups].map(([value, channels]) => `${channels.join(', ')}: ${value}`).join('; ');
}

export function describeProcessingTime(methods: readonly SubmissionMethod[]): string {
  const known = methods.flatMap(({ channel, time }) => (time ? [{ channel, value: time }] : []));
  if (!known.length) return `${PORTAL_NAME} chưa ghi thời hạn giải quyết; hỏi cơ quan tiếp nhận hồ sơ`;
  return byValue(known, methods.length);
}

/** A sum of money in a note: "135.000 đồng/lần", "50,000 VNĐ". */
const AMOUNT_IN_NOTE = /\d[\d.,]*\s*(đồng|VNĐ|Việt Nam Đồng)/i;

function describeFee(fee: Fee): string {
  // "Miễn phí" with a note naming a sum contradicts itself: the sum is what the citizen pays.
  if (fee.kind === 'free' && fee.note && AMOUNT_IN_NOTE.test(fee.note)) return fee.note;
  const base = fee.kind === 'free' ? 'miễn phí' : fee.kind === 'amount' ? fee.amount : 'không có thông tin về phí, lệ phí';
  return fee.note ? `${base} (${fee.note})` : base;
}

/**
 * Always attributed to the portal and followed by a warning: the catalogue prints
 * "Miễn phí" for some land procedures that do carry fees, and "Không có thông tin" is
 * reported as such, never as free.
 */
export function describeFees(methods: readonly SubmissionMethod[]): string {
  const fees = methods.map(({ channel, fee }) => ({ channel, value: describeFee(fee) }));
  const stated = fees.length ? byValue(fees, fees.length) : describeFee({ kind: 'unknown' });
  return `Theo ${PORTAL_NAME}: ${stated}; kiểm tra lại mức phí, lệ phí hiện hành với cơ quan tiếp nhận`;
}

/** Where a procedure of this level is received, when the portal names no agency. */
function placeOfLevel(level: string): string {
  const folded = level.toLowerCase();
  if (folded.includes('cấp xã')) return '{{office.name}} ({{office.address}})';
  if (folded.includes('cấp tỉnh')) return 'Trung tâm Phục vụ hành chính công cấp tỉnh hoặc cơ quan chuyên môn cấp tỉnh được giao';
  if (folded.includes('cấp bộ')) return 'cơ quan trung ương (bộ, ngành) được giao';
  return 'cơ quan được giao giải quyết thủ tục';
}

export function describeSubmission(
  methods: readonly SubmissionMethod[],
  agency: string | undefined,
  url: string,
  level = '',
): { inPerson: string; online: string } {
  const offers = (channel: Channel) => methods.some((m) => m.channel === channel);
  // A commune-level agency is the ward's own: the citizen goes to its one-stop office.
  const local = agency && /cấp xã|UBND xã|Ủy ban nhân dân xã/i.test(agency) ? `${agency}: nộp tại {{office.name}} ({{office.address}})` : agency;
  const where = local ?? placeOfLevel(level);
  let inPerson: string;
  if (offers('Trực tiếp')) inPerson = offers('Dịch vụ bưu chính') ? `${where}; hoặc gửi hồ sơ qua dịch vụ bưu chính` : where;
  else if (offers('Dịch vụ bưu chính')) inPerson = `${PORTAL_NAME} không ghi hình thức nộp trực tiếp; gửi hồ sơ qua dịch vụ bưu chính đến ${where}`;
  else inPerson = `${PORTAL_NAME} không ghi hình thức nộp trực tiếp; liên hệ ${where}`;
  const online = offers('Trực tuyến') ? `qua ${PORTAL_NAME}: ${url}` : `${PORTAL_NAME} chưa ghi hình thức nộp trực tuyến cho thủ tục này`;
  return { inPerson, online };
}
