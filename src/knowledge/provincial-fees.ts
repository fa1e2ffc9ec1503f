// Fees the province sets (Nghị quyết of the HĐND tỉnh), named in answers as {{fee:key}}. A
// ward that knows the figure writes it in its settings ("fees": {"ho-kinh-doanh": {"amount",
// "basis"}}); one that does not gets who sets it and where to look, in one line, never an
// invented number.
import type { Settings } from './schema.ts';

export const PROVINCIAL_FEES = {
  'ho-kinh-doanh': 'Lệ phí đăng ký hộ kinh doanh',
  'ho-tich': 'Lệ phí đăng ký hộ tịch (khai sinh, khai tử quá hạn, thay đổi, cải chính, xác nhận tình trạng hôn nhân…)',
  'giay-chung-nhan': 'Lệ phí cấp Giấy chứng nhận quyền sử dụng đất và phí thẩm định hồ sơ',
  'dang-ky-the-chap': 'Phí đăng ký, xóa đăng ký thế chấp quyền sử dụng đất',
  'giay-phep-xay-dung': 'Lệ phí cấp giấy phép xây dựng',
} as const;
export type ProvincialFee = keyof typeof PROVINCIAL_FEES;
export const PROVINCIAL_FEE_KEYS = Object.keys(PROVINCIAL_FEES) as [ProvincialFee, ...ProvincialFee[]];

export const isProvincialFee = (key: string): key is ProvincialFee => Object.hasOwn(PROVINCIAL_FEES, key);

/** "100.000 đồng/lần (theo Nghị quyết …)", or who sets it and where to look. */
export function provincialFee(settings: Settings, key: ProvincialFee): string {
  const known = settings.fees?.[key];
  if (known) return `${known.amount} (theo ${known.basis})`;
  return `theo mức HĐND ${settings.unit.province} quy định; xem mức cụ thể tại ${settings.portals.provincial} hoặc hỏi ${settings.office.name}`;
}
