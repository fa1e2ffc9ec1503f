// The Zalo channel: translates Zalo messages to the conversation core and queues its
// replies in the reply outbox, nothing more. A personal account has no buttons, so buttons
// become numbered options and a typed number presses that option of the last reply in the
// same chat. Groups are ignored except the configured staff group, where Home Affairs
// staff answer feedback with /traloi and /trangthai. Logs carry no message text and no
// personal data.
import type { Conversation } from '../../conversation/conversation.ts';
import type { IncomingMessage } from '../../conversation/types.ts';
import type { FeedbackRepository } from '../../feedback/record.ts';
import { isStaffCommand, runStaffCommand } from '../../feedback/staff-commands.ts';
import { retryDelay } from '../../outbox/backoff.ts';
import type { NewOutboxMessage, OutboxPort } from '../../outbox/message.ts';
import { MemoryOptions, NumberedOptions } from '../numbered-options.ts';
import { ConnectionHealth, type CloseVerdict } from './connection-health.ts';
import { LOGIN_HINT } from './credentials.ts';
import { describeZaloError } from './zalo-error.ts';
import { sessionDeadAlerts } from './session-alert.ts';
import type { ZaloStopReason } from './stop-reason.ts';
import { ThreadType, type ZaloApiPort, type ZaloMessage } from './zalo-api.ts';
import { ZALO_REPLY_DESTINATION } from './zalo-destinations.ts';
import { ZaloOutgoing } from './zalo-outgoing.ts';

export type { ZaloStopReason };

export interface ZaloAdapterOptions {
  api: ZaloApiPort;
  /** Numbered options shared with the citizen route (zaloCitizenRoute), so a number typed back picks a choice a notice offered (the satisfaction question, an announcement's "Hủy nhận tin"). */
  numbered?: NumberedOptions;
  conversation: Conversation;
  /** For staff commands in the staff group. */
  feedback: FeedbackRepository;
  /** Notifications: staff answers (via staff commands) and the alert when the session dies. */
  outbox: OutboxPort;
  /** The reply outbox: the bot's replies to citizens are queued there, to the 'reply-zalo' destination. */
  replies: OutboxPort;
  /** Names of the staff destinations of `outbox`, told when the session dies. */
  staffDestinations?: readonly string[];
  staffGroupId?: string;
  /** In a deployment serving several units: unit id → its staff group, acting on that unit's records only. */
  unitGroups?: () => ReadonlyMap<string, string>;
  staffIds: readonly string[];
  /** Shared with the outbox destinations; a throttled one is made when absent. */
  outgoing?: ZaloOutgoing;
  /** Keeps the saved session current while running; saved one last time when the channel stops. */
  session?: { start(): void; stop(): Promise<unknown> };
  log?: (line: string) => void;
  /** Wait before reconnecting after the `attempt`-th close in a row (≥ 1). */
  reconnectDelayMs?: (attempt: number) => number;
  /** Closes in a row, never connected, before the session is taken for dead. */
  closesBeforeSessionDead?: number;
  now?: () => Date;
}

export interface ZaloHandle {
  /** Resolves when the channel stops for good: asked to, or the session was taken over, kicked or died. */
  readonly stopped: Promise<ZaloStopReason>;
  /** Stops listening, waits for the messages being handled and saves the session. */
  stop(): Promise<void>;
  /** Resolves once the messages received so far are handled and their replies queued. */
  settled(): Promise<void>;
}

const RECONNECT_BACKOFF = { initialMs: 2_000, maxMs: 5 * 60_000, factor: 2 };
/** Chats whose last options are remembered; the oldest are forgotten first. */
const MAX_REMEMBERED_THREADS = 10_000;

const STOP_LOG: Record<Exclude<ZaloStopReason, 'stopped'>, string> = {
  'session-taken-over':
    'zalo: một phiên Zalo Web khác của tài khoản bot vừa mở (trình duyệt hoặc máy khác) nên Zalo đã ngắt phiên này (mã 3000). ' +
    'Kênh Zalo DỪNG, không tự kết nối lại để khỏi giành phiên qua lại: đóng phiên kia rồi khởi động lại bot.',
  'session-kicked':
    'zalo: tài khoản bot vừa đăng nhập ở nơi khác (ứng dụng Zalo trên máy tính, hoặc Zalo Web trên một trình duyệt khác) nên Zalo đã đẩy phiên này ra (mã 3003). ' +
    `Kênh Zalo DỪNG, không tự kết nối lại: đăng xuất Zalo ở nơi kia rồi khởi động lại bot; nếu phiên của bot đã bị đăng xuất hẳn, chạy ${LOGIN_HINT}.`,
  'session-dead': `zalo: phiên Zalo đã hết hạn hoặc bị đăng xuất: chạy ${LOGIN_HINT}, rồi khởi động lại bot. Kênh Zalo DỪNG, không tự kết nối lại.`,
};

