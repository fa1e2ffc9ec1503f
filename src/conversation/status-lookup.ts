// A citizen looks up their feedback by its tracking code: status and the official answer.
// No personal data is shown, since anyone holding the code can ask.
import { FEEDBACK_KINDS, FEEDBACK_STATUSES, type FeedbackRepository } from '../feedback/record.ts';
import { menuButton } from './entry-replies.ts';
import { type Reply, reply } from './types.ts';

/** A tracking code inside free text: "PA-K7M3QX", "pa k7m3qx", "PAK7M3QX". */
export const TRACKING_CODE_IN_TEXT = /\bpa[\s-]?[a-z0-9]{6}\b/i;

const dateVi = (iso: string) => new Date(iso).toLocaleDateString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' });

export function statusReply(repository: FeedbackRepository, text: string): Reply {
  const code = TRACKING_CODE_IN_TEXT.exec(text)?.[0] ?? text.trim();
  const record = code ? repository.get(code) : undefined;
  if (!record)
    return reply(`Không tìm thấy phản ánh có mã "${code.slice(0, 20)}". Bạn kiểm tra lại mã (dạng PA-K7M3QX) nhé.`, menuButton());
  const lines = [
    `${FEEDBACK_KINDS[record.kind]} gửi ngày ${dateVi(record.createdAt)}.`,
    `Tình trạng: ${FEEDBACK_STATUSES[record.status]}.`,
  ];
  const sections = [{ heading: `Mã ${record.code}`, lines }];
  if (record.answer) sections.push({ heading: `Trả lời của cơ quan (${dateVi(record.answer.at)})`, lines: [record.answer.text] });
  return reply(sections, menuButton());
}
