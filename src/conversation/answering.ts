// Answering a typed question from the knowledge base: follow-ups about the entry just
// discussed, the ward office's own details from settings, focused or full answers,
// "did you mean…" when unsure, and an honest "no answer" (logged for staff) otherwise.
import type { FeedbackRepository } from '../feedback/record.ts';
import { fillPlaceholders } from '../knowledge/placeholders.ts';
import type { Reading } from '../knowledge/reading.ts';
import { CATEGORIES, type Category, type Settings } from '../knowledge/schema.ts';
import { maskPersonalData } from '../privacy/personal-data.ts';
import { maskPhones } from '../privacy/phones.ts';
import { messageShape } from '../privacy/question-quality.ts';
import type { ForeignTopic, SearchEngine, SearchOutcome } from '../search/engine.ts';
import { letterParts } from '../search/letter.ts';
import { asSentence, clip } from '../text/sentences.ts';
import { aspectsOf, foldForAspects, withoutAspects, type Aspect } from '../search/aspects.ts';
import { entryReply, focusedReply, fullReply } from './entry-replies.ts';
import { askedDay, dayAnswer } from './office-days.ts';
import { menuButton, payload } from './payloads.ts';
import { ReplyMemo } from './reply-memo.ts';
import type { Session } from './session.ts';
import { type IncomingMessage, type Reply, reply, type Turn } from './types.ts';

export interface AnswersDeps {
  engine: () => SearchEngine;
  /** The settings of the citizen's unit. */
  settings: (session: Session) => Settings;
  /** How entries read now for the citizen: their unit's settings, today's date, the document registry. */
  reading: (session: Session) => Reading;
  feedback: FeedbackRepository;
  now: () => Date;
}

/** How long the entry just discussed stays "it" for a follow-up. */
export const CONTEXT_MINUTES = 30;
export const OFFICE_ENTRY = 'general.one-stop-office';

/** Categories offered in the menu; feedback and small talk have their own entries in it. */
const MENU_CATEGORIES: Category[] = ['land', 'business', 'civil', 'residence', 'complaint', 'general'];

/** A follow-up that names no aspect but points back: "cho con thì sao", "còn vợ tôi thì sao". */
const POINTS_BACK = /\b(thi sao|the thi sao|vay thi sao|the nao|con .+ thi sao|cho (con|vo|chong|me|bo|ba|ong) (thi|the)|truong hop .+ thi sao)\b/;
/** The words that do the pointing, removed to see what else the message says. */
const POINTING = /\b(con|thi sao|the thi sao|vay thi sao|the nao|truong hop|nua)\b/g;
/** Who a follow-up is for, and words any follow-up may carry: they name no subject of their own. */
const FOLLOW_UP_FILLERS = /\b(cho|con|vo|chong|me|bo|ba|ong|anh|chi|em|chau|be|tre|nguoi nha|gia dinh|minh|toi|tui|tuoi|nam|thang|lan|thi|sao|the|vay|dzay|z|nua|roi|lam|nop|co|duoc|khong|nao|gi|bao nhieu|may|ngay|tien|giay|xong|tinh|ra|a|nhe|ha|hay|ma|la|o|dau|tren|qua|cung|chu|gom|bao gom|nhung|cac|can|phai|them|het|mat|ca|nhu)\b|\d+/g;
/** "còn xóa thường trú thì sao": "and what about X" brings up a new subject X. */
const WHAT_ABOUT = /\b(con|the con|vay con)\b.+\b(thi sao|the nao|ra sao)\b/;

/** Asking about the office itself: its address, hours, phone. */
const OFFICE_ASK = /\b(dia chi|o dau|gio lam viec|lam viec (vao )?(thu bay|thu 7|t7|chu nhat|cuoi tuan|ngay le|ngay nao|may gio|gio nao)|(thu bay|thu 7|t7|chu nhat|cuoi tuan|ngay le) (phuong |xa |uy ban |trung tam |mot cua )?(co )?(lam|mo|nghi|nhan ho so|tiep nhan|giai quyet)|may gio (mo cua|lam viec|dong cua|nghi)|mo cua|so dien thoai|dien thoai|hotline|goi dien|lien he)\b/;
const OFFICE_WORDS = /\b(uy ban nhan dan|uy ban|phuong|xa|trung tam|phuc vu hanh chinh cong|hanh chinh cong|mot cua|bo phan|co quan|van phong|tru so|nha nuoc|chinh quyen)\b/g;