/** The numbered options of Zalo chats, in this process: for the adapter and the citizen route to share. */
export const zaloNumberedOptions = () => new NumberedOptions(new MemoryOptions(MAX_REMEMBERED_THREADS));

export function startZalo(options: ZaloAdapterOptions): ZaloHandle {
  return new ZaloAdapter(options).start();
}

class ZaloAdapter {
  private readonly outgoing: ZaloOutgoing;
  private readonly log: (line: string) => void;
  private readonly staffIds: Set<string>;
  private readonly numbered: NumberedOptions;
  private readonly health: ConnectionHealth;
  /** Per chat: the message being handled, so a chat's messages are answered in order. */
  private readonly chains = new Map<string, Promise<void>>();
  private reconnectTimer: NodeJS.Timeout | undefined;
  private finished = false;
  private finish!: (reason: ZaloStopReason) => void;
  private readonly stopped = new Promise<ZaloStopReason>((resolve) => (this.finish = resolve));

  constructor(private readonly options: ZaloAdapterOptions) {
    this.numbered = options.numbered ?? zaloNumberedOptions();
    this.outgoing = options.outgoing ?? new ZaloOutgoing();
    this.log = options.log ?? ((line) => console.error(line));
    this.staffIds = new Set(options.staffIds);
    this.health = new ConnectionHealth(options.closesBeforeSessionDead);
  }

  private readonly onMessage = (message: ZaloMessage) => {
    // zca-js drops the account's own messages (selfListen off); checked again all the same.
    if (this.finished || message.isSelf) return;
    if (message.type === ThreadType.Group) {
      if (message.threadId === this.options.staffGroupId || this.unitOfGroup(message.threadId)) this.inThread(message.threadId, () => this.onStaffMessage(message));
      return;
    }
    this.inThread(message.threadId, () => this.onCitizenMessage(message));
  };

  /** The unit whose staff group this is; undefined for the deployment's own group. */
  private unitOfGroup(threadId: string): string | undefined {
    for (const [unit, group] of this.options.unitGroups?.() ?? []) if (group === threadId) return unit;
    return undefined;
  }

  private readonly onConnected = () => {
    this.health.connected();
    this.log('zalo: đã kết nối');
  };

  private readonly onError = (error: unknown) => {
    // Still listened to after the end: an 'error' event without a listener would throw.
    if (this.finished) return;
    const info = describeZaloError(error);
    this.health.error(info);
    this.log(`zalo: lỗi kết nối: ${info.text}`);
  };

  private readonly onClosed = (code: number, reason: string) => {
    if (this.finished) return;
    const verdict = this.health.closed(code, reason);
    if (verdict.action === 'stop') {
      this.log(stopLine(verdict));
      this.end(verdict.reason);
      return;
    }
    const wait = this.options.reconnectDelayMs?.(verdict.attempt) ?? retryDelay(verdict.attempt, RECONNECT_BACKOFF, Math.random);
    this.log(`zalo: mất kết nối (mã ${code}), thử lại sau ${Math.round(wait / 1000)} giây (lần ${verdict.attempt})`);
    this.reconnectTimer = setTimeout(() => this.reconnect(), wait);
  };

  private reconnect(): void {
    this.reconnectTimer = undefined;
    if (this.finished) return;
    try {
      this.options.api.listener.start();
    } catch (err) {
      // zca-js says so when its own socket is still open: it will report that socket's close.
      if ((err as Error | undefined)?.message === 'Already started') return;
      this.onError(err);
      this.onClosed(1006, '');
    }
  }

  start(): ZaloHandle {
    const { listener } = this.options.api;
    this.outgoing.attach(this.options.api);
    listener.on('message', this.onMessage);
    listener.on('connected', this.onConnected);
    listener.on('closed', this.onClosed);
    listener.on('error', this.onError);
    this.options.session?.start();
    listener.start();
    return {
      stopped: this.stopped,
      stop: async () => {
        this.end('stopped');
        await Promise.allSettled([...this.chains.values()]);
        await this.stopped;
      },
      settled: async () => {
        while (this.chains.size) await Promise.allSettled([...this.chains.values()]);
      },
    };
  }

