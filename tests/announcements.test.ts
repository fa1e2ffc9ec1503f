// Announcements in a deployment serving three wards (tests/fixtures/province), on the real
// bot, its real web server and the real telegraf against the fake Bot API: citizens are
// offered the subscription once and subscribe and leave in their own words; staff write on
// /staff/announcements for their own ward only (province staff for one or all), behind
// login and CSRF; a broadcast reaches the ward's subscribers with the "Hủy nhận tin" button,
// which works; one who blocked the bot is unsubscribed; the quarterly report counts it all;
// a catalogue import's diff becomes a draft.
import { staffLogin } from './helpers/staff-http.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draftFromCatalogDiff, parseCatalogDiff, saveCatalogDrafts } from '../src/announcements/catalog-draft.ts';
import { openBot, type Bot } from '../src/app/open-bot.ts';
import { DEFAULT_KNOWLEDGE_DIR, PROJECT_ROOT } from '../src/app/paths.ts';
import { startWeb } from '../src/app/start-web.ts';
import { TelegramChannel } from '../src/channels/telegram/telegram-channel.ts';
import { sectionsToPlainText } from '../src/conversation/sections.ts';
import type { IncomingMessage } from '../src/conversation/types.ts';
import type { RunningWeb } from '../src/web/server.ts';
import { FAKE_TOKEN, FakeTelegramApi } from './helpers/fake-telegram-api.ts';

const PROVINCE = join(PROJECT_ROOT, 'tests', 'fixtures', 'province');
let bot: Bot;
let api: FakeTelegramApi;
let telegram: TelegramChannel;
let web: RunningWeb;

beforeAll(async () => {
  api = await FakeTelegramApi.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'tthc-announce-'));
  telegram = new TelegramChannel({ token: FAKE_TOKEN, apiRoot: api.apiRoot, limits: { perChatMs: 5 }, log: () => undefined });
  bot = await openBot({ TTHC_KNOWLEDGE_DIRS: [PROVINCE, DEFAULT_KNOWLEDGE_DIR], TTHC_DATA_DIR: dataDir }, { citizenRoutes: { telegram: telegram.citizenDestination }, broadcastRates: { telegram: 100 } });
  bot.outbox.start();
  bot.broadcast.start();
  telegram.attach(bot);
  await telegram.start();
  web = await startWeb(bot, { WEB_PORT: 0, WEB_HOST: '127.0.0.1', TRUST_PROXY: false, WEB_SESSION_SECRET: undefined, WEB_EMBED_ORIGINS: '*', PUBLIC_WEB_URL: 'https://hoidap.lamdong.gov.vn/', ZALO_BOT_URL: 'https://zalo.me/1234567890' }, () => ({}), bot.now, { telegramUsername: () => 'tthc_lamdong_bot' });
  await bot.accounts.add('tinh.admin', 'mat-khau-cua-tinh-2026', 'admin');
  await bot.accounts.add('blao.canbo', 'mat-khau-b-lao-2026', 'staff', 'phuong-b-lao');
}, 60_000);

afterAll(async () => {
  await web?.close();
  await telegram?.stop();
  await bot?.close();
  await api?.close();
});

const until = async (done: () => boolean | Promise<boolean>, ms = 15_000) => {
  for (const end = Date.now() + ms; !(await done()); ) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
};

/** A citizen on Telegram (user id = chat id), through the conversation core. */
async function say(user: number, input: IncomingMessage['input'] | string) {
  const id = String(user);
  const turn = await bot.conversation.respond({ channel: 'telegram', userId: id, chatId: id, input: typeof input === 'string' ? { kind: 'text', text: input } : input });
  return { text: turn.replies.map((r) => sectionsToPlainText(r.sections)).join('\n'), buttons: turn.replies.flatMap((r) => r.buttons) };
}

async function login(username: string, password: string) {
  const { request } = await staffLogin(web.url, username, password);
  const page = await (await request('/staff/announcements')).text();
  const token = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
  return {
    request,
    get: async (path: string) => (await request(path)).text(),
    post: (path: string, fields: Record<string, string>, withToken = true) =>
      request(path, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ ...fields, ...(withToken ? { _csrf: token } : {}) }).toString() }),
  };
}