export class Answers {
  private readonly replies = new ReplyMemo();

  constructor(private readonly deps: AnswersDeps) {}

  private get engine(): SearchEngine {
    return this.deps.engine();
  }

  async answer(text: string, session: Session, message: IncomingMessage, turn: { decision: Turn['decision'] }): Promise<Reply[]> {
    const aspects = aspectsOf(text);
    const context = this.freshContext(session);
    if (context && this.isFollowUp(text, aspects, context)) {
      turn.decision = 'answer';
      return [this.showEntry(context.entryId, session, aspects.length ? aspects : context.aspects, text)];
    }
    // Before the check below: "thứ 7 có nhận hồ sơ không" names no procedure, but the office it does.
    if (this.asksOffice(text)) {
      turn.decision = 'answer';
      return [this.office(text, session)];
    }
    // "mất mấy ngày" with nothing to refer to: a question without its topic, not one to guess or log.
    if (aspects.length && !this.engine.topicTerms(this.residue(text)).length) {
      turn.decision = 'none';
      return [reply('Bạn đang hỏi về thủ tục nào? Bạn gõ tên thủ tục, ví dụ "đăng ký khai sinh mất bao lâu", hoặc chọn một lĩnh vực.', this.menu().buttons)];
    }
    const outcome = this.engine.search(text, 5);
    turn.decision = outcome.decision;
    const candidates = outcome.hits.slice(0, 3).map((h) => ({ id: h.entry.id, score: Math.round(h.score * 1000) / 1000 }));
    // Kept to forward on request: outside the feedback record, phone numbers are masked.
    session.lastQuestion = { text: maskPhones(text), candidates };
    if (outcome.decision === 'answer') return [this.showEntry(outcome.hits[0]!.entry.id, session, aspects, text)];
    // Asked about something else: what was discussed before is no longer "it".
    delete session.context;
    if (outcome.decision === 'clarify') return [this.clarify(outcome, session)];
    session.flow = { kind: 'idle' };
    await this.logUnanswered(text, 'no-answer', candidates, message, session.unit);
    return [this.noAnswer(outcome.foreign, text, session)];
  }

  /** Only real questions go to the log staff read: not a name typed at the wrong moment, mash, abuse or markup. */
  async logUnanswered(text: string, reason: 'no-answer' | 'not-helpful', candidates: { id: string; score: number }[], message: Pick<IncomingMessage, 'channel'>, unit?: string) {
    if (messageShape(text, (w) => this.engine.knows(w)) !== 'question') return;
    await this.deps.feedback.logUnanswered({ at: this.deps.now().toISOString(), channel: message.channel, query: maskPersonalData(text), reason, candidates, ...(unit ? { unit } : {}) });
  }

  /** An entry, focused on what was asked when it was a focused question; it becomes the context of follow-ups. */
  showEntry(id: string, session: Session, aspects: readonly Aspect[] = [], question = '', view: 'first' | 'full' = 'first'): Reply {
    const entry = this.engine.entry(id);
    if (!entry) return this.menu();
    session.lastEntryId = id;
    session.flow = { kind: 'idle' };
    const reading = this.deps.reading(session);
    if (entry.kind === 'smalltalk') {
      const r = this.replies.reply(entry, reading, 'first', () => entryReply(entry, reading));
      return { ...r, buttons: id === 'smalltalk.greeting' || id === 'smalltalk.help' ? this.menu().buttons : r.buttons, about: id };
    }
    session.context = { entryId: id, aspects: [...aspects], at: this.deps.now().toISOString() };
    const r =
      view === 'full'
        ? this.replies.reply(entry, reading, 'full', () => fullReply(entry, reading))
        : aspects.length
          ? this.replies.reply(entry, reading, `focused\u0000${aspects.join(',')}\u0000${question}`, () => focusedReply(entry, aspects, reading, question))
          : this.replies.reply(entry, reading, 'first', () => entryReply(entry, reading));
    if (entry.category === 'feedback') r.buttons = [{ label: '✍️ Gửi phản ánh, kiến nghị ngay', payload: payload.feedbackStart }, ...r.buttons].slice(0, view === 'full' ? undefined : 4);
    return r;
  }

