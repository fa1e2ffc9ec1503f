// Photos and places from the chat channels, end to end: the real telegraf against the fake
// Bot API (which now serves getFile and the file itself) and the Zalo Bot channel against
// the fake platform (which serves the photo's address), with the real bot on a temp data
// folder. A phone photo carrying GPS EXIF comes out with no metadata at all; a PDF renamed
// .jpg and a file over 10 MB are refused with a clear message and nothing kept; the
// satisfaction question arrives after the staff answer with its three choices.
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openBot, type Bot } from '../src/app/open-bot.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../src/app/paths.ts';
import { TelegramChannel } from '../src/channels/telegram/telegram-channel.ts';
import { ZaloBotChannel } from '../src/channels/zalo-bot/zalo-bot-channel.ts';
import { answerFeedback } from '../src/feedback/staff-actions.ts';
import { HandledIdsFile } from '../src/storage/lowdb/handled-ids-file.ts';
import { FAKE_TOKEN, FakeTelegramApi } from './helpers/fake-telegram-api.ts';
import { FakeZaloBotApi, ZALO_BOT_TOKEN } from './helpers/fake-zalo-bot-api.ts';
import { hasMetadata, pdfBytes, photoWithGps } from './helpers/images.ts';

const TODAY = '2027-02-03';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

const photosIn = (dataDir: string) => (existsSync(join(dataDir, 'attachments')) ? readdirSync(join(dataDir, 'attachments')) : []);

async function expectCleanPhotos(bot: Bot, code: string, count: number): Promise<void> {
  const record = (await bot.feedback.get(code))!;
  expect(record.attachments).toHaveLength(count);
  for (const ref of record.attachments!) {
    const bytes = (await bot.store.attachments.get(ref.id))!;
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(hasMetadata(bytes)).toBe(false);
    expect(bytes.toString('latin1')).not.toMatch(/GPS|TestPhone|Exif/);
  }
}

describe('Telegram: photos, files and places during a feedback', () => {
  it('keeps a GPS-tagged photo without metadata, refuses a PDF renamed .jpg and a 50 MB file, takes the place, and asks for a rating with buttons', async () => {
    const api = await FakeTelegramApi.start();
    const dataDir = mkdtempSync(join(tmpdir(), 'tthc-tg-photo-'));
    const logs: string[] = [];
    const channel = new TelegramChannel({ token: FAKE_TOKEN, apiRoot: api.apiRoot, sent: new HandledIdsFile(join(dataDir, 'sent.txt')), limits: { perChatMs: 5 }, log: (l) => logs.push(l) });
    const bot = await openBot({ TTHC_KNOWLEDGE_DIRS: [DEFAULT_KNOWLEDGE_DIR], TTHC_DATA_DIR: dataDir, TTHC_TODAY: TODAY }, { citizenRoutes: { telegram: channel.citizenDestination } });
    closers.push(async () => {
      await channel.stop();
      await bot.close();
      await api.close();
    });
    channel.attach(bot);
    await channel.start();
    const CITIZEN = 7_301;
    let seq = 1;
    const send = async (fields: Record<string, unknown>) => {
      const before = api.sentTo(CITIZEN).length;
      api.push({ message: { message_id: seq++, date: Math.floor(Date.now() / 1000), chat: { id: CITIZEN, type: 'private', first_name: 'Lan' }, from: { id: CITIZEN, is_bot: false, first_name: 'Lan' }, ...fields } });
      await vi.waitFor(() => expect(api.sentTo(CITIZEN).length).toBeGreaterThan(before), { timeout: 8_000 });
      await channel.idle();
      return api.sentTo(CITIZEN).slice(before).map((m) => m.text).join('\n');
    };
    await send({ text: '/phananh' });
    await send({ text: 'Cống thoát nước trước nhà số 12 đường Lê Lợi bị tắc, mưa xuống là ngập cả đoạn đường' });
    // A photo as Telegram offers it: several sizes, the largest fetched.
    const photo = await photoWithGps();
    const small = api.addFile(await photoWithGps(90, 68));
    const large = api.addFile(photo);
    expect(await send({ photo: [{ file_id: small, file_unique_id: 's', width: 90, height: 68, file_size: 2_000 }, { file_id: large, file_unique_id: 'l', width: 1200, height: 900, file_size: photo.length }] })).toMatch(/Đã nhận ảnh 1\/5/);
    // Sent as a file, a photo keeps all its EXIF: the bot keeps none of it.
    expect(await send({ document: { file_id: api.addFile(photo), file_unique_id: 'd', file_name: 'IMG_0001.jpg', mime_type: 'image/jpeg', file_size: photo.length } })).toMatch(/Đã nhận ảnh 2\/5/);
    expect(await send({ document: { file_id: api.addFile(pdfBytes()), file_unique_id: 'p', file_name: 'anh.jpg', mime_type: 'image/jpeg', file_size: pdfBytes().length } })).toMatch(/không phải là ảnh/);
    const downloads = api.downloads;
    expect(await send({ document: { file_id: 'huge', file_unique_id: 'h', file_name: 'video.jpg', mime_type: 'image/jpeg', file_size: 50 * 1024 * 1024 } })).toMatch(/Ảnh quá lớn: mỗi ảnh tối đa 10 MB/);
    expect(api.downloads).toBe(downloads); // not even downloaded
    expect(photosIn(dataDir)).toHaveLength(2);
    expect(await send({ location: { latitude: 11.5472, longitude: 107.8071 } })).toMatch(/Đã nhận vị trí: 11\.54720, 107\.80710/);
    await send({ text: 'đồng ý' });
    await send({ text: 'Lê Thị Lan' });
    expect(await send({ text: '0912 345 678' })).toMatch(/Ảnh kèm theo: 2[\s\S]*Vị trí: 11\.54720, 107\.80710/);
    const done = await send({ text: 'gửi' });
    const code = /PA-[A-Z0-9]{6}/.exec(done)![0];
    await expectCleanPhotos(bot, code, 2);
    expect(photosIn(dataDir)).toHaveLength(2);
    expect((await bot.feedback.get(code))?.location).toEqual({ latitude: 11.5472, longitude: 107.8071 });

    // The answer, then the question with its three buttons, once.
    await answerFeedback(bot.feedback, bot.outbox, code, 'Đã nạo vét cống ngày 05/02.', 'web:an');
    await bot.outbox.flush();
    const question = api.sentTo(CITIZEN).at(-1)!;
    expect(question.text).toMatch(/^(<b>)?Bạn có hài lòng với trả lời này không\?/);
    expect(question.reply_markup!.inline_keyboard.flat().map((b) => b.text)).toEqual(['Hài lòng', 'Bình thường', 'Không hài lòng']);
    const before = api.sentTo(CITIZEN).length;
    api.push({ callback_query: { id: 'cb-1', from: { id: CITIZEN, is_bot: false, first_name: 'Lan' }, chat_instance: 'ci', data: question.reply_markup!.inline_keyboard[0]![0]!.callback_data, message: { message_id: 1, date: 0, chat: { id: CITIZEN, type: 'private' }, text: '…' } } });
    await vi.waitFor(() => expect(api.sentTo(CITIZEN).length).toBeGreaterThan(before), { timeout: 8_000 });
    expect((await bot.feedback.get(code))?.satisfaction?.rating).toBe('hai-long');
    expect(logs.join('\n')).not.toContain(FAKE_TOKEN.split(':')[1]);
  });
});

