// The Zalo channel: translates Zalo messages to the conversation core and its replies
// back, nothing more. A personal account has no buttons, so buttons become numbered
// options and a typed number presses that option of the last reply in the same chat.
// Groups are ignored except the configured staff group, where Home Affairs staff answer
// feedback with /traloi and /trangthai. Logs carry no message text and no personal data.
import type { Conversation } from '../../conversation/conversation.ts';
import type { IncomingMessage } from '../../conversation/types.ts';
import type { FeedbackRepository } from '../../feedback/record.ts';
import { isStaffCommand, runStaffCommand } from '../../feedback/staff-commands.ts';
import { retryDelay } from '../../outbox/backoff.ts';
import type { OutboxPort } from '../../outbox/message.ts';
import { NumberedOptions } from '../numbered-options.ts';
import { CloseReason, ThreadType, type ZaloApiPort, type ZaloMessage } from './zalo-api.ts';
import { ZaloOutgoing } from './zalo-outgoing.ts';

export interface ZaloAdapterOptions {
  api: ZaloApiPort;
  conversation: Conversation;
  /** For staff commands in the staff group. */
  feedback: FeedbackRepository;
  outbox: OutboxPort;
  staffGroupId?: string;
  staffIds: readonly string[];
  /** Shared with the outbox destinations; a throttled one is made when absent. */
  outgoing?: ZaloOutgoing;
  log?: (line: string) => void;
  /** Wait before reconnecting after the `attempt`-th close in a row (≥ 1). */
  reconnectDelayMs?: (attempt: number) => number;
}

export type ZaloStopReason = 'stopped' | 'session-taken-over';

export interface ZaloHandle {
  /** Resolves when the channel stops for good: asked to, or another Zalo Web session took over. */
  readonly stopped: Promise<ZaloStopReason>;
  /** Stops listening and waits for the messages being handled. */
  stop(): Promise<void>;
  /** Resolves once the messages received so far are handled and answered. */
  settled(): Promise<void>;
}

const RECONNECT_BACKOFF = { initialMs: 2_000, maxMs: 5 * 60_000, factor: 2 };
/** Chats whose last options are remembered; the oldest are forgotten first. */
const MAX_REMEMBERED_THREADS = 10_000;

export function startZalo(options: ZaloAdapterOptions): ZaloHandle {
  return new ZaloAdapter(options).start();
}

class ZaloAdapter {
  private readonly outgoing: ZaloOutgoing;
  private readonly log: (line: string) => void;
  private readonly staffIds: Set<string>;
  private readonly options_ = new NumberedOptions(MAX_REMEMBERED_THREADS);
  /** Per chat: the message being handled, so a chat's messages are answered in order. */
  private readonly chains = new Map<string, Promise<void>>();
  private closesInARow = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private finished = false;
  private finish!: (reason: ZaloStopReason) => void;
  private readonly stopped = new Promise<ZaloStopReason>((resolve) => (this.finish = resolve));

  constructor(private readonly options: ZaloAdapterOptions) {
    this.outgoing = options.outgoing ?? new ZaloOutgoing();
    this.log = options.log ?? ((line) => console.error(line));
    this.staffIds = new Set(options.staffIds);
  }

  private readonly onMessage = (message: ZaloMessage) => {
    if (this.finished || message.isSelf) return;
    if (message.type === ThreadType.Group) {
      if (this.options.staffGroupId && message.threadId === this.options.staffGroupId) this.inThread(message.threadId, () => this.onStaffMessage(message));
      return;
    }
    this.inThread(message.threadId, () => this.onCitizenMessage(message));
  };

  private readonly onConnected = () => {
    this.closesInARow = 0;
    this.log('zalo: đã kết nối');
  };

  private readonly onError = (error: unknown) => {
    // The error's kind only: its message may quote what was received.
    this.log(`zalo: lỗi kết nối (${error instanceof Error ? error.name : typeof error})`);
  };

