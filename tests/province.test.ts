// One deployment serving three wards of Lâm Đồng (tests/fixtures/province: the province's
// settings.json and units/ for phường B'Lao, phường 1 Bảo Lộc and phường 2 Bảo Lộc, over the
// shared knowledge): citizens choose their ward and get its answers, feedback reaches that
// ward's staff group on Telegram (the real telegraf against a fake Bot API) and its staff
// in the web workspace, who see their own ward only; the province sees all, and reports
// per ward and for the whole province.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBot, type Bot } from '../src/app/open-bot.ts';
import { DEFAULT_KNOWLEDGE_DIR, PROJECT_ROOT } from '../src/app/paths.ts';
import { startWeb } from '../src/app/start-web.ts';
import { TelegramChannel } from '../src/channels/telegram/telegram-channel.ts';
import { sectionsToPlainText } from '../src/conversation/sections.ts';
import type { IncomingMessage } from '../src/conversation/types.ts';
import { UnitFinder } from '../src/search/unit-finder.ts';
import type { RunningWeb } from '../src/web/server.ts';
import { FAKE_TOKEN, FakeTelegramApi } from './helpers/fake-telegram-api.ts';
import { staffLogin } from './helpers/staff-http.ts';

const PROVINCE = join(PROJECT_ROOT, 'tests', 'fixtures', 'province');
const PROVINCE_CHAT = '-1001000000000';
const BLAO_CHAT = '-1001000000001'; // units/phuong-b-lao.json staff.telegramChatId
const BAOLOC1_CHAT = '-1001000000002'; // units/phuong-1-bao-loc.json

let bot: Bot;
let api: FakeTelegramApi;
let telegram: TelegramChannel;
let web: RunningWeb;

beforeAll(async () => {
  api = await FakeTelegramApi.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'tthc-province-'));
  let opened: Bot | undefined;
  const unitChats = () => new Map((opened?.knowledge.current().units.units ?? []).flatMap((u) => (u.settings.staff?.telegramChatId ? [[u.id, u.settings.staff.telegramChatId] as const] : [])));
  telegram = new TelegramChannel({ token: FAKE_TOKEN, apiRoot: api.apiRoot, staffChatId: PROVINCE_CHAT, unitChats, limits: { perChatMs: 5 }, log: () => undefined });
  opened = bot = await openBot({ TTHC_KNOWLEDGE_DIRS: [PROVINCE, DEFAULT_KNOWLEDGE_DIR], TTHC_DATA_DIR: dataDir }, { staffDestinations: [telegram.staffDestination!], citizenRoutes: { telegram: telegram.citizenDestination } });
  bot.outbox.start();
  telegram.attach(bot);
  await telegram.start();
  web = await startWeb(bot, { WEB_PORT: 0, WEB_HOST: '127.0.0.1', TRUST_PROXY: false, WEB_SESSION_SECRET: undefined, WEB_EMBED_ORIGINS: '*' }, () => ({}));
  await bot.accounts.add('tinh.admin', 'mat-khau-cua-tinh-2026', 'admin');
  await bot.accounts.add('blao.canbo', 'mat-khau-b-lao-2026', 'staff', 'phuong-b-lao');
  await bot.accounts.add('baoloc1.canbo', 'mat-khau-bao-loc-1', 'staff', 'phuong-1-bao-loc');
}, 60_000);

afterAll(async () => {
  await web?.close();
  await telegram?.stop();
  await bot?.close();
  await api?.close();
});

/** A citizen on the web chat: what the bot answers, as text, with its buttons' payloads. */
async function say(user: string, input: IncomingMessage['input']) {
  const turn = await bot.conversation.respond({ channel: 'web', userId: user, chatId: user, input });
  return { text: turn.replies.map((r) => sectionsToPlainText(r.sections)).join('\n'), payloads: turn.replies.flatMap((r) => r.buttons.map((b) => b.payload)), answered: turn.answered };
}

async function sendFeedback(user: string, content: string): Promise<string> {
  for (const text of ['/phananh', content, 'đồng ý', 'Trần Thị Hoa', '0905 123 456']) await say(user, { kind: 'text', text });
  return /PA-[A-Z0-9]{6}/.exec((await say(user, { kind: 'text', text: 'gửi' })).text)![0];
}

