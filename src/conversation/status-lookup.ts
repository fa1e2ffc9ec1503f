// A citizen looks up their feedback by its tracking code. Anyone holding the code sees its
// status; the official answer only the citizen who sent it (same channel and user), or
// someone who gives the last digits of the phone number sent with it. No personal data
// is ever shown. Wrong digits are counted per code in the store, whoever gives them: a
// few tries are free, then each one waits longer, then the code's answer is locked for a
// day, so four digits cannot be found by trying from new sessions or channels.
import { citizenKey } from '../address/address.ts';
import type { FailedAttempts } from '../attempts/failed-attempts.ts';
import { vietnameseDateTime } from '../time/vietnam-calendar.ts';
import { FEEDBACK_KINDS, FEEDBACK_STATUSES, type FeedbackRecord, type FeedbackRepository } from '../feedback/record.ts';
import { menuButton, payload } from './payloads.ts';
import type { Session } from './session.ts';
import { type IncomingMessage, type Reply, reply } from './types.ts';

/** A tracking code inside free text: "PA-K7M3QX", "pa k7m3qx", "PAK7M3QX". */
export const TRACKING_CODE_IN_TEXT = /\bpa[\s-]?[a-z0-9]{6}\b/i;

/** Digits of the phone number asked for, counted from its end. */
export const VERIFY_DIGITS = 4;
/** Wrong digits for one code that need no wait. */
export const FREE_TRIES = 3;
/** Wrong digits after which the code's answer is locked until VERIFY_WINDOW_MS after the last. */
export const LOCK_AFTER = 10;
/** How long failures are counted, and a locked code stays locked, after the last one. */
export const VERIFY_WINDOW_MS = 24 * 3600_000;
/** The wait after FREE_TRIES wrong tries; it doubles with each further one (1, 2, 4 … 64 minutes). */
const FIRST_WAIT_MS = 60_000;

/** What the counted failures allow now: a try, a wait, or nothing until the lock ends. */
type Gate = { kind: 'open' } | { kind: 'wait'; minutes: number } | { kind: 'locked'; until: string };

function gateOf(failures: number, lastAt: string | undefined, now: Date): Gate {
  if (failures < FREE_TRIES || !lastAt) return { kind: 'open' };
  const last = Date.parse(lastAt);
  if (failures >= LOCK_AFTER) return { kind: 'locked', until: new Date(last + VERIFY_WINDOW_MS).toISOString() };
  const ready = last + FIRST_WAIT_MS * 2 ** (failures - FREE_TRIES);
  return ready > now.getTime() ? { kind: 'wait', minutes: Math.ceil((ready - now.getTime()) / 60_000) } : { kind: 'open' };
}

const waitText = (gate: Exclude<Gate, { kind: 'open' }>) =>
  gate.kind === 'locked'
    ? `Mã này đã bị nhập sai số điện thoại quá nhiều lần nên tạm khóa xem câu trả lời đến ${vietnameseDateTime(gate.until)}. Câu trả lời đã được gửi tới người gửi qua kênh họ đã dùng.`
    : `Mã này vừa bị nhập sai số điện thoại nhiều lần. Để bảo vệ người gửi, bạn vui lòng đợi khoảng ${gate.minutes} phút rồi tra cứu lại.`;

const dateVi = (iso: string) => new Date(iso).toLocaleDateString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' });

type Asker = Pick<IncomingMessage, 'channel' | 'userId'>;

export class StatusLookup {
  /** `failures`: the wrong digits given per code, shared by every session and replica. */
  constructor(
    private readonly repository: FeedbackRepository,
    private readonly failures: FailedAttempts,
    private readonly now: () => Date,
  ) {}

  private async gate(code: string): Promise<Gate> {
    const { failures, lastAt } = await this.failures.get(code, this.now());
    return gateOf(failures, lastAt, this.now());
  }

  /** The reply to a code typed by `asker`; may leave the session waiting for phone digits. */
  async lookUp(text: string, session: Session, asker: Asker): Promise<Reply> {
    const code = TRACKING_CODE_IN_TEXT.exec(text)?.[0] ?? text.trim();
    const record = code ? await this.repository.get(code) : undefined;
    session.flow = { kind: 'idle' };
    if (!record) return reply(`Không tìm thấy phản ánh có mã "${code.slice(0, 20)}". Bạn kiểm tra lại mã (dạng PA-K7M3QX) nhé.`, menuButton());
    if (!record.answer || citizenKey(record.from) === citizenKey(asker)) return this.full(record);
    if (!record.sender.phone) return this.statusOnly(record, 'Câu trả lời đã được gửi tới người gửi qua kênh họ đã dùng.');
    const gate = await this.gate(record.code);
    if (gate.kind !== 'open') return this.statusOnly(record, waitText(gate));
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
    const gate = await this.gate(code);
    if (gate.kind !== 'open') {
      session.flow = { kind: 'idle' };
      return reply(waitText(gate), menuButton());
    }
    const record = await this.repository.get(code);
    const phone = record?.sender.phone;
    if (record && phone && digits.length === VERIFY_DIGITS && phone.endsWith(digits)) {
      session.flow = { kind: 'idle' };
      await this.failures.clear(code);
      return this.full(record);
    }
    const counted = await this.failures.add(code, this.now());
    const next = gateOf(counted.failures, counted.lastAt, this.now());
    if (next.kind !== 'open') {
      session.flow = { kind: 'idle' };
      return reply(`Số chưa khớp. ${waitText(next)}`, menuButton());
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