  private readonly onClosed = (code: number, reason: string) => {
    if (this.finished) return;
    if (code === CloseReason.DuplicateConnection || /another connection|duplicate/i.test(reason)) {
      this.log(
        'zalo: một phiên Zalo Web khác của tài khoản bot vừa mở (trình duyệt hoặc máy khác) nên Zalo đã ngắt phiên này. ' +
          'Kênh Zalo DỪNG, không tự kết nối lại để khỏi giành phiên qua lại: đóng phiên kia rồi khởi động lại bot.',
      );
      this.end('session-taken-over');
      return;
    }
    this.closesInARow++;
    const wait = this.options.reconnectDelayMs?.(this.closesInARow) ?? retryDelay(this.closesInARow, RECONNECT_BACKOFF, Math.random);
    this.log(`zalo: mất kết nối (mã ${code}), thử lại sau ${Math.round(wait / 1000)} giây (lần ${this.closesInARow})`);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.finished) return;
      try {
        this.options.api.listener.start();
      } catch (err) {
        this.onError(err);
        this.onClosed(CloseReason.AbnormalClosure, '');
      }
    }, wait);
  };

  start(): ZaloHandle {
    const { listener } = this.options.api;
    this.outgoing.attach(this.options.api);
    listener.on('message', this.onMessage);
    listener.on('connected', this.onConnected);
    listener.on('closed', this.onClosed);
    listener.on('error', this.onError);
    listener.start();
    return {
      stopped: this.stopped,
      stop: async () => {
        this.end('stopped');
        await Promise.allSettled([...this.chains.values()]);
      },
      settled: async () => {
        while (this.chains.size) await Promise.allSettled([...this.chains.values()]);
      },
    };
  }

  private end(reason: ZaloStopReason): void {
    if (this.finished) return;
    this.finished = true;
    clearTimeout(this.reconnectTimer);
    const { listener } = this.options.api;
    listener.off('message', this.onMessage);
    listener.off('connected', this.onConnected);
    listener.off('closed', this.onClosed);
    // Kept: an 'error' event without a listener would throw.
    if (reason === 'stopped') listener.stop();
    this.outgoing.detach();
    this.finish(reason);
  }

  /** Runs `task` after the chat's earlier messages; a failure is logged, never thrown. */
  private inThread(threadId: string, task: () => Promise<void>): void {
    const next = (this.chains.get(threadId) ?? Promise.resolve())
      .then(task)
      .catch((err: unknown) => this.log(`zalo: không xử lý được một tin nhắn (${err instanceof Error ? err.name : 'lỗi'})`));
    this.chains.set(threadId, next);
    void next.then(() => {
      if (this.chains.get(threadId) === next) this.chains.delete(threadId);
    });
  }

  private async onCitizenMessage(message: ZaloMessage): Promise<void> {
    const threadId = message.threadId;
    // Stickers, photos, files: the core answers an unreadable message with what to do.
    const text = typeof message.data.content === 'string' ? message.data.content : '';
    const typed = text.trim();
    const pressed = this.options_.pick(threadId, typed);
    void this.outgoing.typing(threadId, ThreadType.User);
    const incoming: IncomingMessage = {
      channel: 'zalo',
      userId: message.data.uidFrom,
      chatId: threadId,
      displayName: message.data.dName || undefined,
      input: pressed ? { kind: 'button', payload: pressed } : { kind: 'text', text },
    };
    const replies = await this.options.conversation.handle(incoming);
    for (const text of this.options_.render(threadId, replies)) await this.outgoing.send(threadId, ThreadType.User, text);
  }

  private async onStaffMessage(message: ZaloMessage): Promise<void> {
    const text = typeof message.data.content === 'string' ? message.data.content.trim() : '';
    const name = /^\/([a-z]+)\b/i.exec(text)?.[1]?.toLowerCase();
    const command = name && isStaffCommand(name) ? name : undefined;
    if (!command) return; // staff talking among themselves
    const say = (line: string) => this.outgoing.send(message.threadId, ThreadType.Group, line);
    const uid = message.data.uidFrom;
    if (!this.staffIds.has(uid)) {
      this.log(`zalo: từ chối lệnh /${command} của người không có trong ZALO_STAFF_IDS`);
      await say(`Bạn không có quyền dùng lệnh /${command}. Chỉ cán bộ được cấu hình (ZALO_STAFF_IDS) mới trả lời hoặc đổi trạng thái phản ánh.`);
      return;
    }
    const reply = await runStaffCommand(command, text.replace(/^\/\S+/, ''), { feedback: this.options.feedback, outbox: this.options.outbox, by: `zalo:${uid}` });
    await say(reply);
  }
}
