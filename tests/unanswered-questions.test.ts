// The unanswered questions from outside, over real HTTP against the real server of a
// deployment serving two wards: each ward acts on its own questions only, no name, phone
// or e-mail typed into a question reaches the page, the CSV or the DOCX, nothing is chosen
// in advance that the engine would not answer with, and the CSV speaks Vietnamese.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWebHarness, type WebHarness } from './helpers/web-harness.ts';
import { staffClient } from './helpers/web-clients.ts';
import { docxDocumentXml } from './helpers/docx.ts';

let h: WebHarness;
const BLAO = 'phuong-b-lao';
const BAOLOC = 'phuong-1-bao-loc';

const ask = async (user: string, unit: string, text: string) => {
  await h.bot.conversation.handle({ channel: 'web', userId: user, chatId: user, input: { kind: 'button', payload: `unit:${unit}` } });
  await h.bot.conversation.handle({ channel: 'web', userId: user, chatId: user, input: { kind: 'text', text } });
};
const idsOf = async (unit: string, text: RegExp) => (await h.bot.feedback.unanswered({ open: true, unit })).filter((q) => text.test(q.query)).map((q) => q.id!);

beforeAll(async () => {
  h = await openWebHarness({ province: true });
  await h.bot.accounts.add('blao.admin', 'doi-thong-hai-mo-ben-ho', 'admin', BLAO);
  await h.bot.accounts.add('baoloc.canbo', 'che-xanh-tren-doi-bao-loc', 'staff', BAOLOC);
  const log = (query: string, unit: string, candidates: { id: string; score: number }[] = []) =>
    h.bot.feedback.logUnanswered({ at: new Date().toISOString(), channel: 'web', query, reason: 'no-answer', candidates, unit });
  await log('thủ tục xin nuôi kỳ lân trong nhà thế nào', BLAO);
  await log('thủ tục đăng ký nuôi rồng con ở đâu', BAOLOC);
  // Asked in the chat: logged with the name, e-mail and phone masked.
  await ask('a2', BLAO, 'tôi là Nguyễn Văn Hùng, email hung.nv@gmail.com, số 0912 345 678, cho hỏi thủ tục xin nuôi kỳ lân trong nhà thế nào');
  // What the engine offered then, a poor guess: offered again, never chosen in advance.
  await log('mua vé xe khách đi Sài Gòn ở đâu', BLAO, [{ id: 'land.transfer', score: 0.21 }]);
  // Logged by an older version, before names were masked at logging.
  await log('Trần Thị Mai hỏi thủ tục cấp phép bay khinh khí cầu', BLAO);
}, 60_000);
afterAll(() => h.close());

describe('two wards', () => {
  it('a ward\'s staff cannot dismiss another ward\'s question, nor its admin add one to the knowledge', async () => {
    const [dragon] = await idsOf(BAOLOC, /rồng/);
    const [unicorn] = await idsOf(BLAO, /^thủ tục xin nuôi kỳ lân/);
    expect(dragon && unicorn).toBeTruthy();
    const blao = await staffClient(h.url, 'blao.admin', 'doi-thong-hai-mo-ben-ho');
    const baoloc = await staffClient(h.url, 'baoloc.canbo', 'che-xanh-tren-doi-bao-loc');

    const dismiss = await baoloc.post('/staff/unanswered/dismiss', { ids: unicorn! }, '/staff/unanswered');
    expect(dismiss.status).toBe(404);
    expect(await idsOf(BLAO, /^thủ tục xin nuôi kỳ lân/)).toEqual([unicorn]);

    const land = readFileSync(join(h.knowledgeDir, 'land.json'), 'utf8');
    const add = await blao.post('/staff/unanswered/add', { ids: dragon!, question: 'thủ tục đăng ký nuôi rồng con ở đâu', entryId: 'land.transfer' }, '/staff/unanswered');
    expect(add.status).toBe(404);
    expect(readFileSync(join(h.knowledgeDir, 'land.json'), 'utf8')).toBe(land);
    expect(await idsOf(BAOLOC, /rồng/)).toEqual([dragon]);

    // Their own, they can.
    expect((await baoloc.post('/staff/unanswered/dismiss', { ids: dragon! }, '/staff/unanswered')).status).toBe(303);
    expect(await idsOf(BAOLOC, /rồng/)).toEqual([]);
  });
});

