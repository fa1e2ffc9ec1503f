// The official Zalo Bot channel against a fake of the platform's API (tests/helpers/
// fake-zalo-bot-api.ts, written from its documentation), with the real bot: real
// knowledge, real files in a temp data folder, the real outboxes. Whole conversations as a
// citizen has them, staff answers coming back, the platform's faults, the webhook.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { openBot, type Bot } from '../src/app/open-bot.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../src/app/paths.ts';
import { isPermanentZaloBotError, ZaloBotChannel, type ZaloBotSettings } from '../src/channels/zalo-bot/zalo-bot-channel.ts';
import { answerFeedback } from '../src/feedback/staff-actions.ts';
import { MemoryOptions } from '../src/channels/numbered-options.ts';
import { LocalUpdateClaims } from '../src/channels/update-claims.ts';
import { HandledIdsFile } from '../src/storage/lowdb/handled-ids-file.ts';
import { createLogger } from '../src/logging/log.ts';
import { FakeZaloBotApi, ZALO_BOT_TOKEN } from './helpers/fake-zalo-bot-api.ts';
import { freePort, startService } from './helpers/service-process.ts';

const CITIZEN = 'e4ea2cd5189df1c3a88c';
const SECRET = 'webhook-secret_2026';

interface Scene {
  api: FakeZaloBotApi;
  bot: Bot;
  channel: ZaloBotChannel;
  dataDir: string;
  logs: string[];
  done: Promise<void>;
  /** A citizen writes; resolves with the texts the bot sent back for it. */
  say(text: string, chatId?: string): Promise<string[]>;
  /** Resolves once every queued reply and notification has gone. */
  idle(): Promise<void>;
}

const open: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close();
});

async function openScene(extra: Partial<ZaloBotSettings> = {}, existing?: { api: FakeZaloBotApi; dataDir: string }): Promise<Scene> {
  const api = existing?.api ?? (await FakeZaloBotApi.start());
  const dataDir = existing?.dataDir ?? mkdtempSync(join(tmpdir(), 'tthc-zalobot-'));
  const logs: string[] = [];
  const channel = new ZaloBotChannel({
    token: ZALO_BOT_TOKEN,
    apiRoot: api.apiRoot,
    sent: new HandledIdsFile(join(dataDir, 'zalo-bot-sent.txt')),
    claims: new LocalUpdateClaims(new HandledIdsFile(join(dataDir, 'zalo-bot-received.txt'))),
    pollSeconds: 1,
    log: (l) => logs.push(l),
    ...extra,
  });
  const bot = await openBot(
    { TTHC_KNOWLEDGE_DIRS: [DEFAULT_KNOWLEDGE_DIR], TTHC_DATA_DIR: dataDir },
    {
      citizenRoutes: { 'zalo-bot': channel.citizenDestination },
      replyDestinations: [channel.replyDestination],
      backoff: { initialMs: 50, maxMs: 400, factor: 2 },
      log: createLogger({ level: 'info', pretty: false, destination: new Writable({ write: (chunk, _enc, next) => (logs.push(String(chunk)), next()) }) }),
    },
  );
  bot.outbox.start();
  bot.replies.start();
  channel.attach(bot);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await channel.stop();
    await bot.close();
    if (!existing) await api.close();
  };
  open.push(close);
  const { done } = await channel.start();
  const idle = () => vi.waitFor(async () => expect(await (await bot.replies.pending()).length + (await bot.outbox.pending()).length).toBe(0), { timeout: 10_000 });
  return {
    api,
    bot,
    channel,
    dataDir,
    logs,
    done,
    idle,
    async say(text, chatId = CITIZEN) {
      const before = api.textsTo(chatId).length;
      const update = api.userSays(chatId, text);
      await vi.waitFor(
        async () => {
          expect(api.waiting).toBe(0);
          expect(api.textsTo(chatId).length).toBeGreaterThan(before);
          expect(await (await bot.replies.pending()).length).toBe(0);
        },
        { timeout: 10_000, interval: 20 },
      );
      expect(update.message.message_id).toBeTruthy();
      return api.textsTo(chatId).slice(before);
    },
  };
}

/** The number the bot gave an option whose label contains `label`, in its last texts. */
function optionNumber(texts: string[], label: RegExp): string {
  const line = texts.join('\n').split('\n').reverse().find((l) => /^\[\d+\]/.test(l) && label.test(l));
  expect(line, `no option ${label} in: ${texts.join('\n---\n')}`).toBeDefined();
  return /^\[(\d+)\]/.exec(line!)![1]!;
}

