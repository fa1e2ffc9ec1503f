// A fake of the Zalo Bot Platform's API on 127.0.0.1, written from its documentation
// (see README, "Zalo Bot"): POST JSON to /bot<TOKEN>/<method>; `{ok, result}` or
// `{ok: false, error_code, description}` envelopes; getUpdates takes only `timeout`, hands
// over ONE update and forgets it, and ends an empty wait with error 408; sendMessage takes
// 1–2,000 characters to a chat that has written to the bot; the webhook gets updates with
// X-Bot-Api-Secret-Token. Faults are scripted per method: error codes, an nginx HTML 429,
// a dropped connection, a slow answer.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const ZALO_BOT_TOKEN = '1459232241454765289:fakeSecret-abcDEF123_xyz';

export interface ZaloBotCall {
  method: string;
  body: Record<string, any>;
}

export interface ZaloBotSent {
  chat_id: string;
  text: string;
  message_id: string;
}

export type Fault =
  | { kind: 'error'; code: number; description: string; httpStatus?: number }
  /** What nginx in front of the platform answers when hammered. */
  | { kind: 'html-429' }
  /** The connection closes without an answer. */
  | { kind: 'drop' }
  /** Answers normally after `ms`. */
  | { kind: 'slow'; ms: number };

let counter = 0;
const hexId = () => (Date.now().toString(16) + (counter++).toString(16).padStart(8, '0')).slice(-20);

export class FakeZaloBotApi {
  readonly calls: ZaloBotCall[] = [];
  /** Messages the platform took, in order. */
  readonly sent: ZaloBotSent[] = [];
  readonly chatActions: ZaloBotCall['body'][] = [];
  webhook: { url: string; secret: string } | undefined;
  /** When set, errors answer with this HTTP status instead of 200 (both are seen live). */
  errorsAsHttpStatus = false;
  private readonly server: Server;
  private readonly updates: Record<string, any>[] = [];
  private readonly knownChats = new Set<string>();
  private readonly faults = new Map<string, Fault[]>();
  private waiters: (() => void)[] = [];

  private constructor(readonly token: string) {
    this.server = createServer((req, res) => void this.route(req, res));
  }

  static async start(token = ZALO_BOT_TOKEN): Promise<FakeZaloBotApi> {
    const api = new FakeZaloBotApi(token);
    await new Promise<void>((resolve) => api.server.listen(0, '127.0.0.1', resolve));
    return api;
  }

