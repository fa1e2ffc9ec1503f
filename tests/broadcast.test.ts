// A broadcast to 10,000 Telegram subscribers on real processes: the service (`npm start`)
// against the fake Bot API, which enforces Telegram's limits (a 429 for a send over them),
// the announcement made with `announce --json` while the service runs, and the service
// killed (SIGKILL) in the middle and started again. Every subscriber receives it; only a
// message in flight at the kill (sent in the last second before it) is sent twice; the 300 who unsubscribed receive nothing; no chat gets two within a second; no
// second holds more than the limit configured.
//
// The pace: Telegram's 25 a second would make this test last seven minutes, so it runs at a
// test-only 200 a second (TELEGRAM_BROADCAST_PER_SECOND) under an overall cap of 230
// (TELEGRAM_SEND_PER_SECOND), which the fake enforces. The same code at the real 25 a
// second, with the full 10,000, is `npm run bench:broadcast` (bench/broadcast.ts).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openLowdbStore } from '../src/storage/lowdb/open-lowdb-store.ts';
import { chatOf, cli, figures, seedSubscribers, startBot, whenRunning } from './helpers/broadcast-scene.ts';
import { FAKE_TOKEN, FakeTelegramApi } from './helpers/fake-telegram-api.ts';
import type { ServiceProcess } from './helpers/service-process.ts';

const SUBSCRIBERS = 10_000;
const UNSUBSCRIBED = 300;
const RATE = 200;
const CAP = 230;

describe('broadcast on Telegram (real processes)', () => {
  const cleanups: (() => unknown)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('reaches 10,000 subscribers once each within the limits, skips those who left, and finishes after a SIGKILL without starting over', async () => {
    const api = await FakeTelegramApi.start({ limits: { perChatMs: 1_000, globalPerSecond: CAP } });
    cleanups.push(() => api.close());
    const dataDir = mkdtempSync(join(tmpdir(), 'tthc-broadcast-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    // 10,300 subscribe, 300 of them leave again.
    const store = await openLowdbStore(dataDir);
    await seedSubscribers(store, 0, SUBSCRIBERS + UNSUBSCRIBED);
    for (let n = SUBSCRIBERS; n < SUBSCRIBERS + UNSUBSCRIBED; n++) await store.announcements.unsubscribe(`telegram:${chatOf(n)}`, new Date(), 'citizen');
    await store.close();

    const env = { TTHC_DATA_DIR: dataDir, TELEGRAM_BOT_TOKEN: FAKE_TOKEN, TELEGRAM_API_ROOT: api.apiRoot, TELEGRAM_BROADCAST_PER_SECOND: String(RATE), TELEGRAM_SEND_PER_SECOND: String(CAP), ZALO_BOT_TOKEN: '', DATABASE_URL: '' };
    let service: ServiceProcess = startBot(env);
    cleanups.push(() => service.child.kill('SIGKILL'));
    await whenRunning(service);

    // The command hands the announcement to the running bot (it holds the data folder).
    const textFile = join(dataDir, '..', `tin-${Date.now()}.txt`);
    writeFileSync(textFile, 'Từ ngày 01/01/2027, lệ phí đăng ký kết hôn được miễn.\nChi tiết xem tại trụ sở UBND phường.');
    cleanups.push(() => rmSync(textFile, { force: true }));
    const announced = await cli(['announce', '--title', 'Thay đổi lệ phí', '--text-file', textFile, '--json'], env);
    expect(announced.stderr).toBe('');
    expect(announced.code).toBe(0);
    const result = JSON.parse(announced.stdout.trim()) as { id: string; recipients: number };
    expect(announced.stdout.trim()).toBe(JSON.stringify({ id: result.id, recipients: SUBSCRIBERS }));

    const announcementsSent = () => api.sent.filter((m) => m.text.startsWith('<b>Thay đổi lệ phí</b>'));
    // Killed in the middle of the broadcast, then started again on the same data.
    const wait = async (done: () => boolean, ms: number) => {
      for (const until = Date.now() + ms; !done(); ) {
        if (Date.now() > until) throw new Error(`timed out; ${announcementsSent().length} sent\n${service.output.text.slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await wait(() => announcementsSent().length >= 3_000, 60_000);
    const killedAt = Date.now();
    service.child.kill('SIGKILL');
    await service.exited;
    const atKill = announcementsSent().length;
    expect(atKill).toBeLessThan(SUBSCRIBERS);
    service = startBot(env);
    await whenRunning(service);
    await wait(() => new Set(announcementsSent().map((m) => m.chat.id)).size >= SUBSCRIBERS, 180_000);
    // Time for anything still in flight to show itself as a duplicate.
    await new Promise((r) => setTimeout(r, 2_000));

    const sent = announcementsSent();
    const f = figures(sent);
    console.info(`broadcast: ${f.messages} messages to ${f.chats} chats, ${f.duplicates} duplicates, at most ${f.maxPerSecond} in a second, least spacing per chat ${f.minChatSpacingMs} ms; ${api.tooFast} answered 429; ${atKill} sent before the SIGKILL`);
    expect(f.chats).toBe(SUBSCRIBERS);
    for (let n = 0; n < SUBSCRIBERS; n++) expect(api.sentTo(chatOf(n)).length, `chat ${n}`).toBeGreaterThan(0);
    for (let n = SUBSCRIBERS; n < SUBSCRIBERS + UNSUBSCRIBED; n++) expect(api.sentTo(chatOf(n))).toHaveLength(0);
    // A message goes twice only when the kill fell between Telegram accepting it and the bot
    // recording that (an fsync, slower on a loaded machine): never one sent well before the
    // kill, which would mean the restart went back over done work.
    expect(f.resent.filter((r) => r.times > 2 || r.firstAt < killedAt - 1_000)).toEqual([]);
    expect(f.minChatSpacingMs).toBeGreaterThanOrEqual(1_000);
    expect(f.maxPerSecond).toBeLessThanOrEqual(CAP);
    expect(api.tooFast).toBeLessThanOrEqual(3);
    // Every announcement ends with the button that ends the subscription.
    expect(sent.every((m) => m.reply_markup?.inline_keyboard[0]?.[0]?.callback_data === 'sub:off')).toBe(true);

    // The bot finishes the broadcast and counts it.
    await service.child.kill('SIGTERM');
    await service.exited;
    const after = await openLowdbStore(dataDir);
    cleanups.push(() => after.close());
    const a = await after.announcements.get(result.id);
    expect(a?.status).toBe('sent');
    expect(a && 'delivered' in a ? a.delivered : 0).toBeGreaterThanOrEqual(SUBSCRIBERS);
  }, 420_000);
});
