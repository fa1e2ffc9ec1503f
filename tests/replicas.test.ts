// Two replicas of the service on one PostgreSQL database, behind a load balancer that
// posts the official Zalo Bot's webhook updates as the platform does (to either replica, at
// times to both at once, again until one answers 200). Citizens file feedback while the
// platform refuses messages for a while and one replica is killed (SIGKILL) with updates
// in flight: every update is handled once, every message sent once, no feedback lost.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { FAKE_TOKEN, FakeTelegramApi } from './helpers/fake-telegram-api.ts';
import { FakeZaloBotApi } from './helpers/fake-zalo-bot-api.ts';
import { adminPool, inSchema, randomSchema, skipWithoutPostgres, TEST_DATABASE_URL } from './helpers/postgres.ts';
import { citizenSays, citizenWritesOnTelegram, LoadBalancer, sleep, startReplica, telegramPlatform, zaloBotPlatform, type Replica } from './helpers/replicas.ts';

const NAMES = ['Nguyễn Thị Lan', 'Trần Văn Bình', 'Lê Thị Hoa', 'Phạm Minh Tuấn', 'Hoàng Thị Mai', 'Võ Văn Nam'];

/** One citizen's feedback, from the command to the confirmation; the marker makes its content unique. */
function feedbackSteps(i: number): string[] {
  return ['/phananh', `Đèn đường tổ ${i + 1} hỏng đã hai tuần, mã kiểm tra K${1000 + i}`, 'đồng ý', NAMES[i % NAMES.length]!, `0912 345 ${String(100 + i)}`, 'gửi'];
}

const chatOf = (i: number) => `citizen-${i}`;

