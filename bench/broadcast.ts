// `npm run -s bench:broadcast -- [--subscribers 1500] [--seconds 30] [--rate 3] [--full] [--json]`:
// the service (a real process, lowdb data folder) against the fake Telegram Bot API, which
// enforces Telegram's limits (30 a second overall, 1 a second per chat: a 429 over them), at
// the real broadcast pace (25 a second). Ordinary replies are timed (a citizen's message
// posted to getUpdates → the bot's reply received) for `--seconds` without a broadcast, then
// for as long again while a broadcast to `--subscribers` runs. With --full it waits for the
// broadcast to end and reports its figures (delivered, most in any second, least spacing per
// chat, 429s): `--subscribers 10000 --full` is the target's run at real rates (~7 minutes).
// Prints one JSON line.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openLowdbStore } from '../src/storage/lowdb/open-lowdb-store.ts';
import { cli, figures, seedSubscribers, startBot, whenRunning } from '../tests/helpers/broadcast-scene.ts';
import { FAKE_TOKEN, FakeTelegramApi } from '../tests/helpers/fake-telegram-api.ts';

const { values } = parseArgs({
  options: {
    subscribers: { type: 'string', default: '1500' },
    seconds: { type: 'string', default: '30' },
    rate: { type: 'string', default: '3' },
    full: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const subscribers = Number(values.subscribers);
const seconds = Number(values.seconds);
const questionsPerSecond = Number(values.rate);
const QUESTIONS = ['làm giấy khai sinh cần gì', 'giờ làm việc của phường', 'đăng ký kết hôn cần giấy tờ gì', 'lệ phí cấp sổ đỏ bao nhiêu', 'đăng ký thường trú ở đâu'];

const api = await FakeTelegramApi.start({ limits: { perChatMs: 1_000, globalPerSecond: 30 } });
const dataDir = mkdtempSync(join(tmpdir(), 'tthc-bench-broadcast-'));
const store = await openLowdbStore(dataDir);
await seedSubscribers(store, 0, subscribers);
await store.close();
const env = { TTHC_DATA_DIR: dataDir, TELEGRAM_BOT_TOKEN: FAKE_TOKEN, TELEGRAM_API_ROOT: api.apiRoot, ZALO_BOT_TOKEN: '', DATABASE_URL: '' };
const service = startBot(env);
await whenRunning(service);

let citizen = 0;
/** Ordinary replies for `ms`: each question from a new citizen (no per-chat wait in the way); their latencies. */
async function timeReplies(ms: number): Promise<number[]> {
  const latencies: Promise<number>[] = [];
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const chat = 900_000 + citizen++;
    const at = Date.now();
    api.push({ message: { message_id: citizen, date: Math.floor(at / 1000), chat: { id: chat, type: 'private' }, from: { id: chat, is_bot: false, first_name: 'Dân' }, text: QUESTIONS[citizen % QUESTIONS.length] } });
    latencies.push(
      (async () => {
        for (;;) {
          const reply = api.sent.find((m) => m.chat.id === chat);
          if (reply) return reply.at - at;
          await new Promise((r) => setTimeout(r, 5));
        }
      })(),
    );
    await new Promise((r) => setTimeout(r, 1000 / questionsPerSecond));
  }
  return Promise.all(latencies);
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const p = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { replies: s.length, p50Ms: p(0.5), p99Ms: p(0.99), maxMs: s.at(-1)! };
};

await timeReplies(3_000); // warm up
const baseline = stats(await timeReplies(seconds * 1000));
const textFile = join(dataDir, '..', `bench-tin-${Date.now()}.txt`);
writeFileSync(textFile, 'Từ ngày 01/01/2027, lệ phí đăng ký kết hôn được miễn.');
const announced = await cli(['announce', '--title', 'Thay đổi lệ phí', '--text-file', textFile, '--json'], env);
const started = Date.now();
const { recipients } = JSON.parse(announced.stdout) as { recipients: number };
const during = stats(await timeReplies(seconds * 1000));
const broadcastSent = () => api.sent.filter((m) => m.text.startsWith('<b>Thay đổi lệ phí</b>'));
const sentWhileMeasured = broadcastSent().length;
if (values.full) {
  while (new Set(broadcastSent().map((m) => m.chat.id)).size < subscribers) await new Promise((r) => setTimeout(r, 200));
  await new Promise((r) => setTimeout(r, 2_000));
}
const all = figures(api.sent);
const broadcast = figures(broadcastSent());
service.child.kill('SIGTERM');
await service.exited;
await api.close();
rmSync(dataDir, { recursive: true, force: true });
rmSync(textFile, { force: true });

const result = {
  bench: 'broadcast',
  subscribers,
  recipients,
  questionsPerSecond,
  baseline,
  during,
  addedP99Ms: during.p99Ms - baseline.p99Ms,
  broadcast: {
    ...(values.full ? { seconds: Math.round((Date.now() - started) / 1000), complete: broadcast.chats === subscribers } : { sentWhileMeasured }),
    messages: broadcast.messages,
    chats: broadcast.chats,
    duplicates: broadcast.duplicates,
    maxPerSecond: broadcast.maxPerSecond,
  },
  overall: { maxPerSecond: all.maxPerSecond, minChatSpacingMs: all.minChatSpacingMs === Infinity ? null : all.minChatSpacingMs, answered429: api.tooFast },
};
console.log(values.json ? JSON.stringify(result) : JSON.stringify(result, null, 2));
