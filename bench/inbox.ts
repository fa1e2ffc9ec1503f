// The staff inbox sorted by deadline over 100,000 records, on either store: the first page
// (nearest deadline first), a status, "Của tôi", a far page. Server time (Server-Timing)
// and round trip, p50/p95 over 40 requests after a warm-up. Target: p95 ≤ 200 ms.
// usage: npx tsx bench/inbox.ts --backend lowdb|postgres [--records 100000]
//        (postgres: DATABASE_URL or TEST_DATABASE_URL; a schema made and dropped here)
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openBot } from '../src/app/open-bot.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../src/app/paths.ts';
import { startWeb } from '../src/app/start-web.ts';
import type { FeedbackRecord, FeedbackStatus } from '../src/feedback/record.ts';
import { newTrackingCode } from '../src/feedback/tracking-code.ts';
import type { BotStore } from '../src/storage/bot-store.ts';
import { openPostgresStore } from '../src/storage/postgres/open-postgres-store.ts';
import { addDays } from '../src/time/days.ts';
import { quarterKey, vietnamDate } from '../src/time/vietnam-calendar.ts';

const { values } = parseArgs({ options: { backend: { type: 'string', default: 'lowdb' }, records: { type: 'string', default: '100000' } } });
const backend = values.backend === 'postgres' ? 'postgres' : 'lowdb';
const RECORDS = Number(values.records);
const RUNS = 40;
const STATUSES: FeedbackStatus[] = ['moi', 'dang-xu-ly', 'da-tra-loi', 'da-dong'];
const OFFICERS = ['bench', 'canbo.an', 'canbo.binh', 'canbo.chi'];
const url = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL;
if (backend === 'postgres' && !url) {
  console.log('inbox bench, postgres: skipped (set DATABASE_URL or TEST_DATABASE_URL)');
  process.exit(0);
}

const now = Date.now();
const today = vietnamDate(now);
function record(i: number, code: string): FeedbackRecord {
  const at = new Date(now - (i % 180) * 86_400_000 - 60_000).toISOString();
  const status = STATUSES[i % 4]!;
  return {
    code,
    kind: i % 2 ? 'phan-anh' : 'kien-nghi',
    category: 'land',
    content: `Phản ánh số ${i}: đường hỏng, cống tắc, đề nghị phường xử lý.`,
    sender: { name: `Người dân ${i}`, phone: '0912345678', consentAt: at },
    from: { channel: 'web', chatId: `c${i}`, userId: `u${i}` },
    createdAt: at,
    status,
    history: [{ at, status: 'moi', by: 'nguoi-dan' }],
    // Every seventh has no deadline (forwarded questions before deadlines existed).
    ...(i % 7 ? { due: addDays(today, (i % 90) - 45) } : {}),
    ...(i % 3 === 0 ? { assignee: OFFICERS[i % OFFICERS.length] } : {}),
  };
}