describe.skipIf(skipWithoutPostgres())('two replicas on one database', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('handles every update once, sends every message once and loses no feedback, through duplicated deliveries, an outage and a SIGKILL', async () => {
    const api = await FakeZaloBotApi.start();
    cleanups.push(() => api.close());
    const schema = randomSchema();
    cleanups.push(async () => void (await adminPool().query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)));
    const replicas: Replica[] = [];
    cleanups.push(async () => {
      for (const r of replicas) r.child.kill('SIGKILL');
      await Promise.all(replicas.map((r) => r.exited));
    });
    const start = (name: string) => {
      const dataDir = mkdtempSync(join(tmpdir(), `tthc-replica-${name}-`));
      cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
      return startReplica(name, zaloBotPlatform(api), { databaseUrl: TEST_DATABASE_URL!, schema, dataDir, claimSeconds: 10 });
    };
    replicas.push(...(await Promise.all([start('A'), start('B')])));
    const [a, b] = replicas as [Replica, Replica];
    const lb = new LoadBalancer(zaloBotPlatform(api), replicas, { duplicateRate: 0.5 });
    const delivered: Record<string, unknown>[] = [];
    let ackedInPhase = 0;
    const converse = async (i: number) => {
      for (const text of feedbackSteps(i)) {
        const update = citizenSays(chatOf(i), text, NAMES[i % NAMES.length]);
        await lb.deliver(update);
        delivered.push(update);
        ackedInPhase++;
      }
    };

    // 1. Both replicas up, the platform well: twelve citizens at once.
    await Promise.all(Array.from({ length: 12 }, (_, i) => converse(i)));

    // 2. The platform refuses to send for a while (nothing is sent, so nothing can be sent
    //    twice by the kill), twelve more citizens, and replica A killed with posts in flight.
    api.failAlways('sendMessage', { kind: 'error', code: 503, description: 'Service Unavailable' });
    await sleep(500);
    ackedInPhase = 0;
    const second = Promise.all(Array.from({ length: 12 }, (_, i) => converse(12 + i)));
    await vi.waitFor(() => expect(ackedInPhase >= 20 && (lb.inFlight.get(a) ?? 0) >= 1).toBe(true), { timeout: 30_000, interval: 1 });
    a.child.kill('SIGKILL');
    await a.exited;
    await second;

    // 3. The platform sends again: replica B delivers everything queued, A's claims included.
    api.clearFaults();
    const { rows: filed } = await adminPool().query<{ code: string; user_id: string; content: string }>(
      `SELECT code, user_id, record->>'content' AS content FROM "${schema}".feedback`,
    );
    expect(filed).toHaveLength(24);
    expect(new Set(filed.map((f) => f.user_id)).size).toBe(24);
    for (let i = 0; i < 24; i++) {
      const mine = filed.filter((f) => f.user_id === chatOf(i));
      expect(mine, chatOf(i)).toHaveLength(1);
      expect(mine[0]!.content).toContain(`K${1000 + i}`);
    }
    await vi.waitFor(
      () => {
        for (const f of filed) expect(api.textsTo(f.user_id).join('\n'), f.user_id).toContain(f.code);
      },
      { timeout: 60_000, interval: 250 },
    );

    // 4. Late retries of updates already handled change nothing.
    const before = api.sent.length;
    for (const update of delivered.slice(0, 10)) await lb.deliver(update);
    await sleep(1_500);
    expect(api.sent.length).toBe(before);

    for (const f of filed) {
      const texts = api.textsTo(f.user_id);
      expect(new Set(texts).size, `${f.user_id} got a message twice`).toBe(texts.length);
      expect(texts.filter((t) => t.includes(f.code)), f.user_id).toHaveLength(1);
    }
    const claims = await inSchema<{ n: string; held: string }>(schema, "SELECT count(*) AS n, count(lease_until) AS held FROM handled_ids WHERE scope = 'zalo-bot-received'");
    expect(Number(claims[0]!.n)).toBe(delivered.length);
    expect(Number(claims[0]!.held)).toBe(0);
    expect(a.alive).toBe(false);
    expect(b.alive).toBe(true);
    expect(b.output.text).not.toContain(api.token.split(':')[1]);
    console.info(`replicas: ${delivered.length} updates, ${lb.stats.posts} posts, ${lb.stats.refused} refused (${lb.stats.busy} busy), ${api.sent.length} messages sent`);
  }, 180_000);

  it('on Telegram too: duplicated and concurrent webhook deliveries and a SIGKILL mid-way handle each update once and send each reply once', async () => {
    const api = await FakeTelegramApi.start();
    cleanups.push(() => api.close());
    const schema = randomSchema();
    cleanups.push(async () => void (await adminPool().query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)));
    const platform = telegramPlatform(api, FAKE_TOKEN);
    const replicas: Replica[] = [];
    cleanups.push(async () => {
      for (const r of replicas) r.child.kill('SIGKILL');
      await Promise.all(replicas.map((r) => r.exited));
    });
    const start = (name: string) => {
      const dataDir = mkdtempSync(join(tmpdir(), `tthc-replica-tg-${name}-`));
      cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
      return startReplica(name, platform, { databaseUrl: TEST_DATABASE_URL!, schema, dataDir, claimSeconds: 10 });
    };
    replicas.push(...(await Promise.all([start('A'), start('B')])));
    const [a, b] = replicas as [Replica, Replica];
    const lb = new LoadBalancer(platform, replicas, { duplicateRate: 0.5 });
    const chat = (i: number) => 700_000 + i;
    const delivered: Record<string, unknown>[] = [];
    let acked = 0;
    const converse = async (i: number) => {
      for (const text of feedbackSteps(i)) {
        const update = citizenWritesOnTelegram(chat(i), text);
        await lb.deliver(update);
        delivered.push(update);
        acked++;
      }
    };
    const all = Promise.all(Array.from({ length: 16 }, (_, i) => converse(i)));
    await vi.waitFor(() => expect(acked >= 40 && (lb.inFlight.get(a) ?? 0) >= 1).toBe(true), { timeout: 30_000, interval: 1 });
    a.child.kill('SIGKILL');
    await a.exited;
    await all;

    const { rows: filed } = await adminPool().query<{ code: string; user_id: string; content: string }>(
      `SELECT code, user_id, record->>'content' AS content FROM "${schema}".feedback`,
    );
    expect(filed).toHaveLength(16);
    for (let i = 0; i < 16; i++) {
      const mine = filed.filter((f) => f.user_id === String(chat(i)));
      expect(mine, String(chat(i))).toHaveLength(1);
      expect(mine[0]!.content).toContain(`K${1000 + i}`);
      const texts = api.sentTo(chat(i)).map((m) => m.text);
      expect(new Set(texts).size, `${chat(i)} got a message twice: ${JSON.stringify(texts.map((t) => t.slice(0, 60)))}`).toBe(texts.length);
      expect(texts.filter((t) => t.includes(mine[0]!.code)), String(chat(i))).toHaveLength(1);
    }
    const before = api.sent.length;
    for (const update of delivered.slice(0, 10)) await lb.deliver(update);
    await sleep(1_000);
    expect(api.sent.length).toBe(before);
    const claims = await inSchema<{ n: string; held: string }>(schema, "SELECT count(*) AS n, count(lease_until) AS held FROM handled_ids WHERE scope = 'telegram-updates'");
    expect(Number(claims[0]!.n)).toBe(delivered.length);
    expect(Number(claims[0]!.held)).toBe(0);
    expect(b.alive).toBe(true);
    expect(b.output.text).not.toContain(FAKE_TOKEN.split(':')[1]);
    console.info(`replicas (Telegram): ${delivered.length} updates, ${lb.stats.posts} posts, ${lb.stats.refused} refused (${lb.stats.busy} busy), ${api.sent.length} messages sent`);
  }, 180_000);
});
