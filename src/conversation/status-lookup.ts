// A citizen looks up their feedback by its tracking code. Anyone holding the code sees its
// status; the official answer only the citizen who sent it (same channel and user), or
// someone who gives the last digits of the phone number sent with it. No personal data
// is ever shown.
import { citizenKey } from '../address/address.ts';
import { FEEDBACK_KINDS, FEEDBACK_STATUSES, type FeedbackRecord, type FeedbackRepository } from '../feedback/record.ts';
import { menuButton, payload } from './payloads.ts';
import type { Session } from './session.ts';
import { type IncomingMessage, type Reply, reply } from './types.ts';

/** A tracking code inside free text: "PA-K7M3QX", "pa k7m3qx", "PAK7M3QX". */
export const TRACKING_CODE_IN_TEXT = /\bpa[\s-]?[a-z0-9]{6}\b/i;

/** Digits of the phone number asked for, counted from its end. */
export const VERIFY_DIGITS = 4;
/** Wrong attempts per code before the bot stops asking (the session remembers a day). */
const MAX_FAILURES = 5;

const dateVi = (iso: string) => new Date(iso).toLocaleDateString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' });

type Asker = Pick<IncomingMessage, 'channel' | 'userId'>;

export class StatusLookup {
  constructor(private readonly repository: FeedbackRepository) {}

  /** The reply to a code typed by `asker`; may leave the session waiting for phone digits. */
  async lookUp(text: string, session: Session, asker: Asker): Promise<Reply> {
    const code = TRACKING_CODE_IN_TEXT.exec(text)?.[0] ?? text.trim();
    const record = code ? await this.repository.get(code) : undefined;
    session.flow = { kind: 'idle' };
    if (!record) return reply(`Không tìm thấy phản ánh có mã "${code.slice(0, 20)}". Bạn kiểm tra lại mã (dạng PA-K7M3QX) nhé.`, menuButton());
    if (!record.answer || citizenKey(record.from) === citizenKey(asker)) return this.full(record);
    if (!record.sender.phone || (session.verifyFailures?.[record.code] ?? 0) >= MAX_FAILURES)
      return this.statusOnly(record, 'Câu trả lời đã được gửi tới người gửi qua kênh họ đã dùng.');
    session.flow = { kind: 'verify', code: record.code };
    return this.statusOnly(
      record,
      `Câu trả lời chỉ hiển thị cho người đã gửi. Nếu là bạn, hãy nhập ${VERIFY_DIGITS} số cuối của số điện thoại đã ghi khi gửi.`,
      [{ label: 'Hủy', payload: payload.cancel }],
    );
  }

  /**
   * The citizen's reply while the bot waits for phone digits: the answer when they match.
   * Undefined when the text is not digits at all (a new question: the caller handles it).
   */
  async verify(text: string, session: Session): Promise<Reply | undefined> {
    if (session.flow.kind !== 'verify') return undefined;
    const code = session.flow.code;
    const digits = text.replace(/[\s.\-]/g, '');
    if (!/^\d{1,12}$/.test(digits)) {
      session.flow = { kind: 'idle' };
      return undefined;
    }
    const record = await this.repository.get(code);
    const phone = record?.sender.phone;
    if (record && phone && digits.length === VERIFY_DIGITS && phone.endsWith(digits)) {
      session.flow = { kind: 'idle' };
      return this.full(record);
    }
    const failures = (session.verifyFailures?.[code] ?? 0) + 1;
    session.verifyFailures = { ...session.verifyFailures, [code]: failures };
    if (failures >= MAX_FAILURES) {
      session.flow = { kind: 'idle' };
      return reply('Số chưa khớp. Bạn đã nhập sai nhiều lần nên bot không hỏi tiếp; câu trả lời đã được gửi tới người gửi qua kênh họ đã dùng.', menuButton());
    }
    return reply(`Số chưa khớp. Bạn nhập lại ${VERIFY_DIGITS} số cuối của số điện thoại đã ghi khi gửi, hoặc gõ "hủy".`, [{ label: 'Hủy', payload: payload.cancel }]);
  }

  private full(record: FeedbackRecord): Reply {
    const sections = [this.status(record)];
    if (record.answer) sections.push({ heading: `Trả lời của cơ quan (${dateVi(record.answer.at)})`, lines: [record.answer.text] });
    return reply(sections, menuButton());
  }

  private statusOnly(record: FeedbackRecord, note: string, buttons = menuButton()): Reply {
    return reply([this.status(record), { lines: [note] }], buttons);
  }

  private status(record: FeedbackRecord) {
    return {
      heading: `Mã ${record.code}`,
      lines: [`${FEEDBACK_KINDS[record.kind]} gửi ngày ${dateVi(record.createdAt)}.`, `Tình trạng: ${FEEDBACK_STATUSES[record.status]}.`],
    };
  }
}