describe('subscriptions in the conversation', () => {
  it('offers the subscription once, on the first answer, and takes it with the button, for the chosen ward', async () => {
    await say(7001, 'phường B\'Lao');
    const first = await say(7001, 'làm giấy khai sinh cần gì');
    const offer = first.buttons.find((b) => b.payload === 'sub:on');
    expect(offer?.label).toContain('Nhận tin thủ tục mới, lịch nghỉ, thay đổi lệ phí của phường?');
    const second = await say(7001, 'đăng ký kết hôn cần giấy tờ gì');
    expect(second.buttons.some((b) => b.payload === 'sub:on')).toBe(false);
    const yes = await say(7001, { kind: 'button', payload: 'sub:on' });
    expect(yes.text).toMatch(/Đã đăng ký nhận tin của phường B'Lao/);
    expect((await bot.store.announcements.subscription('telegram:7001'))?.unit).toBe('phuong-b-lao');
  });

  it('subscribes and unsubscribes at once from what citizens type, with or without diacritics, and the commands', async () => {
    await say(7002, 'phường 1 Bảo Lộc');
    for (const [typed, subscribed] of [
      ['Đăng ký nhận tin', true],
      ['HỦY NHẬN TIN', false],
      ['dang ky nhan tin nhe', true],
      ['dừng nhận tin', false],
      ['/dangky', true],
      ['/huydangky', false],
      ['Đăng ký nhận tin', true],
      ['huy nhan tin', false],
    ] as const) {
      const r = await say(7002, typed);
      expect(r.text, typed).toMatch(subscribed ? /Đã đăng ký nhận tin/ : /Đã hủy nhận tin/);
      expect(!!(await bot.store.announcements.subscription('telegram:7002')), typed).toBe(subscribed);
    }
    expect((await say(7002, 'hủy nhận tin')).text).toMatch(/chưa đăng ký nhận tin/);
    // "hủy đăng ký" alone is a procedure's words, not the subscription.
    expect((await say(7002, 'hủy đăng ký hộ kinh doanh')).text).not.toMatch(/nhận tin/);
  });

  it('registers /dangky and /huydangky with Telegram', () => {
    const commands = api.callsOf('setMyCommands')[0]?.body.commands as { command: string }[];
    expect(commands.map((c) => c.command)).toEqual(expect.arrayContaining(['dangky', 'huydangky']));
  });
});

describe('announcements from the staff page to Telegram', () => {
  it('keeps a ward\'s staff to their ward, behind login and CSRF, and sends to that ward\'s subscribers with the button that unsubscribes', async () => {
    for (const user of [7101, 7102, 7103]) {
      await say(user, 'phường B\'Lao');
      await say(user, 'đăng ký nhận tin');
    }
    await say(7104, 'phường 2 Bảo Lộc');
    await say(7104, 'đăng ký nhận tin');
    api.blocked.add(7103);

    expect((await fetch(`${web.url}/staff/announcements`, { redirect: 'manual' })).status).toBe(303);
    const blao = await login('blao.canbo', 'mat-khau-b-lao-2026');
    const page = await blao.get('/staff/announcements');
    expect(page).toContain('data-testid="announcement-preview"');
    expect(page).not.toContain('data-testid="announcement-unit"');
    expect((await blao.post('/staff/announcements', { title: 'x', text: 'y' }, false)).status).toBe(403);
    const tooLong = await blao.post('/staff/announcements', { title: 'Tin', text: 'a'.repeat(1001), action: 'send' });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.text()).toContain('tối đa 1000');
    // A ward's staff naming another ward still write for their own.
    const sent = await blao.post('/staff/announcements', { title: 'Lịch nghỉ Tết <b>2027</b>', text: 'Bộ phận một cửa nghỉ Tết từ 05/02 đến 13/02/2027.', link: 'https://lamdong.gov.vn/lich-nghi', unit: 'phuong-2-bao-loc', when: 'now', action: 'send' });
    expect(sent.status).toBe(303);
    const [a] = await bot.store.announcements.list({ limit: 1 });
    expect(a).toMatchObject({ unit: 'phuong-b-lao', status: 'sending', recipients: 4 });

    await until(async () => (await bot.store.announcements.get(a!.id))?.status === 'sent');
    const got = (chat: number) => api.sentTo(chat).filter((m) => m.text.includes('Lịch nghỉ Tết'));
    expect(got(7101)).toHaveLength(1);
    expect(got(7101)[0]!.text).toBe('<b>Lịch nghỉ Tết &lt;b&gt;2027&lt;/b&gt;</b>\nBộ phận một cửa nghỉ Tết từ 05/02 đến 13/02/2027.\nhttps://lamdong.gov.vn/lich-nghi');
    expect(got(7101)[0]!.reply_markup?.inline_keyboard[0]![0]).toEqual({ text: 'Hủy nhận tin', callback_data: 'sub:off' });
    expect(got(7104)).toHaveLength(0);
    // The one who blocked the bot is unsubscribed; the counts say so.
    expect(await bot.store.announcements.subscription('telegram:7103')).toBeUndefined();
    expect(await bot.store.announcements.get(a!.id)).toMatchObject({ delivered: 3, blocked: 1, failed: 0 });

    // The button under the announcement unsubscribes.
    api.push({ callback_query: { id: 'cb-1', from: { id: 7102, is_bot: false, first_name: 'Dân' }, message: { message_id: 1, date: 0, chat: { id: 7102, type: 'private' } }, data: 'sub:off' } });
    await until(() => api.sentTo(7102).some((m) => m.text.includes('Đã hủy nhận tin')));
    expect(await bot.store.announcements.subscription('telegram:7102')).toBeUndefined();

    const listed = await blao.get('/staff/announcements');
    const row = new RegExp(`data-id="${a!.id}"[\\s\\S]*?count-recipients">4<[\\s\\S]*?count-delivered">3<[\\s\\S]*?count-failed">1<[\\s\\S]*?count-unsubscribed">2<`);
    expect(listed).toMatch(row);

    // The province's staff see it and may write for one ward or everyone.
    const province = await login('tinh.admin', 'mat-khau-cua-tinh-2026');
    expect(await province.get('/staff/announcements')).toContain('data-testid="announcement-unit"');
    const draft = await province.post('/staff/announcements', { title: 'Nháp toàn tỉnh', text: 'Nội dung nháp.', unit: '', action: 'draft' });
    expect(draft.status).toBe(303);
    const [d] = await bot.store.announcements.list({ limit: 1 });
    expect(d).toMatchObject({ status: 'draft', title: 'Nháp toàn tỉnh' });
    expect(d!.unit).toBeUndefined();
    // Not the ward's to open or change.
    expect((await blao.request(`/staff/announcements/${d!.id}`)).status).toBe(404);
    expect((await blao.post(`/staff/announcements/${d!.id}`, { title: 'Đổi', text: 'Đổi', action: 'send' })).status).toBe(400);
    expect((await bot.store.announcements.get(d!.id))?.status).toBe('draft');
    // Scheduled for later: waits.
    const later = await province.post('/staff/announcements', { title: 'Hẹn giờ', text: 'Sẽ gửi sau.', unit: 'phuong-2-bao-loc', when: 'at', at: '2099-01-01T07:00', action: 'send' });
    expect(later.status).toBe(303);
    const [s] = await bot.store.announcements.list({ limit: 1 });
    expect(s).toMatchObject({ status: 'scheduled', sendAt: '2099-01-01T00:00:00.000Z', unit: 'phuong-2-bao-loc' });

    // The quarterly report's part on tuyên truyền.
    const csv = await blao.get('/staff/report.csv');
    expect(csv).toMatch(/^outreach,announcements-sent,[^,]+,1\r?$/m);
    expect(csv).toMatch(/^outreach-subscribers-at-end,telegram,Telegram,2\r?$/m);
    expect(csv).toMatch(/^outreach-new-subscribers,telegram,Telegram,\d+\r?$/m);
    expect(csv).toMatch(/^outreach-unsubscribed,telegram,Telegram,2\r?$/m);
    const report = await blao.get('/staff/report');
    expect(report).toContain('Tuyên truyền qua trợ lý tự động');
    const docx = await blao.request('/staff/report.docx');
    expect(docx.status).toBe(200);
    expect(docx.headers.get('content-type')).toContain('wordprocessingml');
  }, 60_000);

  it('shows the ward\'s latest announcements to its web chat ("Tin mới"), and not another ward\'s', async () => {
    const blao = (await (await fetch(`${web.url}/api/chat/news?unit=phuong-b-lao`)).json()) as { news: { title: string }[] };
    expect(blao.news.map((n) => n.title)).toContain('Lịch nghỉ Tết <b>2027</b>');
    const other = (await (await fetch(`${web.url}/api/chat/news?unit=phuong-2-bao-loc`)).json()) as { news: { title: string }[] };
    expect(other.news.map((n) => n.title)).not.toContain('Lịch nghỉ Tết <b>2027</b>');
  });
});

