// The Telegram channel end to end: the real telegraf polling a fake Bot API server on
// 127.0.0.1, the real bot (knowledge, feedback storage, outbox) in a temp data folder.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openBot, type Bot } from '../src/app/open-bot.ts';
import { HandledIdsFile } from '../src/storage/lowdb/handled-ids-file.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../src/app/paths.ts';
import { STAFF_TELEGRAM_DESTINATION } from '../src/channels/telegram/destinations.ts';
import { TelegramChannel, TEXT_ONLY_NOTICE, type TelegramCore } from '../src/channels/telegram/telegram-channel.ts';
import type { Reply } from '../src/conversation/types.ts';
import { FAKE_TOKEN, FakeTelegramApi, type SentMessage } from './helpers/fake-telegram-api.ts';

const STAFF_CHAT = -100_500;
const STAFF_USER = 42;
const CITIZEN = 7_001;

interface Setup {
  api: FakeTelegramApi;
  channel: TelegramChannel;
  bot?: Bot;
  logs: string[];
  clock: { offsetMs: number };
}

let current: Setup | undefined;

afterEach(async () => {
  if (!current) return;
  const { api, channel, bot, logs } = current;
  current = undefined;
  await channel.stop();
  await bot?.close();
  await api.close();
  // The token never reaches a log line.
  expect(logs.join('\n')).not.toContain(FAKE_TOKEN);
  expect(logs.join('\n')).not.toContain(FAKE_TOKEN.split(':')[1]);
});

async function setup(core?: TelegramCore): Promise<Setup> {
  const api = await FakeTelegramApi.start();
  const logs: string[] = [];
  const clock = { offsetMs: 0 };
  const dataDir = mkdtempSync(join(tmpdir(), 'tthc-telegram-'));
  const channel = new TelegramChannel({
    token: FAKE_TOKEN,
    apiRoot: api.apiRoot,
    staffChatId: String(STAFF_CHAT),
    staffIds: [String(STAFF_USER)],
    sent: new HandledIdsFile(join(dataDir, 'telegram-sent.txt')),
    limits: { perChatMs: 10 },
    log: (line) => logs.push(line),
  });
  current = { api, channel, logs, clock };
  if (!core) {
    const bot = await openBot(
      { TTHC_KNOWLEDGE_DIRS: [DEFAULT_KNOWLEDGE_DIR], TTHC_DATA_DIR: dataDir },
      {
        citizenRoutes: { telegram: channel.citizenDestination },
        staffDestinations: [channel.staffDestination!],
        now: () => new Date(Date.now() + clock.offsetMs),
      },
    );
    current.bot = bot;
    core = bot;
  }
  channel.attach(core);
  await channel.start();
  return current;
}

const user = (id: number, first_name = 'An') => ({ id, is_bot: false, first_name, last_name: 'Nguyễn' });
const privateChat = (id: number) => ({ id, type: 'private', first_name: 'An' });
let messageSeq = 1;

function messageUpdate(fromId: number, chat: Record<string, unknown>, fields: Record<string, unknown>) {
  return { message: { message_id: messageSeq++, date: Math.floor(Date.now() / 1000), chat, from: user(fromId), ...fields } };
}

