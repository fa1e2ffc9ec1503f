// The channel-independent conversation: a citizen's message in, the bot's replies out.
// It answers from the knowledge base (answering.ts), walks the citizen through sending
// feedback to Home Affairs (feedback-flow.ts) and looking it up (status-lookup.ts).
// Channels call respond() or handle(); everything they pass is treated as untrusted.
import { citizenKey } from '../address/address.ts';
import type { AnnouncementStore } from '../announcements/store.ts';
import type { FailedAttempts } from '../attempts/failed-attempts.ts';
import type { FeedbackRepository } from '../feedback/record.ts';
import type { DocumentRegistry } from '../knowledge/documents.ts';
import type { Casework } from '../feedback/deadlines.ts';
import type { AttachmentStore } from '../feedback/attachments.ts';
import type { Reading } from '../knowledge/reading.ts';
import { CATEGORIES, type Category, type Settings } from '../knowledge/schema.ts';
import { vietnamDate } from '../time/vietnam-calendar.ts';
import type { OutboxPort } from '../outbox/message.ts';
import type { SearchEngine } from '../search/engine.ts';
import { commandWordOf } from '../search/command-words.ts';
import { foldText } from '../search/normalize.ts';
import { Answers } from './answering.ts';
import { detailsReply } from './entry-replies.ts';
import { FeedbackFlow } from './feedback-flow.ts';
import { DETAIL_PARTS, menuButton, payload, type DetailPart } from './payloads.ts';
import { MESSAGE_LIMIT, MessageLimit, SUBMISSIONS_PER_DAY, verdictOf, type MessageVerdict } from './rate-limits.ts';
import { newSession, type Session, type SessionStore } from './session.ts';
import { StatusLookup, TRACKING_CODE_IN_TEXT } from './status-lookup.ts';
import { type IncomingMessage, type Reply, reply, type Turn, type TurnHooks } from './types.ts';
import { SubscriptionFlow } from './subscription-flow.ts';
import { UnitChoice } from './unit-choice.ts';
import { Rating } from './rating.ts';
import type { UnitDirectory } from './units.ts';
import { cleanUserText, MAX_MESSAGE_CHARS } from './user-text.ts';

/** What the conversation reads of the knowledge: whatever is current (it is reloaded while the bot runs). */
export interface KnowledgeView {
  engine: SearchEngine;
  settings: Settings;
  units: UnitDirectory;
  documents: DocumentRegistry;
  /** The working-day calendar and the time limits a new record's deadline comes from. */
  casework?: Casework;
}

export interface ConversationDeps {
  knowledge: () => KnowledgeView;
  feedback: FeedbackRepository;
  /** Where the photos citizens add to a feedback are kept; without it, photos are declined. */
  attachments?: AttachmentStore;
  outbox: OutboxPort;
  sessions: SessionStore;
  /** Outbox destinations that receive forwarded feedback: Home Affairs' chats, a local file. */
  staffDestinations: readonly string[];
  messageLimit?: MessageLimit;
  /** Wrong phone digits per tracking code (see status-lookup.ts), counted in the store. */
  trackingCodeFailures: FailedAttempts;
  submissionsPerDay?: number;
  now?: () => Date;
  /** Subscriptions to announcements; without it the bot neither offers nor takes them. */
  announcements?: AnnouncementStore;
}

/** Platform message ids a session remembers: more than a platform has in flight for one chat. */
const SEEN_KEPT = 5;
/** Entries a session remembers having been rated. */
const RATED_KEPT = 100;
const CANCEL_WORDS = new Set(['huy', 'huy bo', 'thoi', 'dung', 'cancel', 'stop']);

/** A message typed at this step is a name, a phone, an address or phone digits. */
const typedPersonal = (flow: Session['flow']) => (flow.kind === 'feedback' && (flow.step === 'name' || flow.step === 'contact' || flow.editing === true)) || flow.kind === 'verify';
/** A reply at this step shows what the citizen gave (the summary before sending). */
const showsPersonal = (flow: Session['flow']) => flow.kind === 'feedback' && (flow.step === 'confirm' || flow.editing === true);

/** What a turn records as it goes: the engine's decision, when it was asked. */
interface TurnNotes {
  decision: Turn['decision'];
}

export class Conversation {
  private readonly limit: MessageLimit;
  private readonly now: () => Date;
  private readonly answers: Answers;
  private readonly feedbackFlow: FeedbackFlow;
  private readonly status: StatusLookup;
  private readonly unitChoice: UnitChoice;
  private readonly subscriptions: SubscriptionFlow | undefined;
  private readonly rating: Rating;