describe('a draft after a catalogue import', () => {
  const facts = (id: string) =>
    ({
      'dvc.1': { title: 'Đăng ký khai sinh lưu động', level: 'Cấp xã' },
      'dvc.2': { title: 'Cấp giấy phép xây dựng', level: 'Cấp tỉnh' },
      'dvc.3': { title: 'Chứng thực bản sao', level: 'Cấp tỉnh, Cấp xã' },
      'dvc.4': { title: 'Đăng ký tạm vắng', level: 'Cấp xã' },
    })[id];

  it('lists the new, changed and abolished procedures of the ward\'s level', () => {
    const diff = parseCatalogDiff('{"added":["dvc.1","dvc.2"],"changed":["dvc.3"],"removed":["dvc.4"]}');
    const draft = draftFromCatalogDiff(diff, facts, 'xa', "phường B'Lao")!;
    expect(draft.text).toContain('Thủ tục mới (1):\n- Đăng ký khai sinh lưu động');
    expect(draft.text).toContain('Thủ tục sửa đổi, bổ sung (1):\n- Chứng thực bản sao');
    expect(draft.text).toContain('Thủ tục bãi bỏ (1):\n- Đăng ký tạm vắng');
    expect(draft.text).not.toContain('giấy phép xây dựng');
    expect(draftFromCatalogDiff({ added: ['dvc.2'], changed: [], removed: [] }, facts, 'xa', "phường B'Lao")).toBeUndefined();
    expect(() => parseCatalogDiff('{"added":[1]}')).toThrow(/added/);
  });

  it('keeps a long list within 1,000 characters, and saves a draft per ward for staff', async () => {
    const many = Array.from({ length: 80 }, (_, i) => `dvc.m${i}`);
    const long = draftFromCatalogDiff({ added: many, changed: [], removed: [] }, (id) => ({ title: `Thủ tục có tên khá dài số ${id}`, level: 'Cấp xã' }), 'xa', 'phường 1 Bảo Lộc')!;
    expect(long.text.length).toBeLessThanOrEqual(1000);
    expect(long.text).toMatch(/… và \d+ thủ tục khác/);
    const ids = await saveCatalogDrafts(bot.announcements, { added: ['dvc.1'], changed: [], removed: [] }, facts, [
      { unit: 'phuong-b-lao', name: "phường B'Lao", level: 'xa' },
      { unit: 'phuong-1-bao-loc', name: 'phường 1 Bảo Lộc', level: 'xa' },
    ]);
    expect(ids).toHaveLength(2);
    const saved = await bot.store.announcements.get(ids[0]!);
    expect(saved).toMatchObject({ status: 'draft', origin: 'catalog-import', unit: 'phuong-b-lao' });
  });
});