async function waitFor<T>(probe: () => T | undefined | false, timeoutMs = 8_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Pushes an update and returns the messages sent to `chatId` in answer, once all are sent. */
async function exchange(s: Setup, chatId: number, update: Record<string, unknown>): Promise<SentMessage[]> {
  const before = s.api.sentTo(chatId).length;
  s.api.push(update);
  await waitFor(() => s.api.sentTo(chatId).length > before);
  await s.channel.idle();
  return s.api.sentTo(chatId).slice(before);
}

const say = (s: Setup, text: string, from = CITIZEN) => exchange(s, from, messageUpdate(from, privateChat(from), { text }));

let callbackSeq = 1;
function press(s: Setup, data: string, from = CITIZEN) {
  return exchange(s, from, {
    callback_query: {
      id: `cb-${callbackSeq++}`,
      from: user(from),
      chat_instance: 'ci',
      data,
      message: { message_id: 1, date: 0, chat: privateChat(from), from: { id: 1, is_bot: true, first_name: 'TTHC' }, text: '…' },
    },
  });
}

const buttonsOf = (messages: SentMessage[]) => messages.flatMap((m) => m.reply_markup?.inline_keyboard.flat() ?? []);
const textOf = (messages: SentMessage[]) => messages.map((m) => m.text).join('\n\n');

describe('telegram: citizens', () => {
  it('answers with HTML and an inline keyboard, answers button presses and clarify choices', async () => {
    const s = await setup();
    expect(s.api.callsOf('setMyCommands')[0]!.body.commands.map((c: { command: string }) => c.command)).toEqual(
      expect.arrayContaining(['start', 'help', 'menu', 'phananh', 'tracuu']),
    );

    const hello = await say(s, '/start');
    expect(textOf(hello)).toMatch(/Xin chào/);
    expect(buttonsOf(hello).map((b) => b.callback_data)).toContain('cat:land');
    const call = s.api.callsOf('sendMessage').at(-1)!;
    expect(call.body).toMatchObject({ chat_id: String(CITIZEN), parse_mode: 'HTML' });
    expect(s.api.callsOf('sendChatAction')[0]!.body).toMatchObject({ chat_id: String(CITIZEN), action: 'typing' });

    const answer = await say(s, 'đăng ký khai sinh cho con');
    expect(textOf(answer)).toMatch(/<b>Đăng ký khai sinh[^<]*<\/b>\n.*\n⏱️ Thời hạn: /);
    const steps = buttonsOf(answer).find((b) => b.callback_data.startsWith('more:steps:'))!;
    expect(steps).toBeDefined();
    // Only the last message of a reply carries the keyboard; every callback_data fits in 64 bytes.
    for (const b of buttonsOf(answer)) expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);

    const details = await press(s, steps.callback_data);
    expect(textOf(details)).toMatch(/Các bước thực hiện/);
    expect(s.api.callsOf('answerCallbackQuery').map((c) => c.body.callback_query_id)).toContain('cb-1');

    const clarify = await say(s, 'sổ đỏ');
    expect(textOf(clarify)).toMatch(/thuộc một trong các thủ tục sau/i);
    const option = buttonsOf(clarify).find((b) => b.callback_data.startsWith('entry:'))!;
    const chosen = await press(s, option.callback_data);
    expect(textOf(chosen)).toContain(`<b>${option.text.replace(/^\d+\.\s*/, '')}`);
  });

  it('gives a polite text-only notice for stickers and voice, and says photos, places and files are taken with a feedback', async () => {
    const s = await setup();
    for (const fields of [
      { sticker: { file_id: 's', file_unique_id: 's', type: 'regular', width: 1, height: 1, is_animated: false, is_video: false } },
      { voice: { file_id: 'v', file_unique_id: 'v', duration: 1 } },
    ]) {
      const got = await exchange(s, CITIZEN, messageUpdate(CITIZEN, privateChat(CITIZEN), fields));
      expect(got.map((m) => m.text)).toEqual([TEXT_ONLY_NOTICE]);
    }
    const p = s.api.addFile(Buffer.from('not really a photo'));
    for (const fields of [
      { photo: [{ file_id: p, file_unique_id: 'p', width: 1, height: 1 }] },
      { location: { latitude: 21, longitude: 105 } },
      { document: { file_id: p, file_unique_id: 'd' } },
    ]) {
      const got = await exchange(s, CITIZEN, messageUpdate(CITIZEN, privateChat(CITIZEN), fields));
      expect(textOf(got)).toMatch(/khi bạn gửi phản ánh, kiến nghị[\s\S]*Bot chưa lưu/);
    }
    // A file Telegram no longer has: said plainly.
    const lost = await exchange(s, CITIZEN, messageUpdate(CITIZEN, privateChat(CITIZEN), { photo: [{ file_id: 'gone', file_unique_id: 'g', width: 1, height: 1 }] }));
    expect(textOf(lost)).toMatch(/chưa tải được ảnh/);
  });

  it('ignores chatter in groups and in the staff group', async () => {
    const s = await setup();
    s.api.push(messageUpdate(5, { id: -777, type: 'group', title: 'x' }, { text: 'đăng ký khai sinh' }));
    s.api.push(messageUpdate(STAFF_USER, { id: STAFF_CHAT, type: 'supergroup', title: 'Nội vụ' }, { text: 'chào mọi người' }));
    const marker = await say(s, '/start');
    expect(marker.length).toBeGreaterThan(0);
    expect(s.api.sent.filter((m) => m.chat.id < 0)).toEqual([]);
  });

  it('escapes HTML in what the citizen typed, in their summary and in the staff notice', async () => {
    const s = await setup();
    await say(s, '/phananh');
    await say(s, 'Cán bộ một cửa hẹn trả hồ sơ <b>x</b> & <script>alert(1)</script> ba lần vẫn chưa trả');
    await say(s, 'đồng ý');
    await say(s, 'Trần <i>Bình</i>');
    const summary = textOf(await say(s, '0912 345 678'));
    expect(summary).toContain('&lt;b&gt;x&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(summary).not.toMatch(/<script>|<b>x<\/b>|<i>/);
    await say(s, 'gửi');
    await s.bot!.outbox.flush();
    const notice = textOf(s.api.sentTo(STAFF_CHAT));
    expect(notice).toContain('&lt;script&gt;');
    expect(notice).not.toMatch(/<script>|<i>/);
  });
});

describe('telegram: feedback to Home Affairs', () => {
  it('citizen sends feedback → staff group receives it → staff reply → citizen receives the answer', async () => {
    const s = await setup();
    expect(textOf(await say(s, '/phananh'))).toMatch(/Gửi phản ánh, kiến nghị/);
    const consent = await say(s, 'Bộ phận một cửa phường hẹn trả kết quả ba lần vẫn chưa trả, đề nghị xem xét.');
    const agree = buttonsOf(consent).find((b) => b.callback_data === 'fb:consent')!;
    expect(textOf(await press(s, agree.callback_data))).toMatch(/họ và tên/);
    await say(s, 'Nguyễn Văn An');
    const summary = await say(s, '0912 345 678');
    expect(buttonsOf(summary).map((b) => b.callback_data)).toContain('fb:confirm');
    const done = textOf(await press(s, 'fb:confirm'));
    const code = /PA-[A-Z0-9]{6}/.exec(done)![0];

    // The outbox forwards it to the staff group, once.
    await s.bot!.outbox.flush();
    await s.bot!.outbox.flush();
    const forwarded = s.api.sentTo(STAFF_CHAT);
    expect(forwarded).toHaveLength(1);
    expect(forwarded[0]!.text).toMatch(new RegExp(`^<b>.*${code}</b>`));
    expect(forwarded[0]!.text).toContain('Nguyễn Văn An');

    // A staff member replies to the forwarded message in the group.
    const staffGroup = { id: STAFF_CHAT, type: 'supergroup', title: 'Nội vụ' };
    const repliedTo = { ...forwarded[0]!, text: forwarded[0]!.text.replace(/<\/?b>/g, '') };
    const ack = await exchange(
      s,
      STAFF_CHAT,
      messageUpdate(555, staffGroup, { text: 'Phường đã trả kết quả ngày 05/06, xin lỗi ông vì sự chậm trễ.', reply_to_message: repliedTo }),
    );
    expect(textOf(ack)).toMatch(new RegExp(`Đã lưu câu trả lời cho ${code}`));
    expect(await s.bot!.feedback.get(code)).toMatchObject({ status: 'da-tra-loi', answer: { text: expect.stringContaining('05/06'), by: expect.stringContaining('telegram:555') } });

    // The answer reaches the citizen on Telegram.
    const before = s.api.sentTo(CITIZEN).length;
    await s.bot!.outbox.flush();
    const delivered = s.api.sentTo(CITIZEN).slice(before);
    // The answer, then once the question whether it served them, with its three buttons.
    expect(delivered).toHaveLength(2);
    expect(delivered[0]!.text).toContain(code);
    expect(delivered[0]!.text).toContain('05/06');
    expect(delivered[1]!.text).toContain('Bạn có hài lòng với trả lời này không?');
    expect(delivered[1]!.reply_markup?.inline_keyboard.flat().map((b) => b.callback_data)).toEqual([`sat:${code}:hai-long`, `sat:${code}:binh-thuong`, `sat:${code}:khong-hai-long`]);

    // /trangthai in the group; /tracuu by the citizen shows it.
    const closed = await exchange(s, STAFF_CHAT, messageUpdate(555, staffGroup, { text: `/trangthai@tthc_test_bot ${code.toLowerCase()} da-dong` }));
    expect(textOf(closed)).toMatch(/Đã đóng/);
    expect((await s.bot!.feedback.get(code))!.status).toBe('da-dong');
    expect(textOf(await say(s, `/tracuu ${code}`))).toMatch(/Đã đóng/);
    expect(textOf(await exchange(s, STAFF_CHAT, messageUpdate(555, staffGroup, { text: `/trangthai ${code} xong` })))).toMatch(/không hợp lệ/);
  });

  it('a listed staff user may answer with /traloi from a private chat; anyone else is refused', async () => {
    const s = await setup();
    const record = await s.bot!.feedback.submit({
      kind: 'phan-anh',
      content: 'Cán bộ hẹn trả hồ sơ nhiều lần chưa trả.',
      sender: { name: 'Lê Văn C', phone: '0912345678', consentAt: new Date().toISOString() },
      from: { channel: 'telegram', chatId: String(CITIZEN), userId: String(CITIZEN) },
    });
    const refused = await say(s, `/traloi ${record.code} Tôi không phải cán bộ`, 8_888);
    expect(textOf(refused)).toMatch(/chỉ dành cho cán bộ/);
    const otherGroup = await exchange(s, -4_444, messageUpdate(8_888, { id: -4_444, type: 'group', title: 'x' }, { text: `/trangthai ${record.code} da-dong` }));
    expect(textOf(otherGroup)).toMatch(/chỉ dành cho cán bộ/);
    expect(await s.bot!.feedback.get(record.code)).toMatchObject({ status: 'moi' });
    expect((await s.bot!.feedback.get(record.code))!.answer).toBeUndefined();
    await s.bot!.outbox.flush();
    expect(s.api.sentTo(CITIZEN)).toEqual([]);

    const ok = await say(s, `/traloi ${record.code} Đã chuyển bộ phận một cửa xử lý.`, STAFF_USER);
    expect(textOf(ok)).toMatch(/Đã lưu câu trả lời/);
    await s.bot!.outbox.flush();
    expect(textOf(s.api.sentTo(CITIZEN))).toContain('Đã chuyển bộ phận một cửa xử lý.');
    expect(textOf(await say(s, '/traloi PA-XXXXXX gì đó', STAFF_USER))).toMatch(/Chưa lưu được câu trả lời/);
  });
});

describe('telegram: limits and failures', () => {
  it('waits out a 429 and sends the same message again: nothing lost, nothing duplicated', async () => {
    const s = await setup();
    s.api.failNext('sendMessage', 1, { status: 429, retryAfter: 1 });
    const started = Date.now();
    const hello = await say(s, '/start');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(hello).toHaveLength(1);
    const calls = s.api.callsOf('sendMessage');
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect(calls[0]!.body.text).toBe(calls[1]!.body.text);
  });

  it('a 500 on an outbox delivery is retried by the outbox and delivered once', async () => {
    const s = await setup();
    const outbox = s.bot!.outbox;
    await outbox.enqueue([{ destination: STAFF_TELEGRAM_DESTINATION, kind: 'feedback', code: 'PA-ACDEFG', text: '📩 PHẢN ÁNH MỚI · PA-ACDEFG\nNội dung: thử' }]);
    s.api.failNext('sendMessage', 1, { status: 500 });
    expect(await outbox.flush()).toMatchObject({ delivered: 0, failed: 1, pending: 1 });
    expect(await (await outbox.pending())[0]).toMatchObject({ attempts: 1, lastError: expect.stringContaining('500') });
    expect(s.api.sentTo(STAFF_CHAT)).toEqual([]);

    s.clock.offsetMs = 60 * 60_000;
    expect(await outbox.flush()).toMatchObject({ delivered: 1, pending: 0 });
    expect(await outbox.flush()).toMatchObject({ delivered: 0, pending: 0 });
    expect(s.api.sentTo(STAFF_CHAT)).toHaveLength(1);
    expect(s.api.sentTo(STAFF_CHAT)[0]!.text).toBe('<b>📩 PHẢN ÁNH MỚI · PA-ACDEFG</b>\nNội dung: thử');
  });

  it('a destination never sends one message id twice', async () => {
    const s = await setup();
    const message = { id: 'm-1', destination: STAFF_TELEGRAM_DESTINATION, kind: 'feedback' as const, text: 'một', createdAt: new Date().toISOString() };
    await s.channel.staffDestination!.deliver(message);
    await s.channel.staffDestination!.deliver(message);
    expect(s.api.sentTo(STAFF_CHAT)).toHaveLength(1);
  });

  it('splits a 5,000-character answer into parts under 4,096 with the keyboard only on the last', async () => {
    const paragraph = 'Người dân chuẩn bị hồ sơ gồm tờ khai, giấy tờ tùy thân & bản sao <giấy tờ> liên quan. ';
    const long: Reply = {
      sections: [
        { heading: 'Một câu trả lời rất dài', lines: Array.from({ length: 60 }, (_, i) => `${i + 1}. ${paragraph}`) },
      ],
      buttons: [
        { label: 'Xem thêm', payload: 'more:steps:x' },
        { label: 'Một nút có dữ liệu rất dài', payload: `entry:${'a'.repeat(80)}` },
      ],
    };
    const received: string[] = [];
    const s = await setup({
      conversation: {
        handle: async (m) => {
          received.push(m.input.kind === 'button' ? `button:${m.input.payload}` : m.input.kind === 'text' ? `text:${m.input.text}` : 'open');
          return [long];
        },
      },
      feedback: undefined as never,
      outbox: undefined as never,
    });
    const parts = await say(s, 'câu hỏi');
    expect(received).toEqual(['text:câu hỏi']);
    expect(parts.length).toBeGreaterThanOrEqual(2);
    for (const p of parts) expect(p.text.length).toBeLessThanOrEqual(4096);
    expect(parts.slice(0, -1).every((p) => p.reply_markup === undefined)).toBe(true);
    const keyboard = parts.at(-1)!.reply_markup!.inline_keyboard.flat();
    expect(keyboard.map((b) => b.text)).toEqual(['Xem thêm', 'Một nút có dữ liệu rất dài']);
    for (const b of keyboard) expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);
    // Every line arrives, escaped, and no part ends inside a tag or an entity.
    const all = textOf(parts);
    for (let i = 1; i <= 60; i++) expect(all).toContain(`${i}. Người dân`);
    for (const p of parts) {
      expect(p.text).not.toMatch(/&[a-z]*$|<[^>]*$/);
      expect((p.text.match(/<b>/g) ?? []).length).toBe((p.text.match(/<\/b>/g) ?? []).length);
    }
    expect(all).toContain('&lt;giấy tờ&gt;');

    // The long payload comes back as the original when pressed.
    await press(s, keyboard[1]!.callback_data);
    expect(received.at(-1)).toBe(`button:entry:${'a'.repeat(80)}`);
  });

  it('survives an API error while answering: logged without the token, the bot keeps going', async () => {
    const s = await setup();
    s.api.failNext('sendMessage', 1, { status: 500 });
    s.api.push(messageUpdate(CITIZEN, privateChat(CITIZEN), { text: '/start' }));
    await waitFor(() => s.api.callsOf('sendMessage').length >= 1);
    await s.channel.idle();
    expect(s.logs.some((l) => l.includes('500'))).toBe(true);
    expect(s.logs.join('\n')).not.toContain('Xin chào');
    expect(textOf(await say(s, '/menu'))).toMatch(/.+/);
  });
});
