// The channel-independent conversation: a citizen's message in, the bot's replies out.
// It answers from the knowledge base, asks back when unsure, admits when it has no
// answer, and walks the citizen through sending feedback to Home Affairs.
import type { FeedbackRepository } from '../feedback/record.ts';
import { CATEGORIES, type Category, type Entry, type Settings } from '../knowledge/schema.ts';
import type { SearchEngine } from '../search/engine.ts';
import { foldText } from '../search/normalize.ts';
import type { OutboxPort } from '../outbox/message.ts';
import { detailsReply, entryReply, menuButton, payload, type DetailPart } from './entry-replies.ts';
import { FeedbackFlow } from './feedback-flow.ts';
import { RateLimits } from './rate-limits.ts';
import type { Session, SessionStore } from './session.ts';
import { statusReply, TRACKING_CODE_IN_TEXT } from './status-lookup.ts';
import { type IncomingMessage, type Reply, reply } from './types.ts';
import { cleanUserText, MAX_MESSAGE_CHARS } from './user-text.ts';

export interface ConversationDeps {
  engine: SearchEngine;
  settings: Settings;
  feedback: FeedbackRepository;
  outbox: OutboxPort;
  sessions: SessionStore;
  /** Outbox destinations that receive forwarded feedback: Home Affairs' chats, a local file. */
  staffDestinations: readonly string[];
  limits?: RateLimits;
  now?: () => Date;
}

/** Categories offered in the menu; feedback and small talk have their own entries in it. */
const MENU_CATEGORIES: Category[] = ['land', 'business', 'civil', 'residence', 'complaint', 'general'];
const CANCEL_WORDS = new Set(['huy', 'huy bo', 'thoi', 'dung', 'cancel', 'stop']);

export class Conversation {
  private readonly byId: Map<string, Entry>;
  private readonly limits: RateLimits;
  private readonly now: () => Date;
  private readonly feedbackFlow: FeedbackFlow;

  constructor(private readonly deps: ConversationDeps) {
    this.byId = new Map(deps.engine.entries.map((e) => [e.id, e]));
    this.limits = deps.limits ?? new RateLimits();
    this.now = deps.now ?? (() => new Date());
    this.feedbackFlow = new FeedbackFlow({ ...deps, limits: this.limits, now: this.now });
  }

  async handle(message: IncomingMessage): Promise<Reply[]> {
    const key = `${message.channel}:${message.userId}`;
    if (!(await this.limits.allowMessage(key)))
      return [reply('Bạn gửi tin nhắn hơi nhanh. Vui lòng chờ khoảng một phút rồi gửi tiếp nhé.')];
    const now = this.now();
    const session = this.deps.sessions.get(key, now);
    const replies = await this.dispatch(message, session, key);
    await this.deps.sessions.save(key, session, now);
    return replies;
  }

  private async dispatch(message: IncomingMessage, session: Session, key: string): Promise<Reply[]> {
    if (message.input.kind === 'button') return this.onButton(message.input.payload, session, message, key);
    const { text, truncated } = cleanUserText(message.input.text);
    const notice = truncated ? [reply(`Tin nhắn dài quá ${MAX_MESSAGE_CHARS} ký tự nên bot chỉ đọc phần đầu.`)] : [];
    return [...notice, ...(await this.onText(text, session, message, key))];
  }

  private async onButton(data: string, session: Session, message: IncomingMessage, key: string): Promise<Reply[]> {
    const [kind, a, b] = data.split(':');
    switch (kind) {
      case 'menu':
        session.flow = { kind: 'idle' };
        return [this.menu()];
      case 'cat':
        return [this.category(a as Category, session)];
      case 'entry':
        return [this.showEntry(a ?? '', session)];
      case 'more': {
        const entry = this.byId.get(b ?? '');
        return entry ? [detailsReply(entry, a as DetailPart, this.deps.settings, (id) => this.byId.get(id)?.title)] : [this.menu()];
      }
      case 'rate':
        return this.rate(a === 'yes', b ?? '', session, message);
      case 'cancel':
        session.flow = { kind: 'idle' };
        return [reply('Đã hủy. Bạn cần hỏi gì thêm cứ nhắn nhé.', menuButton())];
      case 'status':
        session.flow = { kind: 'status' };
        return [reply('Bạn hãy nhập mã theo dõi phản ánh (ví dụ PA-K7M3QX):', [{ label: 'Hủy', payload: payload.cancel }])];
      case 'fb':
        return this.feedbackFlow.onButton(a ?? '', session, message, key);
      default:
        return [this.menu()];
    }
  }

