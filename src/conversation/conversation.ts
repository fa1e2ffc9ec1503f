// The channel-independent conversation: a citizen's message in, the bot's replies out.
// It answers from the knowledge base, asks back when unsure, admits when it has no
// answer, and walks the citizen through sending feedback to Home Affairs.
import { citizenKey } from '../address/address.ts';
import type { FeedbackRepository } from '../feedback/record.ts';
import { CATEGORIES, type Category, type Settings } from '../knowledge/schema.ts';
import type { OutboxPort } from '../outbox/message.ts';
import { maskPhones } from '../privacy/phones.ts';
import { messageShape } from '../privacy/question-quality.ts';
import type { SearchEngine } from '../search/engine.ts';
import { foldText } from '../search/normalize.ts';
import { detailsReply, entryReply, menuButton, payload, type DetailPart } from './entry-replies.ts';
import { FeedbackFlow } from './feedback-flow.ts';
import { MessageLimit, SUBMISSIONS_PER_DAY } from './rate-limits.ts';
import type { Session, SessionStore } from './session.ts';
import { StatusLookup, TRACKING_CODE_IN_TEXT } from './status-lookup.ts';
import { type IncomingMessage, type Reply, reply, type Turn } from './types.ts';
import { cleanUserText, MAX_MESSAGE_CHARS } from './user-text.ts';

/** What the conversation reads of the knowledge: whatever is current (it is reloaded while the bot runs). */
export interface KnowledgeView {
  engine: SearchEngine;
  settings: Settings;
}

export interface ConversationDeps {
  knowledge: () => KnowledgeView;
  feedback: FeedbackRepository;
  outbox: OutboxPort;
  sessions: SessionStore;
  /** Outbox destinations that receive forwarded feedback: Home Affairs' chats, a local file. */
  staffDestinations: readonly string[];
  messageLimit?: MessageLimit;
  submissionsPerDay?: number;
  now?: () => Date;
}

/** Categories offered in the menu; feedback and small talk have their own entries in it. */
const MENU_CATEGORIES: Category[] = ['land', 'business', 'civil', 'residence', 'complaint', 'general'];
const CANCEL_WORDS = new Set(['huy', 'huy bo', 'thoi', 'dung', 'cancel', 'stop']);
const DETAIL_PARTS: readonly string[] = ['steps', 'notes', 'related'] satisfies DetailPart[];

export class Conversation {
  private readonly limit: MessageLimit;
  private readonly now: () => Date;
  private readonly feedbackFlow: FeedbackFlow;
  private readonly status: StatusLookup;

  constructor(private readonly deps: ConversationDeps) {
    this.limit = deps.messageLimit ?? new MessageLimit();
    this.now = deps.now ?? (() => new Date());
    this.status = new StatusLookup(deps.feedback);
    this.feedbackFlow = new FeedbackFlow({
      engine: () => deps.knowledge().engine,
      settings: () => deps.knowledge().settings,
      feedback: deps.feedback,
      outbox: deps.outbox,
      staffDestinations: deps.staffDestinations,
      submissionsPerDay: deps.submissionsPerDay ?? SUBMISSIONS_PER_DAY,
      now: this.now,
    });
  }

  private get engine(): SearchEngine {
    return this.deps.knowledge().engine;
  }
  private get settings(): Settings {
    return this.deps.knowledge().settings;
  }

  /** The replies to one message; none when a flooding citizen has already been told to slow down. */
  async handle(message: IncomingMessage): Promise<Reply[]> {
    return (await this.respond(message)).replies;
  }

  /** The replies, with what they answer: for tools that check the bot (`converse --json`). */
  async respond(message: IncomingMessage): Promise<Turn> {
    const key = citizenKey(message);
    const verdict = await this.limit.check(key);
    const decision = { value: null as Turn['decision'] };
    let replies: Reply[];
    if (verdict === 'notice') replies = [reply('Bạn gửi tin nhắn hơi nhanh. Vui lòng chờ khoảng một phút rồi gửi tiếp nhé.')];
    else if (verdict === 'quiet') replies = [];
    else {
      const now = this.now();
      const session = this.deps.sessions.get(key, now);
      replies = await this.dispatch(message, session, decision);
      await this.deps.sessions.save(key, session, now);
    }
    return { replies, decision: decision.value, answered: replies.find((r) => r.about)?.about ?? null };
  }

  private async dispatch(message: IncomingMessage, session: Session, decision: { value: Turn['decision'] }): Promise<Reply[]> {
    if (message.input.kind === 'open') return this.onOpen(session);
    if (message.input.kind === 'button') return this.onButton(message.input.payload, session, message);
    const { text, truncated } = cleanUserText(message.input.text);
    const notice = truncated ? [reply(`Tin nhắn dài quá ${MAX_MESSAGE_CHARS} ký tự nên bot chỉ đọc phần đầu.`)] : [];
    return [...notice, ...(await this.onText(text, session, message, decision))];
  }

