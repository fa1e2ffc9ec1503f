// Whether the applicant must come in person, read from the record's own text: biometrics
// are taken at the counter (căn cước), some papers are signed in front of the official
// (chứng thực), both spouses appear to register a marriage. Such a procedure is not filed
// by post, though the post may still bring the result home.
import type { CatalogRecord } from './record.ts';
import { cleanText } from './text.ts';

export interface Presence {
  /** Why the applicant must appear, as a clause: "cần có mặt trực tiếp để thu nhận…"; undefined when nothing says so. */
  required?: string;
  /** The record says the result can be sent by post. */
  resultByPost: boolean;
}

const REASONS: readonly [RegExp, string][] = [
  [
    /thu nhận (?:vân tay|ảnh|thông tin sinh trắc)|chụp ảnh khuôn mặt|ảnh khuôn mặt,? vân tay|mống mắt|sinh trắc học về (?:ADN|giọng nói)/iu,
    'cần có mặt trực tiếp để thu nhận ảnh khuôn mặt, vân tay (thông tin sinh trắc học)',
  ],
  [/(?:ký|điểm chỉ) trước mặt/iu, 'cần có mặt để ký trước mặt người tiếp nhận hồ sơ hoặc người thực hiện chứng thực'],
  [/(?:nam, nữ|người yêu cầu|người đề nghị|công dân|người làm thủ tục|các bên)[^.;]{0,30}phải (?:trực tiếp )?có mặt/iu, 'cần có mặt trực tiếp'],
];
const RESULT_BY_POST =
  /(?:trả|nhận) (?:kết quả |thẻ )?(?:qua|bằng|thông qua) (?:dịch vụ )?bưu (?:chính|điện)|(?:gửi|chuyển) (?:kết quả|thẻ)[^.;]{0,30} (?:qua|bằng) (?:dịch vụ )?bưu (?:chính|điện)/iu;

/** Whether the record's steps, ways to file or conditions say the applicant must appear, and whether the post brings the result. */
export function presenceOf(record: CatalogRecord): Presence {
  const text = cleanText([record.trinh_tu_thuc_hien, record.cach_thuc_thuc_hien, record.yeu_cau_dieu_kien].join('\n'));
  return { required: REASONS.find(([pattern]) => pattern.test(text))?.[1], resultByPost: RESULT_BY_POST.test(text) };
}