  private async onText(text: string, session: Session, message: IncomingMessage, key: string): Promise<Reply[]> {
    const folded = foldText(text);
    if (!folded) return [reply('Bot chỉ đọc được tin nhắn chữ. Bạn hãy gõ câu hỏi, ví dụ "làm giấy khai sinh cần gì".', menuButton())];
    const command = /^\/([a-z]+)(?:@\w+)?\s*(.*)$/is.exec(text);
    if (command) return this.onCommand(command[1]!.toLowerCase(), command[2]!.trim(), session, message, key);
    if (CANCEL_WORDS.has(folded) && session.flow.kind !== 'idle') return this.onButton(payload.cancel, session, message, key);

    switch (session.flow.kind) {
      case 'feedback':
        return this.feedbackFlow.onText(text, session, message, key);
      case 'status':
        session.flow = { kind: 'idle' };
        return [statusReply(this.deps.feedback, text)];
      case 'choosing': {
        const pick = /^\d{1,2}$/.test(text) ? session.flow.options[Number(text) - 1] : undefined;
        if (pick) return [this.showEntry(pick, session)];
        break;
      }
    }
    if (TRACKING_CODE_IN_TEXT.test(text)) return [statusReply(this.deps.feedback, text)];
    return this.answer(text, session, message);
  }

  private async onCommand(name: string, rest: string, session: Session, message: IncomingMessage, key: string): Promise<Reply[]> {
    switch (name) {
      case 'start':
        session.flow = { kind: 'idle' };
        return [this.showEntry('smalltalk.greeting', session)];
      case 'menu':
        return this.onButton(payload.menu, session, message, key);
      case 'help':
      case 'trogiup':
        return [this.showEntry('smalltalk.help', session)];
      case 'phananh':
        return this.feedbackFlow.start(session);
      case 'tracuu':
        return rest ? [statusReply(this.deps.feedback, rest)] : this.onButton(payload.statusLookup, session, message, key);
      case 'huy':
        return this.onButton(payload.cancel, session, message, key);
      default:
        return [reply('Bot chưa hiểu lệnh này. Các lệnh: /menu, /phananh (gửi phản ánh), /tracuu MÃ (tra cứu phản ánh), /help.', menuButton())];
    }
  }

  private async answer(text: string, session: Session, message: IncomingMessage): Promise<Reply[]> {
    const { decision, hits } = this.deps.engine.search(text, 5);
    const candidates = hits.slice(0, 3).map((h) => ({ id: h.entry.id, score: Math.round(h.score * 1000) / 1000 }));
    session.lastQuestion = { text, candidates };
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
    await this.deps.feedback.logUnanswered({ at: this.now().toISOString(), channel: message.channel, query: text, reason: 'no-answer', candidates });
    return [this.noAnswer()];
  }

  private async rate(helpful: boolean, entryId: string, session: Session, message: IncomingMessage): Promise<Reply[]> {
    if (helpful) return [reply('Cảm ơn bạn đã đánh giá! Bạn cần hỏi gì thêm cứ nhắn nhé.', menuButton())];
    const query = session.lastQuestion?.text ?? this.byId.get(entryId)?.title ?? entryId;
    const candidates = session.lastQuestion?.candidates ?? [{ id: entryId, score: 1 }];
    session.lastQuestion = { text: query, candidates };
    await this.deps.feedback.logUnanswered({ at: this.now().toISOString(), channel: message.channel, query, reason: 'not-helpful', candidates });
    return [
      reply(`Xin lỗi vì câu trả lời chưa giúp được bạn. Bạn có muốn gửi câu hỏi này tới ${this.deps.settings.feedback.receiver} để cán bộ trả lời không?`, [
        { label: '📨 Gửi câu hỏi cho cán bộ', payload: payload.forwardQuestion },
        ...menuButton(),
      ]),
    ];
  }

  private showEntry(id: string, session: Session): Reply {
    const entry = this.byId.get(id);
    if (!entry) return this.menu();
    session.lastEntryId = id;
    session.flow = { kind: 'idle' };
    const r = entryReply(entry, this.deps.settings);
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
    if (!(category in CATEGORIES)) return this.menu();
    const entries = this.deps.engine.entries.filter((e) => e.category === category && !('imported' in e && e.imported));
    session.flow = { kind: 'choosing', options: entries.map((e) => e.id) };
    return reply(
      [{ heading: CATEGORIES[category], lines: [...entries.map((e, i) => `${i + 1}. ${e.title}`), 'Bạn chọn một thủ tục hoặc trả lời bằng số.'] }],
      [...entries.map((e, i) => ({ label: `${i + 1}. ${e.title}`, payload: payload.entry(e.id) })), ...menuButton()],
    );
  }

  private noAnswer(): Reply {
    const s = this.deps.settings;
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