describe('the official Zalo Bot channel', () => {
  it('answers a question, shows the options as numbers, and a number typed back presses one', async () => {
    const s = await openScene();
    const answer = await s.say('đăng ký khai sinh cho con cần giấy tờ gì');
    expect(answer.join('\n')).toMatch(/khai sinh/i);
    expect(answer.join('\n')).toMatch(/^\[1\] /m);
    expect(s.api.chatActions).toContainEqual({ chat_id: CITIZEN, action: 'typing' });
    const full = await s.say(optionNumber(answer, /Xem đầy đủ/));
    expect(full.join('\n')).toMatch(/CĂN CỨ PHÁP LÝ/);
    const menu = await s.say(optionNumber(full, /Menu/));
    expect(menu.join('\n')).toMatch(/Đất đai/);
    // "số 2" is a choice too.
    const category = await s.say(`số ${optionNumber(menu, /Hộ tịch/)}`);
    expect(category.join('\n')).toMatch(/khai sinh/i);
    for (const text of s.api.sent.map((m) => m.text)) expect(text.length).toBeLessThanOrEqual(2000);
  });

  it('takes feedback end to end: the staff file gets it, and a long staff answer comes back split at 2,000 characters between words', async () => {
    const s = await openScene();
    await s.say('/phananh');
    await s.say('Đèn đường tổ 7 hỏng đã hai tuần, buổi tối rất tối');
    await s.say('đồng ý');
    await s.say('Nguyễn Thị Lan');
    await s.say('0912 345 678');
    const done = await s.say('gửi');
    const code = /PA-[A-Z0-9]{6}/.exec(done.join('\n'))![0];
    await s.idle();
    expect(readFileSync(join(s.dataDir, 'staff-inbox.jsonl'), 'utf8')).toContain(code);

    const words = Array.from({ length: 900 }, (_, i) => `việc${i}`);
    const long = `Phường đã tiếp nhận. ${words.join(' ')} Trân trọng.`;
    expect(long.length).toBeGreaterThan(4000);
    const before = s.api.textsTo(CITIZEN).length;
    await answerFeedback(s.bot.feedback, s.bot.outbox, code, long, 'web:canbo');
    await s.idle();
    const parts = s.api.textsTo(CITIZEN).slice(before);
    expect(parts.length).toBeGreaterThanOrEqual(3);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(2000);
      expect(part).toBe(part.trim());
    }
    // Every word arrives whole, once, in order.
    const received = parts.join(' ').match(/việc\d+/g)!;
    expect(received).toEqual(words);
    expect(parts.join('\n')).toContain(code);
  });

  it('answers a photo or a sticker with what the bot can read, and ignores an event without a message', async () => {
    const s = await openScene();
    s.api.push({ event_name: 'message.unsupported.received' });
    s.api.push({ event_name: 'message.sticker.received', message: { from: { id: CITIZEN, display_name: 'A' }, chat: { id: CITIZEN, chat_type: 'PRIVATE' }, sticker: 'bfe458bf64fa8da4d4eb', message_id: 'st1', date: Date.now() } });
    await vi.waitFor(() => expect(s.api.textsTo(CITIZEN)).toHaveLength(1));
    expect(s.api.textsTo(CITIZEN)[0]).toMatch(/chỉ đọc được tin nhắn chữ/);
    const next = await s.say('giờ làm việc');
    expect(next.join('\n')).toMatch(/Giờ làm việc/);
  });

  it('retries what the platform refuses for now (429, an HTML 429, 500, a dropped connection) and delivers each reply once', async () => {
    const s = await openScene();
    s.api.fail('sendMessage', { kind: 'error', code: 429, description: 'Quota exceeded' }, 2);
    s.api.fail('sendMessage', { kind: 'html-429' });
    s.api.fail('sendMessage', { kind: 'error', code: 500, description: 'Internal Server Error', httpStatus: 500 });
    s.api.fail('sendMessage', { kind: 'drop' });
    const texts = await s.say('giờ làm việc của phường');
    expect(texts.join('\n')).toMatch(/Giờ làm việc/);
    await s.idle();
    const attempts = s.api.calls.filter((c) => c.method === 'sendMessage');
    expect(attempts.length).toBeGreaterThanOrEqual(6);
    // Once each: no text the platform took arrives twice.
    const sent = s.api.textsTo(CITIZEN);
    expect(new Set(sent).size).toBe(sent.length);
    expect(s.logs.join('\n')).toMatch(/chưa gửi được .*429/);
    expect(s.logs.join('\n')).not.toContain(ZALO_BOT_TOKEN.split(':')[1]);
  });

  it('gives up a reply the platform refuses for good (400) and goes on with the next', async () => {
    const s = await openScene();
    s.api.fail('sendMessage', { kind: 'error', code: 400, description: 'Bad request: The chat_id is invalid' });
    s.api.userSays(CITIZEN, 'giờ làm việc');
    await vi.waitFor(async () => expect(await s.bot.replies.undeliverable()).toHaveLength(1));
    const next = await s.say('cấp lại căn cước bị mất');
    expect(next.join('\n')).toMatch(/căn cước/i);
    expect(await (await s.bot.replies.undeliverable())[0]!.error).toMatch(/chat_id is invalid/);
  });

  it('keeps polling through the platform\'s errors and empty waits answered with HTTP 408', async () => {
    const s = await openScene();
    s.api.errorsAsHttpStatus = true;
    s.api.fail('getUpdates', { kind: 'error', code: 502, description: 'Bad Gateway', httpStatus: 502 });
    s.api.fail('getUpdates', { kind: 'drop' });
    const texts = await s.say('giờ làm việc');
    expect(texts.join('\n')).toMatch(/Giờ làm việc/);
    expect(s.logs.join('\n')).toMatch(/chưa nhận được tin/);
    expect(s.logs.join('\n')).not.toMatch(/408/);
  });

  it('stops for good, saying why and without the token, when the token is refused', async () => {
    const api = await FakeZaloBotApi.start();
    open.push(() => api.close());
    const wrong = new ZaloBotChannel({ token: '1459232241454765289:revoked-token-value', apiRoot: api.apiRoot, log: () => undefined });
    wrong.attach({ conversation: { handle: async () => [] }, replies: { enqueue: async () => undefined } });
    const error = await wrong.start().then(() => undefined, (e: unknown) => e as Error);
    expect(isPermanentZaloBotError(error)).toBe(true);
    expect(error!.message).toMatch(/401/);
    expect(error!.message).not.toContain('revoked-token-value');
  });

  it('in webhook mode registers the URL and secret, refuses a request without the secret, reads both body shapes, and handles a redelivery once', async () => {
    const port = await freePort();
    const s = await openScene({ webhook: { url: 'https://tthc.phuong.example/zalo-bot/hook', port, host: '127.0.0.1', secret: SECRET } });
    expect(s.api.webhook).toEqual({ url: 'https://tthc.phuong.example/zalo-bot/hook', secret: SECRET });
    const local = `http://127.0.0.1:${port}/zalo-bot/hook`;
    const update = (text: string, id: string) => ({
      event_name: 'message.text.received',
      message: { from: { id: CITIZEN, display_name: 'A' }, chat: { id: CITIZEN, chat_type: 'PRIVATE' }, text, message_id: id, date: Date.now() },
    });

    expect(await s.api.deliver(update('giờ làm việc', 'm-forged'), { to: local, secret: 'wrong-secret' })).toBe(403);
    expect(await s.api.deliver(update('giờ làm việc', 'm-forged'), { to: local, secret: '' })).toBe(403);
    expect(await s.api.deliver(update('giờ làm việc', 'm-flat'), { to: local })).toBe(200);
    await s.idle();
    expect(s.api.textsTo(CITIZEN).join('\n')).toMatch(/Giờ làm việc/);
    const afterFirst = s.api.textsTo(CITIZEN).length;
    expect(await s.api.deliver(update('cấp lại căn cước bị mất', 'm-wrapped'), { to: local, wrapped: true })).toBe(200);
    expect(await s.api.deliver(update('cấp lại căn cước bị mất', 'm-wrapped'), { to: local, wrapped: true })).toBe(200);
    await s.idle();
    const second = s.api.textsTo(CITIZEN).slice(afterFirst);
    expect(second.join('\n')).toMatch(/căn cước/i);
    // The redelivered update was handled once: no text twice.
    expect(new Set(second).size).toBe(second.length);
    expect(s.logs.join('\n')).toMatch(/từ chối một yêu cầu tới webhook/);
  });

  it('handles an update again from its session, not its claim, and keeps the numbered options shown (a replica took it over)', async () => {
    const port = await freePort();
    // Claims that forget every update: what a replica sees once the holder's claim lapsed after it saved the session.
    const forgetful = { claim: async () => 'mine' as const, extend: async () => undefined, finish: async () => undefined, release: async () => undefined };
    const options = new MemoryOptions();
    const s = await openScene({ claims: forgetful, options, webhook: { url: 'https://tthc.phuong.example/zalo-bot/hook', port, host: '127.0.0.1', secret: SECRET } });
    const local = `http://127.0.0.1:${port}/zalo-bot/hook`;
    const update = (text: string, id: string) => ({
      event_name: 'message.text.received',
      message: { from: { id: CITIZEN, display_name: 'A' }, chat: { id: CITIZEN, chat_type: 'PRIVATE' }, text, message_id: id, date: Date.now() },
    });
    expect(await s.api.deliver(update('cấp lại căn cước bị mất', 'm-1'), { to: local })).toBe(200);
    await s.idle();
    const shown = s.api.textsTo(CITIZEN);
    expect(shown.join('\n')).toMatch(/\[2\]/);
    const numbered = await options.get(CITIZEN);
    expect(numbered?.length).toBeGreaterThanOrEqual(2);
    expect(await s.api.deliver(update('cấp lại căn cước bị mất', 'm-1'), { to: local })).toBe(200);
    await s.idle();
    // Handled already (the session says so): nothing sent, and the numbers shown still mean the same.
    expect(s.api.textsTo(CITIZEN)).toEqual(shown);
    expect(await options.get(CITIZEN)).toEqual(numbered);
  });

  it('after a restart neither answers a handled update again nor resends a part already sent', async () => {
    const api = await FakeZaloBotApi.start();
    open.push(() => api.close());
    const dataDir = mkdtempSync(join(tmpdir(), 'tthc-zalobot-'));
    const first = await openScene({}, { api, dataDir });
    await first.say('/phananh');
    await first.say('Cống rãnh tổ 3 bị tắc');
    await first.say('đồng ý');
    await first.say('Trần Văn Bình');
    await first.say('0987 654 321');
    const code = /PA-[A-Z0-9]{6}/.exec((await first.say('gửi')).join('\n'))![0];
    await first.idle();

    // The first part goes, the second fails for now; the bot stops with the message still queued.
    const long = Array.from({ length: 700 }, (_, i) => `đoạn${i}`).join(' ');
    const before = api.textsTo(CITIZEN).length;
    api.fail('sendMessage', { kind: 'slow', ms: 0 });
    api.fail('sendMessage', { kind: 'error', code: 503, description: 'Service Unavailable' }, 1000);
    const calls = () => api.calls.filter((c) => c.method === 'sendMessage').length;
    const callsBefore = calls();
    await answerFeedback(first.bot.feedback, first.bot.outbox, code, long, 'web:canbo');
    await vi.waitFor(() => expect(calls()).toBeGreaterThan(callsBefore + 2), { timeout: 10_000 });
    expect(api.textsTo(CITIZEN).length).toBe(before + 1);
    await first.bot.outbox.stop();
    const closeFirst = open.pop()!;
    await closeFirst();

    api.clearFaults();
    const second = await openScene({}, { api, dataDir });
    await second.idle();
    const parts = api.textsTo(CITIZEN).slice(before);
    expect(parts.join(' ').match(/đoạn\d+/g)).toEqual(long.match(/đoạn\d+/g));
  });
});