  constructor(private readonly deps: ConversationDeps) {
    this.limit = deps.messageLimit ?? new MessageLimit();
    this.now = deps.now ?? (() => new Date());
    const engine = () => deps.knowledge().engine;
    // Read from the session each time: turns of different citizens, of different units, interleave.
    const settings = (session: Session) => this.settingsOf(session);
    this.unitChoice = new UnitChoice(() => deps.knowledge().units);
    this.status = new StatusLookup(deps.feedback, deps.trackingCodeFailures, this.now);
    this.subscriptions = deps.announcements && new SubscriptionFlow(deps.announcements, this.now);
    this.rating = new Rating(deps.feedback);
    this.answers = new Answers({ engine, settings, reading: (session) => this.readingOf(session), feedback: deps.feedback, now: this.now });
    this.feedbackFlow = new FeedbackFlow({
      engine,
      settings,
      feedback: deps.feedback,
      outbox: deps.outbox,
      staffDestinations: deps.staffDestinations,
      submissionsPerDay: deps.submissionsPerDay ?? SUBMISSIONS_PER_DAY,
      now: this.now,
      casework: () => deps.knowledge().casework,
      attachments: deps.attachments,
    });
  }

  private get engine(): SearchEngine {
    return this.deps.knowledge().engine;
  }

  /** The settings answers are filled from: the citizen's unit's. */
  private settingsOf(session: Session): Settings {
    return this.deps.knowledge().units.settingsOf(session.unit);
  }

  /** How entries read in this turn: the citizen's unit's settings, today's facts. */
  private readingOf(session: Session): Reading {
    return { settings: this.settingsOf(session), documents: this.deps.knowledge().documents, today: vietnamDate(this.now().getTime()) };
  }

  /** The replies to one message; none when a flooding citizen has already been told to slow down. */
  async handle(message: IncomingMessage, hooks?: TurnHooks): Promise<Reply[]> {
    return (await this.respond(message, hooks)).replies;
  }

  /** The replies, with what they answer: for tools that check the bot (`converse --json`). */
  async respond(message: IncomingMessage, hooks: TurnHooks = {}): Promise<Turn> {
    const key = citizenKey(message);
    const now = this.now();
    const { verdict, session } = await this.begin(key, message, now);
    const notes: TurnNotes = { decision: null };
    const turn = (replies: Reply[], personal: Turn['personal'] = { input: false, replies: false }): Turn => ({
      replies,
      decision: notes.decision,
      answered: replies.find((r) => r.about)?.about ?? null,
      personal,
    });
    if (verdict !== 'ok' || !session) {
      const replies = verdict === 'notice' ? [reply('Bạn gửi tin nhắn hơi nhanh. Vui lòng chờ khoảng một phút rồi gửi tiếp nhé.')] : [];
      await hooks.beforeSave?.(replies);
      return turn(replies);
    }
    const before = JSON.stringify(session);
    // Read before the turn: the flow is changed in place as it moves on.
    const typed = typedPersonal(session.flow);
    let replies: Reply[];
    // Handled already (its replies were queued before the session was saved): a replica
    // that died after the one and before telling the platform, which delivered it again.
    if (message.id !== undefined && session.seen?.includes(message.id)) replies = [];
    else {
      const unitBefore = session.unit;
      const step = this.unitChoice.step(message, session);
      if (step?.done) replies = step.replies;
      else {
        const input = step ? { ...message, input: step.input } : message;
        replies = [...(step?.replies ?? []), ...(await this.dispatch(input, session, notes))];
      }
      const to = { channel: message.channel, chatId: message.chatId, userId: message.userId };
      if (unitBefore && session.unit !== unitBefore) await this.subscriptions?.moved(to, session.unit);
      if (notes.decision === 'answer' && !message.transient) await this.subscriptions?.offer(replies, session, to);
    }
    if (message.id !== undefined && !session.seen?.includes(message.id)) session.seen = [...(session.seen ?? []), message.id].slice(-SEEN_KEPT);
    await hooks.beforeSave?.(replies);
    // A citizen the channel cannot recognise again keeps nothing; an unchanged session needs no write.
    if (!message.transient && JSON.stringify(session) !== before) await this.deps.sessions.save(key, session, now);
    return turn(replies, { input: typed, replies: showsPersonal(session.flow) });
  }