  menu(): Reply {
    return reply('Bạn muốn tìm hiểu lĩnh vực nào?', [
      ...MENU_CATEGORIES.map((c) => ({ label: CATEGORIES[c], payload: payload.category(c) })),
      { label: '✍️ Gửi phản ánh, kiến nghị', payload: payload.feedbackStart },
      { label: '🔎 Tra cứu phản ánh', payload: payload.statusLookup },
    ]);
  }

  category(category: Category, session: Session): Reply {
    const entries = this.engine.entries.filter((e) => e.category === category && !('imported' in e && e.imported));
    session.flow = { kind: 'choosing', options: entries.map((e) => e.id) };
    // The procedures are the buttons (numbered options on text-only channels): never listed twice.
    return reply([{ heading: CATEGORIES[category], lines: ['Bạn chọn một thủ tục:'] }], [...entries.map((e) => ({ label: e.title, payload: payload.entry(e.id) })), ...menuButton()]);
  }

  private freshContext(session: Session): Session['context'] {
    const c = session.context;
    if (!c || this.deps.now().getTime() - Date.parse(c.at) > CONTEXT_MINUTES * 60_000 || !this.engine.entry(c.entryId)) return undefined;
    return c;
  }

  /**
   * A short message that asks about an aspect or points back, and has no topic of its own:
   * what is left once the aspect words are gone finds nothing in the knowledge base.
   */
  private isFollowUp(text: string, aspects: readonly Aspect[], context: NonNullable<Session['context']>): boolean {
    const folded = foldForAspects(text);
    if (!aspects.length && !POINTS_BACK.test(folded)) return false;
    const rest = this.residue(text);
    if (!rest || !this.engine.topicTerms(rest).length) return true;
    if (WHAT_ABOUT.test(folded)) return false;
    // Its words may still be about the entry being discussed ("niêm yết bao lâu" after "cấp lại
    // sổ đỏ bị mất"), unless they name another procedure ("đăng ký kết hôn mất bao lâu").
    const own = this.engine.search(text, 5);
    const top = own.hits[0];
    if (top?.entry.id === context.entryId) return true;
    if (top && own.decision === 'answer' && this.engine.names(top.entry.id, rest)) return false;
    return this.engine.mentions(context.entryId, rest);
  }

  /** What a message says besides the aspect it asks about, the pointing back and who it is for. */
  private residue(text: string): string {
    return withoutAspects(text).replace(POINTING, ' ').replace(FOLLOW_UP_FILLERS, ' ').replace(/\s+/g, ' ').trim();
  }

  /** "địa chỉ UBND phường ở đâu", "thứ bảy có làm việc không": about the office, with no procedure or other subject named. */
  private asksOffice(text: string): boolean {
    const folded = foldForAspects(text);
    if (!OFFICE_ASK.test(folded)) return false;
    const rest = folded.replace(new RegExp(OFFICE_ASK.source, 'g'), ' ').replace(OFFICE_WORDS, ' ').replace(FOLLOW_UP_FILLERS, ' ').replace(/\s+/g, ' ').trim();
    return !rest || !this.engine.topicTerms(rest).length;
  }