  get apiRoot(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    for (const wake of this.waiters.splice(0)) wake();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** The next `count` calls of `method` meet `fault`. */
  fail(method: string, fault: Fault, count = 1): void {
    this.faults.set(method, [...(this.faults.get(method) ?? []), ...Array<Fault>(count).fill(fault)]);
  }

  /** Every call of `method` meets `fault` until cleared. */
  failAlways(method: string, fault: Fault): void {
    this.fail(method, fault, 1_000_000);
  }

  clearFaults(method?: string): void {
    if (method) this.faults.delete(method);
    else this.faults.clear();
  }

  /** A citizen writes to the bot: the update waits for getUpdates (or goes to the webhook). */
  userSays(chatId: string, text: string, displayName = 'Người dân'): Record<string, any> {
    return this.push({
      event_name: 'message.text.received',
      message: { from: { id: chatId, display_name: displayName, is_bot: false }, chat: { id: chatId, chat_type: 'PRIVATE' }, text, message_id: hexId(), date: Date.now() },
    });
  }

  /** Any other event (photo, sticker, unsupported…), as the platform sends it. */
  push(update: Record<string, any>): Record<string, any> {
    const chat = update.message?.chat?.id;
    if (chat) this.knownChats.add(String(chat));
    this.updates.push(update);
    for (const wake of this.waiters.splice(0)) wake();
    return update;
  }

  /** Photos the platform holds (what citizens sent), served at <apiRoot>/photos/<id>.jpg as its CDN would. */
  private readonly photos = new Map<string, Buffer>();

  /** A citizen sends a photo: it is put where the platform's URL points, then the update is queued. */
  userSendsPhoto(chatId: string, data: Buffer, caption?: string): Record<string, any> {
    const id = hexId();
    this.photos.set(id, data);
    return this.push({
      event_name: 'message.image.received',
      message: { from: { id: chatId, display_name: 'Người dân', is_bot: false }, chat: { id: chatId, chat_type: 'PRIVATE' }, photo_url: `${this.apiRoot}/photos/${id}.jpg`, ...(caption ? { caption } : {}), message_id: hexId(), date: Date.now() },
    });
  }

  /** A citizen shares a place. */
  userSendsLocation(chatId: string, latitude: number, longitude: number): Record<string, any> {
    return this.push({
      event_name: 'message.location.received',
      message: { from: { id: chatId, display_name: 'Người dân', is_bot: false }, chat: { id: chatId, chat_type: 'PRIVATE' }, location: { latitude, longitude }, message_id: hexId(), date: Date.now() },
    });
  }

  /** A chat that wrote to the bot through someone else's delivery (a load balancer in a test). */
  knowChat(chatId: string): void {
    this.knownChats.add(chatId);
  }

  /** What the bot has said to `chatId`, in order. */
  textsTo(chatId: string): string[] {
    return this.sent.filter((m) => m.chat_id === chatId).map((m) => m.text);
  }

  /** Updates not handed over yet. */
  get waiting(): number {
    return this.updates.length;
  }

  /** Posts an update to the webhook as the platform does; resolves with the HTTP status. */
  async deliver(update: Record<string, any>, options: { secret?: string; wrapped?: boolean; to?: string } = {}): Promise<number> {
    if (!this.webhook && !options.to) throw new Error('no webhook set');
    const chat = update.message?.chat?.id;
    if (chat) this.knownChats.add(String(chat));
    const response = await fetch(options.to ?? this.webhook!.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(options.secret === '' ? {} : { 'X-Bot-Api-Secret-Token': options.secret ?? this.webhook!.secret }) },
      body: JSON.stringify(options.wrapped ? { ok: true, result: update } : update),
    });
    await response.arrayBuffer();
    return response.status;
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const photo = /^\/photos\/([0-9a-f]+)\.jpg$/.exec(req.url ?? '');
    if (req.method === 'GET' && photo) {
      const data = this.photos.get(photo[1]!);
      if (!data) return this.answer(res, 404, { error: 'not found' });
      res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': data.length });
      return void res.end(data);
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const m = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
    if (!m) return this.answer(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const [, token, method] = m as unknown as [string, string, string];
    let body: Record<string, any> = {};
    try {
      body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
    } catch {
      return this.error(res, 400, 'Bad request: invalid JSON');
    }
    this.calls.push({ method, body });
    if (token !== this.token) return this.error(res, 401, 'Unauthorized');
    const fault = this.faults.get(method)?.shift();
    if (fault?.kind === 'drop') return void res.socket?.destroy();
    if (fault?.kind === 'html-429') {
      res.writeHead(429, { 'Content-Type': 'text/html' });
      return void res.end('<html><head><title>429 Too Many Requests</title></head><body><center><h1>429 Too Many Requests</h1></center><hr><center>nginx</center></body></html>');
    }
    if (fault?.kind === 'error') return this.answer(res, fault.httpStatus ?? (this.errorsAsHttpStatus ? fault.code : 200), { ok: false, error_code: fault.code, description: fault.description });
    if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.ms));
    switch (method) {
      case 'getMe':
        return this.ok(res, { id: this.token.split(':')[0], account_name: 'bot.TTHC', account_type: 'BASIC', can_join_groups: false });
      case 'getUpdates':
        return this.getUpdates(req, res, Number(body.timeout ?? 30));
      case 'setWebhook':
        if (typeof body.url !== 'string' || !/^https:\/\//.test(body.url)) return this.error(res, 400, 'Bad request: The url must start with https://');
        if (typeof body.secret_token !== 'string' || body.secret_token.length < 8 || body.secret_token.length > 256) return this.error(res, 400, 'Bad request: The secret_token is invalid');
        this.webhook = { url: body.url, secret: body.secret_token };
        return this.ok(res, { url: body.url, updated_at: Date.now() });
      case 'deleteWebhook':
        this.webhook = undefined;
        return this.ok(res, { url: '', updated_at: Date.now() });
      case 'sendMessage': {
        const chatId = String(body.chat_id ?? '');
        const text = body.text;
        if (!chatId) return this.error(res, 400, 'Bad request: The chat_id must not be empty');
        if (typeof text !== 'string' || text.length < 1 || text.length > 2000) return this.error(res, 400, 'Bad request: The text must be between 1 and 2000 characters');
        if (!this.knownChats.has(chatId)) return this.error(res, 400, 'Bad request: The chat_id is invalid');
        const sent = { chat_id: chatId, text, message_id: hexId() };
        this.sent.push(sent);
        return this.ok(res, { message_id: sent.message_id, date: Date.now() });
      }
      case 'sendChatAction':
        this.chatActions.push(body);
        return this.answer(res, 200, { ok: true });
      default:
        return this.error(res, 404, 'Not Found');
    }
  }

  private async getUpdates(req: IncomingMessage, res: ServerResponse, timeoutSeconds: number): Promise<void> {
    if (this.webhook) return this.error(res, 400, 'Bad request: webhook is set, delete it before using getUpdates');
    const deadline = Date.now() + Math.min(timeoutSeconds, 60) * 1000;
    let gone = false;
    req.socket.once('close', () => (gone = true));
    while (!this.updates.length && !gone && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
        this.waiters.push(() => (clearTimeout(timer), resolve()));
      });
    }
    if (gone) return;
    const update = this.updates.shift();
    // Handed over, and forgotten, as the platform does.
    if (update) return this.ok(res, update);
    return this.error(res, 408, 'Request timeout');
  }

  private ok(res: ServerResponse, result: unknown): void {
    this.answer(res, 200, { ok: true, result });
  }

  private error(res: ServerResponse, code: number, description: string): void {
    this.answer(res, this.errorsAsHttpStatus ? code : 200, { ok: false, error_code: code, description });
  }

  private answer(res: ServerResponse, status: number, body: unknown): void {
    if (res.destroyed) return;
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  }
}
