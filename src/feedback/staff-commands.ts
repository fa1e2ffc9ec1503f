// The staff commands typed in a Home Affairs chat group, whichever the chat (Telegram,
// Zalo): /traloi CODE text and /trangthai CODE status [note]. The adapters check who is
// asking; this module parses, acts and says what happened, in the same words everywhere.
import type { OutboxPort } from '../outbox/message.ts';
import { foldText } from '../search/normalize.ts';
import { FEEDBACK_STATUSES, type FeedbackRepository, type FeedbackStatus } from './record.ts';
import { answerFeedback, changeFeedbackStatus } from './staff-actions.ts';

export const STAFF_COMMANDS = ['traloi', 'trangthai'] as const;
export type StaffCommand = (typeof STAFF_COMMANDS)[number];
export const isStaffCommand = (name: string): name is StaffCommand => (STAFF_COMMANDS as readonly string[]).includes(name);

export interface StaffContext {
  feedback: FeedbackRepository;
  outbox: OutboxPort;
  /** Who is acting, as recorded in the feedback history. */
  by: string;
  /** The unit whose staff chat this is: only its records may be touched. */
  unit?: string;
}

/** Accepts "dang-xu-ly", "Đang xử lý", "dang xu ly", "ĐANG XỬ LÝ" … */
export function parseStatus(input: string): FeedbackStatus {
  const folded = foldText(input);
  const status = (Object.keys(FEEDBACK_STATUSES) as FeedbackStatus[]).find((k) => foldText(k) === folded || foldText(FEEDBACK_STATUSES[k]) === folded);
  if (!status) throw new Error(`Trạng thái "${input}" không hợp lệ. Dùng một trong: ${statusChoices()}.`);
  return status;
}

const statusChoices = () =>
  Object.entries(FEEDBACK_STATUSES)
    .map(([k, label]) => `${k} (${label})`)
    .join(', ');

/** Runs one command given its arguments; returns the text to show staff. Staff mistakes are answered, not thrown. */
export async function runStaffCommand(name: StaffCommand, args: string, ctx: StaffContext): Promise<string> {
  const trimmed = args.trim();
  if (name === 'traloi') {
    const m = /^(\S+)\s+([\s\S]*\S)$/.exec(trimmed);
    if (!m) return 'Cách dùng: /traloi MÃ nội dung trả lời';
    try {
      const record = await answerFeedback(ctx.feedback, ctx.outbox, m[1]!, m[2]!, ctx.by, ctx.unit);
      return `Đã lưu câu trả lời cho ${record.code}; câu trả lời đang được gửi tới người dân.`;
    } catch (err) {
      return `Chưa lưu được câu trả lời cho ${m[1]}: ${(err as Error).message}`;
    }
  }
  const m = /^(\S+)\s+(\S+)(?:\s+([\s\S]*\S))?$/.exec(trimmed);
  if (!m) return `Cách dùng: /trangthai MÃ trạng-thái [ghi chú]; trạng thái: ${Object.keys(FEEDBACK_STATUSES).join(', ')}`;
  try {
    const record = await changeFeedbackStatus(ctx.feedback, ctx.outbox, m[1]!, parseStatus(m[2]!), ctx.by, m[3], ctx.unit);
    return `Đã chuyển ${record.code} sang trạng thái "${FEEDBACK_STATUSES[record.status]}".`;
  } catch (err) {
    return `Chưa đổi được trạng thái ${m[1]}: ${(err as Error).message}`;
  }
}