  /** The office's address, hours and phone from settings, what was asked first. */
  private office(text: string, session: Session): Reply {
    const o = this.deps.settings(session).office;
    const folded = foldForAspects(text);
    const day = askedDay(folded);
    const lead = day && dayAnswer(o.name, o.hours, day);
    const lines = [
      { key: 'hours', test: /\b(gio|thu bay|thu 7|t7|chu nhat|cuoi tuan|ngay le|mo cua|ngay nao|lam viec)\b/, line: `Giờ làm việc: ${o.hours}` },
      { key: 'phone', test: /\b(dien thoai|hotline|goi|lien he|so)\b/, line: `Điện thoại: ${o.phone}` },
      { key: 'address', test: /\b(dia chi|o dau)\b/, line: `Địa chỉ: ${o.address}` },
    ].sort((a, b) => Number(b.test.test(folded)) - Number(a.test.test(folded)));
    session.lastEntryId = OFFICE_ENTRY;
    const about = this.engine.entry(OFFICE_ENTRY) ? OFFICE_ENTRY : undefined;
    if (about) session.context = { entryId: OFFICE_ENTRY, aspects: [], at: this.deps.now().toISOString() };
    return {
      ...reply([{ heading: o.name, lines: [...(lead ? [lead] : []), ...lines.map((l) => l.line), `Trang thông tin: ${o.website}`] }], [
        ...(about ? [{ label: '📖 Xem thêm', payload: payload.entry(OFFICE_ENTRY) }] : []),
        ...menuButton(),
      ]),
      ...(about ? { about } : {}),
    };
  }

  private clarify(outcome: SearchOutcome, session: Session): Reply {
    const options = outcome.hits.slice(0, outcome.offered).map((h) => h.entry);
    session.flow = { kind: 'choosing', options: options.map((e) => e.id) };
    const one = options.length === 1;
    const lines = one
      ? [`Có phải bạn muốn hỏi về: ${options[0]!.title}?`, 'Bấm vào để xem, hoặc hỏi lại rõ hơn.']
      : ['Câu hỏi của bạn có thể thuộc một trong các thủ tục sau. Bạn chọn thủ tục đúng nhất:'];
    return reply(
      [{ lines }],
      [
        ...options.map((e) => ({ label: one ? `✅ ${e.title}` : e.title, payload: payload.entry(e.id) })),
        { label: '📨 Không phải, gửi câu hỏi cho cán bộ', payload: payload.forwardQuestion },
        ...menuButton(),
      ],
    );
  }

  /**
   * No answer. A subject the ward does not handle is said to be so, plainly, with who does
   * (and the national portal only where it has the service). Otherwise the bot says what it
   * understood was asked and offers to send the question to staff.
   */
  noAnswer(foreign: readonly ForeignTopic[], question: string, session: Session): Reply {
    const s = this.deps.settings(session);
    if (foreign.length) {
      const labels = foreign.map((t) => t.label).join(', ');
      const who = foreign.flatMap((t) => (t.handledBy ? [fillPlaceholders(t.handledBy, s)] : []));
      const portal = foreign.some((t) => t.onPortal);
      return reply(
        [
          {
            lines: [
              `Xin lỗi, bot chưa có câu trả lời cho câu hỏi này: việc về ${labels} không thuộc thẩm quyền giải quyết của ${s.unit.name}.`,
              ...(who.length ? [asSentence(`Bạn liên hệ ${who.join('; hoặc ')}`)] : []),
              ...(portal ? [`Bạn cũng có thể làm trực tuyến trên Cổng Dịch vụ công quốc gia: ${s.portals.national}`] : []),
            ],
          },
        ],
        // Someone else handles it: staff here could only say the same.
        who.length ? menuButton() : [{ label: '📨 Gửi câu hỏi cho cán bộ', payload: payload.forwardQuestion }, ...menuButton()],
      );
    }
    const asked = question ? letterParts(question).focus : '';
    return reply(
      [
        { lines: [asked ? `Xin lỗi, bot chưa có câu trả lời chắc chắn cho câu hỏi: “${clip(asked, 160)}”` : 'Xin lỗi, bot chưa có câu trả lời cho câu hỏi này.'] },
        {
          lines: [
            `Bạn có thể gửi câu hỏi để cán bộ ${s.feedback.receiver} trả lời, hoặc chọn một lĩnh vực để xem các thủ tục.`,
            asSentence(`Liên hệ trực tiếp: ${s.office.name}, ${s.office.address}`),
            asSentence(`Điện thoại: ${s.office.phone}`),
          ],
        },
      ],
      [{ label: '📨 Gửi câu hỏi cho cán bộ', payload: payload.forwardQuestion }, { label: '☰ Xem các lĩnh vực', payload: payload.menu }],
    );
  }

}