  /** Stops for good; `stopped` resolves once the session is saved and, if it died, staff are alerted. */
  private end(reason: ZaloStopReason): void {
    if (this.finished) return;
    this.finished = true;
    clearTimeout(this.reconnectTimer);
    const { listener } = this.options.api;
    listener.off('message', this.onMessage);
    listener.off('connected', this.onConnected);
    listener.off('closed', this.onClosed);
    if (reason === 'stopped') listener.stop();
    this.outgoing.detach();
    void Promise.allSettled([this.options.session?.stop(), reason === 'session-dead' ? this.alertStaff() : undefined]).then(() => this.finish(reason));
  }

  private async alertStaff(): Promise<void> {
    const alerts = sessionDeadAlerts(this.options.staffDestinations ?? [], this.options.now?.() ?? new Date());
    try {
      await this.options.outbox.enqueue(alerts);
    } catch (err) {
      this.log(`zalo: không xếp được thông báo "kênh Zalo đã dừng" cho cán bộ vào hàng gửi (${err instanceof Error ? err.message : 'lỗi'})`);
    }
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
    const pressed = await this.numbered.pick(threadId, typed);
    void this.outgoing.typing(threadId, ThreadType.User);
    const to = { channel: 'zalo' as const, chatId: threadId, userId: String(message.data.uidFrom) };
    const incoming: IncomingMessage = {
      channel: 'zalo',
      userId: to.userId,
      chatId: threadId,
      displayName: message.data.dName || undefined,
      input: pressed ? { kind: 'button', payload: pressed } : { kind: 'text', text },
    };
    const replies = await this.options.conversation.handle(incoming);
    // Ids from the message answered: Zalo redelivering it queues nothing twice.
    const msgId = String(message.data.msgId ?? '');
    const queued: NewOutboxMessage[] = (await this.numbered.render(threadId, replies)).map((reply, i) => ({
      ...(msgId ? { id: `zalo:${msgId}:${i + 1}` } : {}),
      destination: ZALO_REPLY_DESTINATION,
      kind: 'reply',
      to,
      text: reply,
    }));
    if (queued.length) await this.options.replies.enqueue(queued);
  }

  private async onStaffMessage(message: ZaloMessage): Promise<void> {
    const text = typeof message.data.content === 'string' ? message.data.content.trim() : '';
    const name = /^\/([a-z]+)\b/i.exec(text)?.[1]?.toLowerCase();
    const command = name && isStaffCommand(name) ? name : undefined;
    if (!command) return; // staff talking among themselves
    const uid = String(message.data.uidFrom);
    if (!this.staffIds.has(uid)) {
      this.log(`zalo: từ chối lệnh /${command} của người không có trong ZALO_STAFF_IDS`);
      await this.tellStaffGroup(message.threadId, command, `Bạn không có quyền dùng lệnh /${command}. Chỉ cán bộ được cấu hình (ZALO_STAFF_IDS) mới trả lời hoặc đổi trạng thái phản ánh.`);
      return;
    }
    const reply = await runStaffCommand(command, text.replace(/^\/\S+/, ''), {
      feedback: this.options.feedback,
      outbox: this.options.outbox,
      by: `zalo:${uid}`,
      unit: this.unitOfGroup(message.threadId),
    });
    await this.tellStaffGroup(message.threadId, command, reply);
  }

  /**
   * The answer to a staff command, sent straight to the group: the command has already
   * done its work, so a lost acknowledgement is logged (staff can check with /trangthai).
   */
  private async tellStaffGroup(groupId: string, command: string, text: string): Promise<void> {
    try {
      await this.outgoing.send(groupId, ThreadType.Group, text);
    } catch (err) {
      this.log(`zalo: không gửi được phản hồi lệnh /${command} vào nhóm cán bộ (${describeZaloError(err).text})`);
    }
  }
}

function stopLine(verdict: Extract<CloseVerdict, { action: 'stop' }>): string {
  const line = STOP_LOG[verdict.reason];
  if (verdict.cause === 'refused') return `${line} (Zalo từ chối kết nối: ${verdict.detail})`;
  if (verdict.cause === 'never-connected') return `${line} (kết nối bị đóng nhiều lần liên tiếp mà chưa lần nào thông${verdict.detail ? `; lỗi cuối: ${verdict.detail}` : ''})`;
  return line;
}
