// A fake Telegram Bot API on 127.0.0.1 for running the real telegraf against: scripted
// getUpdates, every call recorded (method + parsed JSON body), scripted error answers.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ApiCall {
  method: string;
  body: Record<string, any>;
  /** The HTTP status answered. */
  status: number;
}

export interface SentMessage {
  message_id: number;
  date: number;
  chat: { id: number; type: string };
  from: { id: number; is_bot: true; first_name: string; username: string };
  text: string;
  reply_markup?: { inline_keyboard: { text: string; callback_data: string }[][] };
  /** When the fake took it (epoch ms). */
  at: number;
}

/** Telegram's own limits, enforced as Telegram does: a 429 with retry_after for a send over them. */
export interface FakeLimits {
  perChatMs: number;
  globalPerSecond: number;
}

export const FAKE_BOT = { id: 999_000, is_bot: true as const, first_name: 'TTHC', username: 'tthc_test_bot' };
export const FAKE_TOKEN = '123456:TEST-token_abcdefghijklmnop';

interface ScriptedError {
  status: number;
  description: string;
  retryAfter?: number;
  count: number;
}

export class FakeTelegramApi {
  readonly calls: ApiCall[] = [];
  /** Messages sent successfully, in order. */
  readonly sent: SentMessage[] = [];
  private readonly server: Server;
  private updates: Record<string, any>[] = [];
  private nextUpdateId = 1;
  private nextMessageId = 1;
  private readonly errors = new Map<string, ScriptedError>();
  private waiters: (() => void)[] = [];
  /** Chats whose user blocked the bot: a send answers 403. */
  readonly blocked = new Set<number>();
  /** 429s answered for sends over the limits. */
  tooFast = 0;
  private limits: FakeLimits | undefined;
  private readonly lastToChat = new Map<number, number>();
  private recent: number[] = [];
  /** Files the fake holds (photos citizens "sent"), by file_id: served by getFile and /file/bot<token>/<path>. */
  private readonly files = new Map<string, Buffer>();
  /** How many file downloads were asked for. */
  downloads = 0;

  private constructor() {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  static async start(options: { limits?: FakeLimits } = {}): Promise<FakeTelegramApi> {
    const api = new FakeTelegramApi();
    api.limits = options.limits;
    await new Promise<void>((resolve) => api.server.listen(0, '127.0.0.1', resolve));
    return api;
  }

  get apiRoot(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Queues an update for getUpdates; returns it with its update_id. */
  push(update: Record<string, any>): Record<string, any> {
    const full = { update_id: this.nextUpdateId++, ...update };
    this.updates.push(full);
    for (const wake of this.waiters.splice(0)) wake();
    return full;
  }

  /** The next `count` calls of `method` answer with an error. */
  failNext(method: string, count: number, error: { status: 429; retryAfter: number } | { status: 500 } | { status: 401 }): void {
    const descriptions = { 401: 'Unauthorized', 429: `Too Many Requests: retry after ${'retryAfter' in error ? error.retryAfter : 0}`, 500: 'Internal Server Error' };
    this.errors.set(method, {
      status: error.status,
      description: descriptions[error.status],
      retryAfter: 'retryAfter' in error ? error.retryAfter : undefined,
      count,
    });
  }

  /** Makes a file available as if a citizen had uploaded it; returns its file_id. */
  addFile(data: Buffer, id = `file-${this.files.size + 1}`): string {
    this.files.set(id, data);
    return id;
  }

  callsOf(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  sentTo(chatId: number): SentMessage[] {
    return this.sent.filter((m) => m.chat.id === chatId);
  }

  async close(): Promise<void> {
    for (const wake of this.waiters.splice(0)) wake();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const download = /^\/file\/bot[^/]+\/files\/(.+)$/.exec(req.url ?? '');
    if (req.method === 'GET' && download) {
      this.downloads++;
      const data = this.files.get(decodeURIComponent(download[1]!));
      if (!data) return this.answer(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': data.length });
      return void res.end(data);
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body = raw ? (JSON.parse(raw) as Record<string, any>) : {};
    const method = /\/bot[^/]+\/(\w+)$/.exec(req.url ?? '')?.[1] ?? '?';
    const scripted = this.errors.get(method);
    if (scripted && scripted.count > 0) {
      scripted.count--;
      this.calls.push({ method, body, status: scripted.status });
      return this.answer(res, scripted.status, {
        ok: false,
        error_code: scripted.status,
        description: scripted.description,
        ...(scripted.retryAfter !== undefined ? { parameters: { retry_after: scripted.retryAfter } } : {}),
      });
    }
    const result = await this.result(method, body);
    if (result && typeof result === 'object' && 'error' in result) {
      const e = result as { error: number; description: string; retryAfter?: number };
      this.calls.push({ method, body, status: e.error });
      return this.answer(res, e.error, { ok: false, error_code: e.error, description: e.description, ...(e.retryAfter ? { parameters: { retry_after: e.retryAfter } } : {}) });
    }
    this.calls.push({ method, body, status: 200 });
    if (result === undefined) return this.answer(res, 404, { ok: false, error_code: 404, description: `Not Found: method ${method}` });
    return this.answer(res, 200, { ok: true, result });
  }

  private async result(method: string, body: Record<string, any>): Promise<unknown> {
    switch (method) {
      case 'getMe':
        return FAKE_BOT;
      case 'getUpdates': {
        const offset = Number(body.offset ?? 0);
        this.updates = this.updates.filter((u) => u.update_id >= offset);
        if (!this.updates.length && body.limit !== 1) await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 100);
          this.waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
        return this.updates.filter((u) => u.update_id >= offset);
      }
      case 'sendMessage': {
        const chatId = Number(body.chat_id);
        if (this.blocked.has(chatId)) return { error: 403, description: 'Forbidden: bot was blocked by the user' };
        const now = Date.now();
        if (this.limits) {
          this.recent = this.recent.filter((t) => t > now - 1_000);
          const last = this.lastToChat.get(chatId);
          if (this.recent.length >= this.limits.globalPerSecond || (last !== undefined && now - last < this.limits.perChatMs)) {
            this.tooFast++;
            return { error: 429, description: 'Too Many Requests: retry after 1', retryAfter: 1 };
          }
          this.recent.push(now);
          this.lastToChat.set(chatId, now);
        }
        const message: SentMessage = {
          message_id: this.nextMessageId++,
          date: Math.floor(Date.now() / 1000),
          chat: { id: chatId, type: chatId < 0 ? 'supergroup' : 'private' },
          from: FAKE_BOT,
          text: String(body.text),
          ...(body.reply_markup ? { reply_markup: body.reply_markup } : {}),
          at: now,
        };
        this.sent.push(message);
        return message;
      }
      case 'getFile': {
        const data = this.files.get(String(body.file_id));
        return data && { file_id: body.file_id, file_unique_id: `u-${body.file_id}`, file_size: data.length, file_path: `files/${body.file_id}` };
      }
      case 'sendChatAction':
      case 'answerCallbackQuery':
      case 'setMyCommands':
      case 'deleteWebhook':
      case 'setWebhook':
        return true;
      default:
        return undefined;
    }
  }

  private answer(res: ServerResponse, status: number, payload: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(payload));
  }
}