async function until<T>(probe: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('choosing a ward', () => {
  it('finds a ward by name in any spelling, asks which when several fit, and knows none it does not serve', () => {
    const finder = new UnitFinder(bot.knowledge.current().units.units);
    const id = (text: string) => {
      const m = finder.find(text);
      return m.kind === 'one' ? m.unit.id : m.kind === 'several' ? m.units.map((u) => u.id).sort() : null;
    };
    expect(id("phường B'Lao")).toBe('phuong-b-lao');
    expect(id('blao')).toBe('phuong-b-lao');
    expect(id('PHUONG B LAO')).toBe('phuong-b-lao');
    expect(id('tôi ở phường 2 bảo lộc')).toBe('phuong-2-bao-loc');
    expect(id('bảo lộc 1')).toBe('phuong-1-bao-loc');
    expect(id('p1 bao loc')).toBe('phuong-1-bao-loc');
    expect(id('bao loc')).toEqual(['phuong-1-bao-loc', 'phuong-2-bao-loc']);
    expect(id('bảo lôc 2')).toBe('phuong-2-bao-loc');
    expect(id('phường 2 bảo lộc'.normalize('NFD'))).toBe('phuong-2-bao-loc');
    expect(id('hà nội')).toBeNull();
    expect(id('2')).toBeNull();
  });

  it('asks at first contact, keeps the question and answers it with that ward\'s office, and "đổi phường" changes it', async () => {
    const opened = await say('c1', { kind: 'open' });
    expect(opened.text).toMatch(/phường, xã nào/);
    expect(opened.payloads).toEqual(['unit:phuong-1-bao-loc', 'unit:phuong-2-bao-loc', 'unit:phuong-b-lao']);

    const asked = await say('c1', { kind: 'text', text: 'giờ làm việc của bộ phận một cửa thế nào' });
    expect(asked.text).toMatch(/phường, xã nào/);
    expect((await say('c1', { kind: 'text', text: 'bao loc' })).payloads).toEqual(['unit:phuong-1-bao-loc', 'unit:phuong-2-bao-loc']);
    const answered = await say('c1', { kind: 'button', payload: 'unit:phuong-2-bao-loc' });
    expect(answered.text).toMatch(/Bot sẽ trả lời theo phường 2 Bảo Lộc/);
    expect(answered.text).toMatch(/Trung tâm Phục vụ hành chính công phường 2 Bảo Lộc/i);
    expect(answered.text).not.toMatch(/B'Lao/);

    expect((await say('c1', { kind: 'text', text: 'đổi phường' })).text).toMatch(/chọn phường, xã nào/);
    const blao = await say('c1', { kind: 'text', text: "phường B'Lao" });
    expect(blao.text).toMatch(/Bot sẽ trả lời theo phường B'Lao/);
    expect((await say('c1', { kind: 'text', text: 'địa chỉ bộ phận một cửa ở đâu' })).text).toMatch(/Trụ sở Ủy ban nhân dân phường B'Lao/);
  });

  it('takes the ward and the question from one message, and a page opened for a ward asks nothing', async () => {
    const both = await say('c2', { kind: 'text', text: 'phường 1 Bảo Lộc làm giấy khai sinh cần gì' });
    expect(both.text).toMatch(/phường 1 Bảo Lộc/);
    expect(both.answered).toBe('civil.birth');
    const preset = await say('c3', { kind: 'open', unit: 'phuong-b-lao' });
    expect(preset.text).not.toMatch(/phường, xã nào/);
    expect(preset.text).toMatch(/Ủy ban nhân dân phường B'Lao/);
  });
});

describe('feedback in a province', () => {
  let blaoCode = '';
  let baoloc1Code = '';
  let baoloc2Code = '';

  it('goes to the ward\'s own staff group, or the province group when the ward has none, naming the ward', async () => {
    await say('f1', { kind: 'button', payload: 'unit:phuong-b-lao' });
    blaoCode = await sendFeedback('f1', 'Đèn đường tổ 3 phường B Lao hỏng');
    await say('f2', { kind: 'button', payload: 'unit:phuong-1-bao-loc' });
    baoloc1Code = await sendFeedback('f2', 'Rác chưa được thu gom ở khu phố 4');
    await say('f3', { kind: 'button', payload: 'unit:phuong-2-bao-loc' });
    baoloc2Code = await sendFeedback('f3', 'Cống thoát nước bị tắc trước chợ');
    await until(() => api.sentTo(Number(BLAO_CHAT)).some((m) => m.text.includes(blaoCode)));
    await until(() => api.sentTo(Number(BAOLOC1_CHAT)).some((m) => m.text.includes(baoloc1Code)));
    await until(() => api.sentTo(Number(PROVINCE_CHAT)).some((m) => m.text.includes(baoloc2Code)));
    expect(api.sentTo(Number(BLAO_CHAT)).map((m) => m.text).join('\n')).not.toContain(baoloc1Code);
    expect(api.sentTo(Number(BLAO_CHAT)).find((m) => m.text.includes(blaoCode))!.text).toContain("Đơn vị: phường B'Lao");
    expect((await bot.feedback.get(blaoCode))!.unit).toBe('phuong-b-lao');
  });

  it('lets a ward\'s group answer its own feedback only', async () => {
    const before = api.sentTo(Number(BLAO_CHAT)).length;
    api.push({ message: { message_id: 900, date: Math.floor(Date.now() / 1000), chat: { id: Number(BLAO_CHAT), type: 'supergroup', title: 'B Lao' }, from: { id: 77, is_bot: false, first_name: 'Cán bộ' }, text: `/traloi ${baoloc1Code} Đã xử lý` } });
    await until(() => api.sentTo(Number(BLAO_CHAT)).length > before);
    expect(api.sentTo(Number(BLAO_CHAT)).at(-1)!.text).toMatch(/Chưa lưu được câu trả lời.*thuộc đơn vị của bạn/);
    expect((await bot.feedback.get(baoloc1Code))!.answer).toBeUndefined();
    api.push({ message: { message_id: 901, date: Math.floor(Date.now() / 1000), chat: { id: Number(BLAO_CHAT), type: 'supergroup', title: 'B Lao' }, from: { id: 77, is_bot: false, first_name: 'Cán bộ' }, text: `/traloi ${blaoCode} Phường đã thay bóng đèn` } });
    await until(() => api.sentTo(Number(BLAO_CHAT)).some((m) => /Đã lưu câu trả lời/.test(m.text)));
    expect((await bot.feedback.get(blaoCode))!.answer?.text).toBe('Phường đã thay bóng đèn');
  });

  it('shows each ward\'s staff their own ward in the web workspace, the province all, and reports per ward and province-wide', async () => {
    const blao = await login('blao.canbo', 'mat-khau-b-lao-2026');
    const blaoInbox = await blao.get('/staff');
    expect(blaoInbox).toContain(`data-code="${blaoCode}"`);
    expect(blaoInbox).not.toContain(`data-code="${baoloc1Code}"`);
    expect(blaoInbox).toMatch(/Ủy ban nhân dân phường B(&#39;|')Lao/);
    expect(await blao.status(`/staff/feedback/${baoloc1Code}`)).toBe(404);

    const province = await login('tinh.admin', 'mat-khau-cua-tinh-2026');
    const all = await province.get('/staff');
    for (const code of [blaoCode, baoloc1Code, baoloc2Code]) expect(all).toContain(`data-code="${code}"`);
    const filtered = await province.get('/staff?unit=phuong-1-bao-loc');
    expect(filtered).toContain(`data-code="${baoloc1Code}"`);
    expect(filtered).not.toContain(`data-code="${blaoCode}"`);

    const wide = await province.get('/staff/report.csv');
    expect(wide).toMatch(/unit,phuong-b-lao,phường B'Lao,1/);
    expect(wide).toMatch(/unit,phuong-2-bao-loc,phường 2 Bảo Lộc,1/);
    const ward = await blao.get('/staff/report.csv');
    expect(ward).not.toMatch(/^unit,/m);
    expect(ward).toMatch(/^summary,total,"[^"]*",1\r?$/m);
  });
});

/** A staff member logged in over real HTTP. */
const login = (username: string, password: string) => staffLogin(web.url, username, password);