  /** A greeting, or, in the middle of a feedback, where the citizen left off. */
  private onOpen(session: Session): Reply[] {
    if (session.flow.kind !== 'feedback') return [this.showEntry('smalltalk.greeting', session)];
    return [reply('Bạn đang gửi dở một phản ánh, kiến nghị. Bạn tiếp tục nhé (gõ "hủy" để bỏ).'), this.feedbackFlow.prompt(session.flow)];
  }

  /** Payloads come back from the citizen's client: anything not offered gets the menu. */
  private async onButton(data: string, session: Session, message: IncomingMessage): Promise<Reply[]> {
    const [kind, a = '', b = ''] = data.split(':');
    switch (kind) {
      case 'menu':
        session.flow = { kind: 'idle' };
        return [this.menu()];
      case 'cat':
        return [Object.hasOwn(CATEGORIES, a) ? this.category(a as Category, session) : this.menu()];
      case 'entry':
        return [this.showEntry(a, session)];
      case 'more': {
        const entry = this.engine.entry(b);
        if (!entry || !DETAIL_PARTS.includes(a)) return [this.menu()];
        return [{ ...detailsReply(entry, a as DetailPart, this.settings, (id) => this.engine.entry(id)?.title), about: entry.id }];
      }
      case 'rate':
        return a === 'yes' || a === 'no' ? this.rate(a === 'yes', b, session, message) : [this.menu()];
      case 'cancel':
        session.flow = { kind: 'idle' };
        return [reply('Đã hủy. Bạn cần hỏi gì thêm cứ nhắn nhé.', menuButton())];
      case 'status':
        session.flow = { kind: 'status' };
        return [reply('Bạn hãy nhập mã theo dõi phản ánh (ví dụ PA-K7M3QX):', [{ label: 'Hủy', payload: payload.cancel }])];
      case 'fb':
        return this.feedbackFlow.onButton(data.slice('fb:'.length), session, message);
      default:
        return [this.menu()];
    }
  }

  private async onText(text: string, session: Session, message: IncomingMessage, decision: { value: Turn['decision'] }): Promise<Reply[]> {
    const folded = foldText(text);
    if (!folded) return [reply('Bot chỉ đọc được tin nhắn chữ. Bạn hãy gõ câu hỏi, ví dụ "làm giấy khai sinh cần gì".', menuButton())];
    const command = /^\/([a-z]+)(?:@\w+)?\s*(.*)$/is.exec(text);
    if (command) return this.onCommand(command[1]!.toLowerCase(), command[2]!.trim(), session, message);
    if (CANCEL_WORDS.has(folded) && session.flow.kind !== 'idle') return this.onButton(payload.cancel, session, message);

    switch (session.flow.kind) {
      case 'feedback':
        return this.feedbackFlow.onText(text, session, message);
      case 'status':
        return [this.status.lookUp(text, session, message)];
      case 'verify': {
        const verified = this.status.verify(text, session);
        if (verified) return [verified];
        break;
      }
      case 'choosing': {
        const pick = /^\d{1,2}$/.test(text) ? session.flow.options[Number(text) - 1] : undefined;
        if (pick) return [this.showEntry(pick, session)];
        break;
      }
    }
    if (TRACKING_CODE_IN_TEXT.test(text)) return [this.status.lookUp(text, session, message)];
    return this.answer(text, session, message, decision);
  }

  private async onCommand(name: string, rest: string, session: Session, message: IncomingMessage): Promise<Reply[]> {
    switch (name) {
      case 'start':
        session.flow = { kind: 'idle' };
        return [this.showEntry('smalltalk.greeting', session)];
      case 'menu':
        return this.onButton(payload.menu, session, message);
      case 'help':
      case 'trogiup':
        return [this.showEntry('smalltalk.help', session)];
      case 'phananh':
        return this.feedbackFlow.start(session);
      case 'tracuu':
        return rest ? [this.status.lookUp(rest, session, message)] : this.onButton(payload.statusLookup, session, message);
      case 'huy':
        return this.onButton(payload.cancel, session, message);
      default:
        return [reply('Bot chưa hiểu lệnh này. Các lệnh: /menu, /phananh (gửi phản ánh), /tracuu MÃ (tra cứu phản ánh), /help.', menuButton())];
    }
  }