  /**
   * The message counted against the citizen's limit, and their session when within it: in
   * one call when the store can (a database round trip), else the limiter then the store.
   * A transient citizen (see IncomingMessage.transient) is neither counted nor looked up.
   */
  private async begin(key: string, message: IncomingMessage, now: Date): Promise<{ verdict: MessageVerdict; session?: Session }> {
    if (message.transient) return { verdict: 'ok', session: newSession(now) };
    const { sessions } = this.deps;
    // A store that can count does so where its message limiter counts (the same table, the same keys).
    if (sessions.countAndGet) {
      const { consumed, session } = await sessions.countAndGet(key, now, MESSAGE_LIMIT);
      return { verdict: verdictOf(consumed, MESSAGE_LIMIT.points), session };
    }
    const verdict = await this.limit.check(key);
    return verdict === 'ok' ? { verdict, session: await sessions.get(key, now) } : { verdict };
  }

  private async dispatch(message: IncomingMessage, session: Session, notes: TurnNotes): Promise<Reply[]> {
    if (message.input.kind === 'open') return this.onOpen(session, message.input.returning === true);
    if (message.input.kind === 'button') return this.onButton(message.input.payload, session, message);
    if (message.input.kind === 'image' || message.input.kind === 'location') return this.feedbackFlow.attachments.onInput(message.input, session);
    const { text, truncated } = cleanUserText(message.input.text);
    const notice = truncated ? [reply(`Tin nhắn dài quá ${MAX_MESSAGE_CHARS} ký tự nên bot chỉ đọc phần đầu.`)] : [];
    return [...notice, ...(await this.onText(text, session, message, notes))];
  }

  /** A greeting, or, in the middle of a feedback, where the citizen left off. */
  private onOpen(session: Session, returning: boolean): Reply[] {
    if (session.flow.kind !== 'feedback') return returning ? [] : [this.answers.showEntry('smalltalk.greeting', session)];
    return [reply('Bạn đang gửi dở một phản ánh, kiến nghị. Bạn tiếp tục nhé (gõ "hủy" để bỏ).'), this.feedbackFlow.prompt(session.flow, this.settingsOf(session))];
  }

  /** Payloads come back from the citizen's client: anything not offered gets the menu. */
  private async onButton(data: string, session: Session, message: IncomingMessage): Promise<Reply[]> {
    const [kind, a = '', b = ''] = data.split(':');
    switch (kind) {
      case 'menu':
        session.flow = { kind: 'idle' };
        return [this.answers.menu()];
      case 'cat':
        return [Object.hasOwn(CATEGORIES, a) ? this.answers.category(a as Category, session) : this.answers.menu()];
      case 'entry':
        return [this.answers.showEntry(a, session)];
      case 'full':
        return [this.answers.showEntry(a, session, [], '', 'full')];
      case 'more': {
        const entry = this.engine.entry(b);
        if (!entry || !(DETAIL_PARTS as readonly string[]).includes(a)) return [this.answers.menu()];
        return [{ ...detailsReply(entry, a as DetailPart, this.readingOf(session), (id) => this.engine.entry(id)?.title), about: entry.id }];
      }
      case 'rate':
        return a === 'yes' || a === 'no' ? this.rate(a === 'yes', b, session, message) : [this.answers.menu()];
      case 'cancel':
        return [this.cancel(session)];
      case 'status':
        session.flow = { kind: 'status' };
        return [reply('Bạn hãy nhập mã theo dõi phản ánh (ví dụ PA-K7M3QX):', [{ label: 'Hủy', payload: payload.cancel }])];
      case 'fb':
        return this.feedbackFlow.onButton(data.slice('fb:'.length), session, message);
      case 'sub':
        return a === 'on' || a === 'off' ? [await this.subscription(a === 'on' ? 'subscribe' : 'unsubscribe', session, message)] : [this.answers.menu()];
      case 'sat':
      case 'sat-skip':
        return this.rating.onButton(data, session, message);
      default:
        return [this.answers.menu()];
    }
  }

