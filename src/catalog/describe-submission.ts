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

function describeFee(fee: Fee): string {
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

export function describeSubmission(
  methods: readonly SubmissionMethod[],
  agency: string | undefined,
  url: string,
): { inPerson: string; online: string } {
  const offers = (channel: Channel) => methods.some((m) => m.channel === channel);
  const where = agency ?? 'cơ quan có thẩm quyền';
  let inPerson: string;
  if (offers('Trực tiếp')) inPerson = offers('Dịch vụ bưu chính') ? `${where}; hoặc gửi hồ sơ qua dịch vụ bưu chính` : where;
  else if (offers('Dịch vụ bưu chính')) inPerson = `${PORTAL_NAME} không ghi hình thức nộp trực tiếp; gửi hồ sơ qua dịch vụ bưu chính đến ${where}`;
  else inPerson = `${PORTAL_NAME} không ghi hình thức nộp trực tiếp; liên hệ ${where}`;
  const online = offers('Trực tuyến') ? `qua ${PORTAL_NAME}: ${url}` : `${PORTAL_NAME} chưa ghi hình thức nộp trực tuyến cho thủ tục này`;
  return { inPerson, online };
}
