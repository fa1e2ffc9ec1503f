// `npm run -s bench:replicas -- [--rate 200] [--seconds 10] [--duplicates 0.3] [--json]`
// (with DATABASE_URL): two replicas of the service (real processes, as in production) on a
// fresh PostgreSQL schema, the official Zalo Bot's webhook posted to them at a steady
// rate by a load balancer that also posts a share of the updates to both at once. Measures
// how fast updates are acknowledged, then, once every reply is delivered, counts what was
// lost (updates not handled, replies not sent) and what was duplicated (parts sent twice).
// Prints one JSON line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { FakeZaloBotApi } from '../tests/helpers/fake-zalo-bot-api.ts';
import { citizenSays, LoadBalancer, sleep, startReplica, zaloBotPlatform, type Replica } from '../tests/helpers/replicas.ts';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '10' },
    duplicates: { type: 'string', default: '0.3' },
    json: { type: 'boolean', default: false },
  },
});
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const url = process.env.DATABASE_URL;
if (!url) throw new Error('bench:replicas cần DATABASE_URL (một cơ sở dữ liệu PostgreSQL để thử)');

/** Questions as citizens ask them; each citizen asks them in turn, a few seconds apart. */
const QUESTIONS = ['giờ làm việc của phường', 'làm sổ đỏ cần giấy tờ gì', 'đăng ký khai sinh cho con', 'đăng ký thường trú ở đâu', 'thành lập hộ kinh doanh'];
const total = Math.round(rate * seconds);
const citizens = Math.ceil(total / QUESTIONS.length);

const schema = `tthc_bench_${Date.now().toString(36)}`;
const admin = new pg.Pool({ connectionString: url, max: 2 });
const api = await FakeZaloBotApi.start();
const dirs: string[] = [];
const replicas: Replica[] = [];
const count = async (sql: string) => Number((await admin.query<{ n: string }>(sql.replaceAll('$schema', `"${schema}"`))).rows[0]!.n);

try {
  for (const name of ['A', 'B']) {
    const dataDir = mkdtempSync(join(tmpdir(), `tthc-bench-replica-${name}-`));
    dirs.push(dataDir);
    replicas.push(await startReplica(name, zaloBotPlatform(api), { databaseUrl: url, schema, dataDir, claimSeconds: 30 }));
  }
  const lb = new LoadBalancer(zaloBotPlatform(api), replicas, { duplicateRate: Number(values.duplicates) });
  const latencies: number[] = [];
  const started = performance.now();
  const deliveries: Promise<void>[] = [];
  // Open loop: update i is posted at its time whatever the earlier ones are doing.
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const update = citizenSays(`bench-${i % citizens}`, QUESTIONS[Math.floor(i / citizens)]!);
    deliveries.push(lb.deliver(update).then((ms) => void latencies.push(ms)));
  }
  await Promise.all(deliveries);
  const ackedIn = (performance.now() - started) / 1000;

  // Replies go out at the pace the platform is sent to (see ZALO_BOT_SPACING): wait for all.
  const drainStarted = performance.now();
  while ((await count(`SELECT count(*) AS n FROM $schema.outbox WHERE state = 'pending'`)) > 0) {
    if (performance.now() - drainStarted > 600_000) break;
    await sleep(500);
  }
  const handled = await count(`SELECT count(*) AS n FROM $schema.handled_ids WHERE scope = 'zalo-bot-received' AND lease_until IS NULL`);
  const partsRecorded = await count(`SELECT count(*) AS n FROM $schema.handled_ids WHERE scope = 'zalo-bot-sent'`);
  const pending = await count(`SELECT count(*) AS n FROM $schema.outbox WHERE state <> 'delivered'`);
  const sorted = latencies.sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const result = {
    replicas: replicas.length,
    updates: total,
    offered_per_s: rate,
    acked_per_s: Math.round((total / ackedIn) * 10) / 10,
    ack_p50_ms: at(0.5),
    ack_p99_ms: at(0.99),
    posts: lb.stats.posts,
    lost_updates: total - handled,
    replies_not_delivered: pending,
    parts_sent: api.sent.length,
    parts_sent_twice: api.sent.length - partsRecorded,
    drain_s: Math.round((performance.now() - drainStarted) / 100) / 10,
  };
  if (values.json) console.log(JSON.stringify(result));
  else console.table(result);
} finally {
  for (const r of replicas) r.child.kill('SIGTERM');
  await Promise.all(replicas.map((r) => r.exited));
  await api.close();
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.end();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}
