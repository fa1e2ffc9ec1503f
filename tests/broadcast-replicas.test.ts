// A broadcast shared by two replicas of the service on one PostgreSQL database (real
// processes, each sending through its own fake Telegram Bot API, so who sent what can be
// told apart): `announce --json` writes to the database while they run; both deliver, every
// subscriber gets it once, and the pace is kept across them (one shared pace in the database).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chatOf, cli, figures, seedSubscribers } from './helpers/broadcast-scene.ts';
import { FAKE_TOKEN, FakeTelegramApi } from './helpers/fake-telegram-api.ts';
import { adminPool, postgresStores, randomSchema, skipWithoutPostgres, TEST_DATABASE_URL } from './helpers/postgres.ts';
import { startReplica, telegramPlatform, type Replica } from './helpers/replicas.ts';

const SUBSCRIBERS = 2_000;
const RATE = 100;
const CAP = 130;

describe.skipIf(skipWithoutPostgres())('a broadcast shared by two replicas', () => {
  const cleanups: (() => unknown)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('is delivered once to each subscriber by both replicas together, within one shared pace', async () => {
    const schema = randomSchema();
    cleanups.push(async () => void (await adminPool().query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)));
    const stores = postgresStores();
    const store = await stores.open({ schema });
    await seedSubscribers(store, 0, SUBSCRIBERS);
    await stores.closeAll();

    const apis = await Promise.all([FakeTelegramApi.start({ limits: { perChatMs: 1_000, globalPerSecond: CAP } }), FakeTelegramApi.start({ limits: { perChatMs: 1_000, globalPerSecond: CAP } })]);
    cleanups.push(() => Promise.all(apis.map((a) => a.close())));
    const replicas: Replica[] = [];
    cleanups.push(async () => {
      for (const r of replicas) r.child.kill('SIGKILL');
      await Promise.all(replicas.map((r) => r.exited));
    });
    for (const [i, api] of apis.entries()) {
      const platform = telegramPlatform(api, FAKE_TOKEN);
      const dataDir = mkdtempSync(join(tmpdir(), `tthc-bc-replica-${i}-`));
      cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
      replicas.push(
        await startReplica(`R${i}`, { ...platform, env: (port) => ({ ...platform.env(port), TELEGRAM_BROADCAST_PER_SECOND: String(RATE), TELEGRAM_SEND_PER_SECOND: String(CAP) }) }, { databaseUrl: TEST_DATABASE_URL!, schema, dataDir }),
      );
    }

    const textFile = join(mkdtempSync(join(tmpdir(), 'tthc-bc-text-')), 'tin.txt');
    writeFileSync(textFile, 'Từ tháng 7, hồ sơ đăng ký cư trú chỉ nhận trực tuyến.');
    const announced = await cli(['announce', '--title', 'Cư trú trực tuyến', '--text-file', textFile, '--json'], { DATABASE_URL: TEST_DATABASE_URL!, DATABASE_SCHEMA: schema });
    expect(announced.stderr).toBe('');
    const result = JSON.parse(announced.stdout) as { id: string; recipients: number };
    expect(announced.stdout).toBe(`${JSON.stringify({ id: result.id, recipients: SUBSCRIBERS })}\n`);

    const sent = () => apis.flatMap((a) => a.sent.filter((m) => m.text.startsWith('<b>Cư trú trực tuyến</b>')));
    for (const until = Date.now() + 120_000; new Set(sent().map((m) => m.chat.id)).size < SUBSCRIBERS; ) {
      if (Date.now() > until) throw new Error(`timed out: ${sent().length}\n${replicas.map((r) => r.output.text.slice(-2000)).join('\n')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 1_000));
    const f = figures(sent().sort((a, b) => a.at - b.at));
    const shares = apis.map((a) => a.sent.length);
    console.info(`two replicas: ${f.messages} messages to ${f.chats} chats (shares ${shares.join(' + ')}), ${f.duplicates} duplicates, at most ${f.maxPerSecond} in a second`);
    expect(f.chats).toBe(SUBSCRIBERS);
    for (let n = 0; n < SUBSCRIBERS; n++) expect(apis.some((a) => a.sentTo(chatOf(n)).length > 0)).toBe(true);
    expect(f.duplicates).toBe(0);
    expect(Math.min(...shares)).toBeGreaterThan(SUBSCRIBERS / 10);
    expect(f.maxPerSecond).toBeLessThanOrEqual(CAP);
    expect(apis.reduce((n, a) => n + a.tooFast, 0)).toBe(0);
  }, 240_000);
});