async function openLowdb(): Promise<{ dataDir: string; store?: BotStore; cleanup(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tthc-bench-inbox-'));
  const codes = new Set<string>();
  const byQuarter = new Map<string, FeedbackRecord[]>();
  for (let i = 0; i < RECORDS; i++) {
    const code = newTrackingCode((c) => codes.has(c));
    codes.add(code);
    const r = record(i, code);
    const key = quarterKey(new Date(r.createdAt));
    (byQuarter.get(key) ?? byQuarter.set(key, []).get(key)!).push(r);
  }
  mkdirSync(join(dataDir, 'feedback'));
  for (const [key, records] of byQuarter) writeFileSync(join(dataDir, 'feedback', `${key}.json`), JSON.stringify({ records }));
  return { dataDir, cleanup: async () => rmSync(dataDir, { recursive: true, force: true }) };
}

async function openPostgres(): Promise<{ dataDir: string; store: BotStore; cleanup(): Promise<void> }> {
  const schema = `tthc_bench_${randomBytes(4).toString('hex')}`;
  const store = await openPostgresStore(url!, { schema, log: () => undefined });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`SET search_path TO "${schema}"`);
  const codes = new Set<string>();
  for (let from = 0; from < RECORDS; from += 5_000) {
    const batch = Array.from({ length: Math.min(5_000, RECORDS - from) }, (_, k) => {
      const code = newTrackingCode((c) => codes.has(c));
      codes.add(code);
      return record(from + k, code);
    });
    await client.query(
      `INSERT INTO feedback (code, created_at, status, category, channel, user_id, search_text, record, due, assignee)
       SELECT r->>'code', (r->>'createdAt')::timestamptz, r->>'status', r->>'category', 'web', r->'from'->>'userId', ' ' || lower(r->>'code') || ' ', r, (r->>'due')::date, r->>'assignee'
       FROM jsonb_array_elements($1::jsonb) AS r`,
      [JSON.stringify(batch)],
    );
  }
  await client.query('VACUUM ANALYZE feedback');
  await client.end();
  await store.housekeeping();
  const dataDir = mkdtempSync(join(tmpdir(), 'tthc-bench-inbox-pg-'));
  return {
    dataDir,
    store,
    cleanup: async () => {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`DROP SCHEMA "${schema}" CASCADE`);
      await admin.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let t = performance.now();
const target = backend === 'postgres' ? await openPostgres() : await openLowdb();
const fillMs = performance.now() - t;
const knowledgeDir = mkdtempSync(join(tmpdir(), 'tthc-bench-inbox-kb-'));
cpSync(DEFAULT_KNOWLEDGE_DIR, knowledgeDir, { recursive: true });
t = performance.now();
const bot = await openBot({ TTHC_KNOWLEDGE_DIRS: [knowledgeDir], TTHC_DATA_DIR: target.dataDir }, target.store ? { store: target.store } : {});
const openMs = performance.now() - t;
const web = await startWeb(bot, { WEB_PORT: 0, WEB_HOST: '127.0.0.1', TRUST_PROXY: false, WEB_SESSION_SECRET: undefined, WEB_EMBED_ORIGINS: '*' }, () => ({}));
await bot.accounts.add('bench', 'mat-khau-bench-2026', 'admin');

const jar = new Map<string, string>();
async function request(path: string, init: RequestInit = {}) {
  const started = performance.now();
  const response = await fetch(web.url + path, { ...init, redirect: 'manual', headers: { Origin: web.url, Cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), ...init.headers } });
  const body = await response.text();
  const roundTripMs = performance.now() - started;
  for (const c of response.headers.getSetCookie()) {
    const [pair] = c.split(';');
    jar.set(pair!.slice(0, pair!.indexOf('=')), pair!.slice(pair!.indexOf('=') + 1));
  }
  return { status: response.status, body, roundTripMs, serverMs: Number(/dur=([\d.]+)/.exec(response.headers.get('server-timing') ?? '')?.[1] ?? NaN) };
}
const csrf = /name="_csrf" value="([^"]+)"/.exec((await request('/staff')).body)![1]!;
const login = await request('/staff/login', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ username: 'bench', password: 'mat-khau-bench-2026', _csrf: csrf }).toString() });
if (login.status !== 303) throw new Error(`login failed: ${login.status}`);

const pages: [string, string][] = [
  ['inbox by deadline, first page (all)', '/staff'],
  ['inbox by deadline, status "mới"', '/staff?status=moi'],
  ['inbox by deadline, "Của tôi"', '/staff?mine=1'],
  ['inbox by deadline, page 200', '/staff?page=200'],
  ['inbox newest first, first page', '/staff?order=newest'],
];
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const results: { page: string; server_p50_ms: number; server_p95_ms: number; round_trip_p95_ms: number }[] = [];
for (const [label, path] of pages) {
  const first = await request(path);
  if (first.status !== 200 || !first.body.includes('data-testid="inbox-deadline"')) throw new Error(`${label}: HTTP ${first.status}`);
  const server: number[] = [];
  const trip: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await request(path);
    server.push(r.serverMs);
    trip.push(r.roundTripMs);
  }
  server.sort((a, b) => a - b);
  trip.sort((a, b) => a - b);
  results.push({ page: label, server_p50_ms: +pct(server, 50).toFixed(1), server_p95_ms: +pct(server, 95).toFixed(1), round_trip_p95_ms: +pct(trip, 95).toFixed(1) });
}
await web.close();
await bot.close();
await target.cleanup();
rmSync(knowledgeDir, { recursive: true, force: true });

console.log(`\nInbox by deadline, ${backend}, ${RECORDS.toLocaleString('en-US')} records (filled in ${fillMs.toFixed(0)} ms, opened in ${openMs.toFixed(0)} ms); ${RUNS} requests per page after a warm-up. Target: p95 ≤ 200 ms.`);
console.log('| page | server p50 ms | server p95 ms | round trip p95 ms |\n|---|---|---|---|');
for (const r of results) console.log(`| ${r.page} | ${r.server_p50_ms} | ${r.server_p95_ms} | ${r.round_trip_p95_ms} |`);
console.log(JSON.stringify({ bench: 'inbox-deadline', backend, records: RECORDS, worst_p95_ms: Math.max(...results.map((r) => r.round_trip_p95_ms)) }));