  private async onText(text: string, session: Session, message: IncomingMessage, notes: TurnNotes): Promise<Reply[]> {
    const folded = foldText(text);
    if (!folded) return [reply('Bot chỉ đọc được tin nhắn chữ. Bạn hãy gõ câu hỏi, ví dụ "làm giấy khai sinh cần gì".', menuButton())];
    const command = /^\/([a-z]+)(?:@\w+)?\s*(.*)$/is.exec(text);
    if (command) return this.onCommand(command[1]!.toLowerCase(), command[2]!.trim(), session, message);
    if (CANCEL_WORDS.has(folded) && session.flow.kind !== 'idle') return [this.cancel(session)];
    // At once, whatever is under way: these phrases mean nothing else.
    const word = commandWordOf(folded);
    if (word === 'subscribe' || word === 'unsubscribe') return [await this.subscription(word, session, message)];

    switch (session.flow.kind) {
      case 'feedback':
        return this.feedbackFlow.onText(text, session, message);
      case 'rating-comment':
        return this.rating.onComment(text, session);
      case 'status':
        return [await this.status.lookUp(text, session, message)];
      case 'verify': {
        const verified = await this.status.verify(text, session);
        if (verified) return [verified];
        break;
      }
      case 'choosing': {
        const pick = /^\d{1,2}$/.test(text) ? session.flow.options[Number(text) - 1] : undefined;
        if (pick) return [this.answers.showEntry(pick, session)];
        break;
      }
    }
    if (TRACKING_CODE_IN_TEXT.test(text)) return [await this.status.lookUp(text, session, message)];
    switch (commandWordOf(folded)) {
      case 'menu':
        return this.onButton(payload.menu, session, message);
      case 'start':
        return this.onCommand('start', '', session, message);
      case 'cancel':
        return [reply('Không có việc gì đang làm dở để hủy. Bạn cần hỏi gì cứ nhắn nhé.', menuButton())];
      case 'ack':
        return [reply('Dạ. Bạn cần hỏi gì thêm cứ nhắn nhé.', menuButton())];
    }
    return this.answers.answer(text, session, message, notes);
  }

  private async onCommand(name: string, rest: string, session: Session, message: IncomingMessage): Promise<Reply[]> {
    switch (name) {
      case 'start':
        session.flow = { kind: 'idle' };
        return [this.answers.showEntry('smalltalk.greeting', session)];
      case 'menu':
        return this.onButton(payload.menu, session, message);
      case 'help':
      case 'trogiup':
        return [this.answers.showEntry('smalltalk.help', session)];
      case 'phananh':
        return this.feedbackFlow.start(session);
      case 'tracuu':
        return rest ? [await this.status.lookUp(rest, session, message)] : this.onButton(payload.statusLookup, session, message);
      case 'huy':
        return [this.cancel(session)];
      case 'dangky':
        return [await this.subscription('subscribe', session, message)];
      case 'huydangky':
        return [await this.subscription('unsubscribe', session, message)];
      default:
        return [reply('Bot chưa hiểu lệnh này. Các lệnh: /menu, /phananh (gửi phản ánh), /tracuu MÃ (tra cứu phản ánh), /dangky (nhận tin), /huydangky (thôi nhận tin), /help.', menuButton())];
    }
  }

  private async subscription(word: 'subscribe' | 'unsubscribe', session: Session, message: IncomingMessage): Promise<Reply> {
    if (!this.subscriptions) return reply('Bot này chưa gửi tin tuyên truyền. Bạn cần hỏi gì cứ nhắn nhé.', menuButton());
    const to = { channel: message.channel, chatId: message.chatId, userId: message.userId };
    return word === 'subscribe' ? this.subscriptions.subscribe(session, to, this.settingsOf(session).unit.name) : this.subscriptions.unsubscribe(to);
  }

  private cancel(session: Session): Reply {
    const wasBusy = session.flow.kind !== 'idle';
    session.flow = { kind: 'idle' };
    return reply(wasBusy ? 'Đã hủy. Bạn cần hỏi gì thêm cứ nhắn nhé.' : 'Không có việc gì đang làm dở để hủy. Bạn cần hỏi gì cứ nhắn nhé.', menuButton());
  }

  private async rate(helpful: boolean, entryId: string, session: Session, message: IncomingMessage): Promise<Reply[]> {
    const entry = this.engine.entry(entryId);
    if (!entry) return [this.answers.menu()];
    // One rating per citizen and entry: pressing the button again counts nothing more.
    const again = session.rated?.includes(entryId) ?? false;
    if (!again) session.rated = [...(session.rated ?? []), entryId].slice(-RATED_KEPT);
    if (helpful || again) return [reply(again ? 'Bạn đã đánh giá mục này rồi. Cảm ơn bạn! Bạn cần hỏi gì thêm cứ nhắn nhé.' : 'Cảm ơn bạn đã đánh giá! Bạn cần hỏi gì thêm cứ nhắn nhé.', menuButton())];
    const query = session.lastQuestion?.text ?? entry.title;
    const candidates = session.lastQuestion?.candidates ?? [{ id: entryId, score: 1 }];
    session.lastQuestion = { text: query, candidates };
    await this.answers.logUnanswered(query, 'not-helpful', candidates, message, session.unit);
    return [
      reply(`Xin lỗi vì câu trả lời chưa giúp được bạn. Bạn có muốn gửi câu hỏi này tới ${this.settingsOf(session).feedback.receiver} để cán bộ trả lời không?`, [
        { label: '📨 Gửi câu hỏi cho cán bộ', payload: payload.forwardQuestion },
        ...menuButton(),
      ]),
    ];
  }
}