describe('the Zalo Bot channel in the running service', () => {
  /** `npm start`'s entry point as a real process, against the fake platform. */
  function service(api: FakeZaloBotApi, dataDir: string) {
    return startService({ TTHC_DATA_DIR: dataDir, ZALO_BOT_TOKEN: api.token, ZALO_BOT_API_ROOT: api.apiRoot, TELEGRAM_BOT_TOKEN: '', ZALO_ENABLED: '' });
  }

  it('delivers a reply queued before a SIGKILL once, after the restart', async () => {
    const api = await FakeZaloBotApi.start();
    open.push(() => api.close());
    const dataDir = mkdtempSync(join(tmpdir(), 'tthc-zalobot-svc-'));
    api.failAlways('sendMessage', { kind: 'error', code: 503, description: 'Service Unavailable' });

    const first = service(api, dataDir);
    await vi.waitFor(() => expect(first.output.text).toMatch(/zalo-bot: đã kết nối/), { timeout: 30_000 });
    api.userSays(CITIZEN, 'giờ làm việc của phường');
    const sends = () => api.calls.filter((c) => c.method === 'sendMessage').length;
    await vi.waitFor(() => expect(sends()).toBeGreaterThanOrEqual(2), { timeout: 15_000 });
    first.child.kill('SIGKILL');
    await first.exited;
    expect(api.sent).toHaveLength(0);

    api.clearFaults();
    const second = service(api, dataDir);
    try {
      await vi.waitFor(() => expect(api.textsTo(CITIZEN).join('\n')).toMatch(/Giờ làm việc/), { timeout: 30_000 });
      // Time for a duplicate to show, were there one.
      await new Promise((r) => setTimeout(r, 1_500));
      const texts = api.textsTo(CITIZEN);
      expect(new Set(texts).size).toBe(texts.length);
      expect(second.output.text).not.toContain(api.token.split(':')[1]);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  }, 90_000);
});