  private async answer(text: string, session: Session, message: IncomingMessage, turn: { value: Turn['decision'] }): Promise<Reply[]> {
    const { decision, hits } = this.engine.search(text, 5);
    turn.value = decision;
    const candidates = hits.slice(0, 3).map((h) => ({ id: h.entry.id, score: Math.round(h.score * 1000) / 1000 }));
    // Kept to forward on request: outside the feedback record, phone numbers are masked.
    session.lastQuestion = { text: maskPhones(text), candidates };
    if (decision === 'answer') {
      session.flow = { kind: 'idle' };
      return [this.showEntry(hits[0]!.entry.id, session)];
    }
    if (decision === 'clarify') {
      const options = hits.slice(0, 3).map((h) => h.entry);
      session.flow = { kind: 'choosing', options: options.map((e) => e.id) };
      return [
        reply(
          [{ lines: ['Bạn muốn hỏi về:', ...options.map((e, i) => `${i + 1}. ${e.title}`), 'Bạn chọn một mục hoặc trả lời bằng số.'] }],
          [...options.map((e, i) => ({ label: `${i + 1}. ${e.title}`, payload: payload.entry(e.id) })), ...menuButton()],
        ),
      ];
    }
    session.flow = { kind: 'idle' };
    await this.logUnanswered(text, 'no-answer', candidates, message);
    return [this.noAnswer()];
  }

  /** Only real questions go to the log staff read: not a name typed at the wrong moment, mash, abuse or markup. */
  private async logUnanswered(text: string, reason: 'no-answer' | 'not-helpful', candidates: { id: string; score: number }[], message: IncomingMessage) {
    if (messageShape(text, (w) => this.engine.knows(w)) !== 'question') return;
    await this.deps.feedback.logUnanswered({ at: this.now().toISOString(), channel: message.channel, query: maskPhones(text), reason, candidates });
  }

  private async rate(helpful: boolean, entryId: string, session: Session, message: IncomingMessage): Promise<Reply[]> {
    if (helpful) return [reply('Cảm ơn bạn đã đánh giá! Bạn cần hỏi gì thêm cứ nhắn nhé.', menuButton())];
    const entry = this.engine.entry(entryId);
    if (!entry) return [this.menu()];
    const query = session.lastQuestion?.text ?? entry.title;
    const candidates = session.lastQuestion?.candidates ?? [{ id: entryId, score: 1 }];
    session.lastQuestion = { text: query, candidates };
    await this.logUnanswered(query, 'not-helpful', candidates, message);
    return [
      reply(`Xin lỗi vì câu trả lời chưa giúp được bạn. Bạn có muốn gửi câu hỏi này tới ${this.settings.feedback.receiver} để cán bộ trả lời không?`, [
        { label: '📨 Gửi câu hỏi cho cán bộ', payload: payload.forwardQuestion },
        ...menuButton(),
      ]),
    ];
  }

  private showEntry(id: string, session: Session): Reply {
    const entry = this.engine.entry(id);
    if (!entry) return this.menu();
    session.lastEntryId = id;
    session.flow = { kind: 'idle' };
    const r: Reply = { ...entryReply(entry, this.settings), about: id };
    if (id === 'smalltalk.greeting' || id === 'smalltalk.help') return { ...r, buttons: this.menu().buttons };
    if (entry.category === 'feedback') r.buttons.unshift({ label: '✍️ Gửi phản ánh, kiến nghị ngay', payload: payload.feedbackStart });
    return r;
  }

  private menu(): Reply {
    return reply('Bạn muốn tìm hiểu lĩnh vực nào?', [
      ...MENU_CATEGORIES.map((c) => ({ label: CATEGORIES[c], payload: payload.category(c) })),
      { label: '✍️ Gửi phản ánh, kiến nghị', payload: payload.feedbackStart },
      { label: '🔎 Tra cứu phản ánh', payload: payload.statusLookup },
    ]);
  }

  private category(category: Category, session: Session): Reply {
    const entries = this.engine.entries.filter((e) => e.category === category && !('imported' in e && e.imported));
    session.flow = { kind: 'choosing', options: entries.map((e) => e.id) };
    return reply(
      [{ heading: CATEGORIES[category], lines: [...entries.map((e, i) => `${i + 1}. ${e.title}`), 'Bạn chọn một thủ tục hoặc trả lời bằng số.'] }],
      [...entries.map((e, i) => ({ label: `${i + 1}. ${e.title}`, payload: payload.entry(e.id) })), ...menuButton()],
    );
  }

  private noAnswer(): Reply {
    const s = this.settings;
    return reply(
      [
        { lines: ['Xin lỗi, bot chưa có câu trả lời cho câu hỏi này.'] },
        {
          lines: [
            `Bạn có thể chọn một lĩnh vực bên dưới, gửi câu hỏi để cán bộ ${s.feedback.receiver} trả lời, hoặc liên hệ ${s.office.name} (${s.office.address}; điện thoại ${s.office.phone}).`,
          ],
        },
      ],
      [{ label: '📨 Gửi câu hỏi cho cán bộ', payload: payload.forwardQuestion }, ...this.menu().buttons],
    );
  }
}