describe('personal data typed into a question', () => {
  const PERSONAL = /Nguyễn Văn Hùng|Hùng|hung\.nv|gmail|0912|345 678|Trần Thị Mai/;

  it('is masked on the unanswered page', async () => {
    const blao = await staffClient(h.url, 'blao.admin', 'doi-thong-hai-mo-ben-ho');
    const page = await (await blao.get('/staff/unanswered')).text();
    expect(page).toContain('khinh khí cầu');
    expect((await h.bot.feedback.unanswered({ unit: BLAO })).map((q) => q.query)).toContainEqual(
      'tôi là [tên đã ẩn], email [email đã ẩn], số [số đã ẩn], cho hỏi thủ tục xin nuôi kỳ lân trong nhà thế nào',
    );
    expect(page).not.toMatch(PERSONAL);
    expect(page).toContain('[tên đã ẩn]');
  });

  it('is masked in the quarterly CSV and DOCX, and the CSV has Vietnamese columns and Vietnam time', async () => {
    const blao = await staffClient(h.url, 'blao.admin', 'doi-thong-hai-mo-ben-ho');
    const csv = await (await blao.get('/staff/report.csv')).text();
    expect(csv).toContain('khinh khí cầu');
    expect(csv).not.toMatch(PERSONAL);
    const rows: string[][] = parse(csv, { bom: true });
    expect(rows[0]).toEqual(['Nhóm', 'Mã', 'Nội dung', 'Giá trị']);
    const generated = rows.find((r) => r[1] === 'generated-at')!;
    expect(generated[2]).toMatch(/giờ Việt Nam/);
    expect(generated[3]).toMatch(/^\d\d\/\d\d\/\d{4} \d\d:\d\d$/);
    const vietnamNow = new Date(Date.now() + 7 * 3600_000).toISOString();
    expect(generated[3]!.slice(-5, -3)).toBe(vietnamNow.slice(11, 13));

    const docx = Buffer.from(await (await blao.get('/staff/report.docx')).arrayBuffer());
    const xml = docxDocumentXml(docx);
    expect(xml).toContain('khinh khí cầu');
    expect(xml).not.toMatch(PERSONAL);
  });
});

describe('the entry offered for a question', () => {
  it('is not chosen in advance when the engine would not answer with it', async () => {
    const blao = await staffClient(h.url, 'blao.admin', 'doi-thong-hai-mo-ben-ho');
    const page = await (await blao.get('/staff/unanswered')).text();
    const row = page.split('data-testid="unanswered-row"').find((r) => r.includes('vé xe khách'))!;
    const select = /<select[^>]*data-testid="unanswered-entry"[^>]*>([\s\S]*?)<\/select>/.exec(row)![1]!;
    const selected = [...select.matchAll(/<option value="([^"]*)"( selected)?/g)].filter((m) => m[2]).map((m) => m[1]);
    expect(selected).toEqual(['']);
    expect(select).toMatch(/<option value="" selected>Chọn mục…<\/option>/);
    expect(select).toContain('value="land.transfer"');
    // Sent as it stands, it adds nothing and says why.
    const ids = (await h.bot.feedback.unanswered({ open: true, unit: BLAO })).filter((q) => /vé xe khách/.test(q.query)).map((q) => q.id!);
    const add = await blao.post('/staff/unanswered/add', { ids: ids.join(','), question: 'mua vé xe khách đi Sài Gòn ở đâu', entryId: '' }, '/staff/unanswered');
    expect(add.status).toBe(400);
    expect(await add.text()).toMatch(/chưa chọn mục kiến thức/);
  });
});