describe('Zalo Bot: photos and places during a feedback', () => {
  it('keeps a GPS-tagged photo without metadata, refuses a PDF renamed .jpg, takes the place, and numbers the rating choices', async () => {
    const api = await FakeZaloBotApi.start();
    const dataDir = mkdtempSync(join(tmpdir(), 'tthc-zb-photo-'));
    const channel = new ZaloBotChannel({ token: ZALO_BOT_TOKEN, apiRoot: api.apiRoot, sent: new HandledIdsFile(join(dataDir, 'sent.txt')), pollSeconds: 1, log: () => undefined });
    const bot = await openBot(
      { TTHC_KNOWLEDGE_DIRS: [DEFAULT_KNOWLEDGE_DIR], TTHC_DATA_DIR: dataDir, TTHC_TODAY: TODAY },
      { citizenRoutes: { 'zalo-bot': channel.citizenDestination }, replyDestinations: [channel.replyDestination], backoff: { initialMs: 50, maxMs: 400, factor: 2 } },
    );
    bot.outbox.start();
    bot.replies.start();
    channel.attach(bot);
    await channel.start();
    closers.push(async () => {
      await channel.stop();
      await bot.close();
      await api.close();
    });
    const CHAT = 'b1c2d3e4f5a6b7c8d9e0';
    const settle = async (push: () => void) => {
      const before = api.textsTo(CHAT).length;
      push();
      await vi.waitFor(() => expect(api.textsTo(CHAT).length).toBeGreaterThan(before), { timeout: 10_000 });
      await vi.waitFor(async () => expect((await bot.replies.pending()).length).toBe(0), { timeout: 10_000 });
      return api.textsTo(CHAT).slice(before).join('\n');
    };
    await settle(() => api.userSays(CHAT, '/phananh'));
    await settle(() => api.userSays(CHAT, 'Đèn chiếu sáng đường Trần Phú đoạn trước chợ bị hỏng cả tuần nay, tối rất nguy hiểm'));
    expect(await settle(() => api.userSendsPhoto(CHAT, pdfBytes()))).toMatch(/không phải là ảnh/);
    expect(photosIn(dataDir)).toHaveLength(0);
    const photo = await photoWithGps(1600, 1200, '#884422');
    expect(await settle(() => api.userSendsPhoto(CHAT, photo))).toMatch(/Đã nhận ảnh 1\/5/);
    expect(await settle(() => api.userSendsLocation(CHAT, 11.5401, 107.8123))).toMatch(/Đã nhận vị trí: 11\.54010, 107\.81230/);
    await settle(() => api.userSays(CHAT, 'đồng ý'));
    await settle(() => api.userSays(CHAT, 'Phạm Văn Tâm'));
    await settle(() => api.userSays(CHAT, '0977 111 222'));
    const done = await settle(() => api.userSays(CHAT, 'gửi'));
    const code = /PA-[A-Z0-9]{6}/.exec(done)![0];
    await expectCleanPhotos(bot, code, 1);
    const ref = (await bot.feedback.get(code))!.attachments![0]!;
    // Shrunk to 2048 pixels at most, upright.
    expect([ref.width, ref.height]).toEqual([1600, 1200]);

    await answerFeedback(bot.feedback, bot.outbox, code, 'Đã thay bóng đèn ngày 04/02.', 'web:an');
    await bot.outbox.flush();
    await vi.waitFor(() => expect(api.textsTo(CHAT).at(-1)).toMatch(/Bạn có hài lòng với trả lời này không\?/), { timeout: 10_000 });
    const question = api.textsTo(CHAT).at(-1)!;
    expect(question).toMatch(/\[1\] Hài lòng\n\[2\] Bình thường\n\[3\] Không hài lòng/);
    // The citizen types the number of their choice.
    expect(await settle(() => api.userSays(CHAT, '3'))).toMatch(/Cảm ơn bạn đã đánh giá "Không hài lòng"/);
    expect((await bot.feedback.get(code))?.satisfaction?.rating).toBe('khong-hai-long');
  });
});
