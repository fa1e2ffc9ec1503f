// The web at scale: the staff inbox, the unanswered page and the quarterly report over
// 100,000 feedback records, and the citizen chat's answer time. Times are taken twice:
// the server's own (its Server-Timing header) and the round trip over loopback.
// usage: npx tsx bench/web.ts
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CHANNELS } from '../src/address/address.ts';
import { openBot } from '../src/app/open-bot.ts';
import { DEFAULT_KNOWLEDGE_DIR, PROJECT_ROOT } from '../src/app/paths.ts';
import { startWeb } from '../src/app/start-web.ts';
import { FEEDBACK_STATUSES, type FeedbackRecord, type FeedbackStatus, type UnansweredQuestion } from '../src/feedback/record.ts';
import { loadKnowledge } from '../src/knowledge/load.ts';
import { CATEGORIES, type Category } from '../src/knowledge/schema.ts';
import { newTrackingCode } from '../src/feedback/tracking-code.ts';
import { hasChromium, launchBrowser } from '../tests/helpers/browser.ts';
import { quarterKey, quarterOf } from '../src/time/vietnam-calendar.ts';

const RECORDS = 100_000;
const QUARTERS = 4;
const QUESTIONS = 20_000;
const RUNS = 40;
const DAY = 24 * 3600_000;

const dataDir = mkdtempSync(join(tmpdir(), 'tthc-bench-web-'));
const knowledgeDir = mkdtempSync(join(tmpdir(), 'tthc-bench-web-kb-'));
cpSync(DEFAULT_KNOWLEDGE_DIR, knowledgeDir, { recursive: true });

// Seeded as stored files (submitting 100,000 one by one would take the whole bench):
// spread over the last four quarters, every status, category and channel, half answered.
const now = Date.now();
const statuses = Object.keys(FEEDBACK_STATUSES) as FeedbackStatus[];
const categories = Object.keys(CATEGORIES) as Category[];
const byQuarter = new Map<string, FeedbackRecord[]>();
const codes = new Set<string>();
for (let i = 0; i < RECORDS; i++) {
  const created = new Date(now - Math.floor((i / RECORDS) * QUARTERS * 91 * DAY) - 60_000);
  const at = created.toISOString();
  const code = newTrackingCode((c) => codes.has(c));
  codes.add(code);
  const status = statuses[i % statuses.length]!;
  const answered = status === 'da-tra-loi' || status === 'da-dong';
  const answerAt = new Date(created.getTime() + ((i % 13) + 1) * 7 * 3600_000).toISOString();
  const record: FeedbackRecord = {
    code,
    kind: i % 3 === 0 ? 'cau-hoi' : i % 3 === 1 ? 'phan-anh' : 'kien-nghi',
    category: categories[i % categories.length],
    content: `Phản ánh số ${i}: hồ sơ ${['cấp sổ đỏ', 'đăng ký kinh doanh', 'khai sinh', 'tạm trú'][i % 4]} nộp đã lâu chưa có kết quả, đề nghị phường xem xét.`,
    sender: { name: `Nguyễn Văn ${i}`, phone: `09${String(10_000_000 + i).slice(-8)}`, consentAt: at },
    from: { channel: CHANNELS[i % CHANNELS.length]!, chatId: `chat-${i}`, userId: `user-${i}` },
    createdAt: at,
    status,
    history: [{ at, status: 'moi', by: 'nguoi-dan' }, ...(status === 'moi' ? [] : [{ at: answerAt, status, by: 'web:canbo' }])],
    ...(answered && { answer: { text: 'Phường đã tiếp nhận và xử lý.', by: 'web:canbo', at: answerAt } }),
  };
  const key = quarterKey(created);
  (byQuarter.get(key) ?? byQuarter.set(key, []).get(key)!).push(record);
}
mkdirSync(join(dataDir, 'feedback'));
for (const [key, records] of byQuarter) writeFileSync(join(dataDir, 'feedback', `${key}.json`), JSON.stringify({ records }));

// Unanswered questions: a few hundred distinct ones, asked many times in different ways.
const SHARED_DEV = resolve(PROJECT_ROOT, '../shared/eval/dev.jsonl');
const curated = loadKnowledge([DEFAULT_KNOWLEDGE_DIR]).entries;
const askable = [
  ...(existsSync(SHARED_DEV) ? readFileSync(SHARED_DEV, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).q as string) : []),
  ...curated.flatMap((e) => e.questions),
];
const questions: UnansweredQuestion[] = Array.from({ length: QUESTIONS }, (_, i) => ({
  id: `q-bench-${i}`,
  at: new Date(now - Math.floor((i / QUESTIONS) * 91 * DAY) - 60_000).toISOString(),
  channel: 'web',
  query: `${askable[i % 600 % askable.length]}${i % 2 ? ' ạ' : ''}`,
  reason: 'no-answer',
  candidates: [{ id: curated[i % curated.length]!.id, score: 0.2 }],
}));
mkdirSync(join(dataDir, 'unanswered'));
writeFileSync(join(dataDir, 'unanswered', `${quarterKey(new Date(now))}.json`), JSON.stringify({ records: questions }));

let t = performance.now();
const bot = await openBot({ TTHC_KNOWLEDGE_DIRS: [knowledgeDir], TTHC_DATA_DIR: dataDir });
const openMs = performance.now() - t;
const web = await startWeb(bot, { WEB_PORT: 0, WEB_HOST: '127.0.0.1', TRUST_PROXY: false, WEB_SESSION_SECRET: undefined, WEB_EMBED_ORIGINS: '*' }, () => ({}));
await bot.accounts.add('bench', 'mat-khau-bench-2026', 'admin');

// Logged in as staff, with the cookies a browser would keep.
const jar = new Map<string, string>();
const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
async function request(path: string, init: RequestInit = {}): Promise<{ status: number; body: string; serverMs: number; roundTripMs: number }> {
  const started = performance.now();
  const response = await fetch(web.url + path, { ...init, redirect: 'manual', headers: { Origin: web.url, Cookie: cookieHeader(), ...init.headers } });
  const body = await response.text();
  const roundTripMs = performance.now() - started;
  for (const c of response.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const at = pair!.indexOf('=');
    jar.set(pair!.slice(0, at), pair!.slice(at + 1));
  }
  const serverMs = Number(/dur=([\d.]+)/.exec(response.headers.get('server-timing') ?? '')?.[1] ?? NaN);
  return { status: response.status, body, serverMs, roundTripMs };
}
const csrfOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)![1]!;
const form = (fields: Record<string, string>): RequestInit => ({ method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });

const loginForm = await request('/staff');
const login = await request('/staff/login', form({ username: 'bench', password: 'mat-khau-bench-2026', _csrf: csrfOf(loginForm.body) }));
if (login.status !== 303) throw new Error(`login failed: ${login.status}`);
const csrf = csrfOf((await request('/staff')).body);
const { year, q } = quarterOf(new Date(now));
const someCode = byQuarter.get(quarterKey(new Date(now)))![7]!.code;

const pages: [string, () => Promise<{ status: number; serverMs: number; roundTripMs: number }>][] = [
  ['inbox, first page (all 100,000)', () => request('/staff')],
  ['inbox, filtered (status + category + channel)', () => request('/staff?status=moi&category=land&channel=web')],
  ['inbox, one quarter, page 50', () => request(`/staff?quarter=${year}-Q${q}&page=50`)],
  ['inbox, search "khai sinh" (POST)', () => request('/staff/search', form({ q: 'khai sinh', _csrf: csrf }))],
  ['feedback detail page', () => request(`/staff/feedback/${someCode}`)],
  [`unanswered page (${QUESTIONS.toLocaleString('en-US')} questions)`, () => request('/staff/unanswered')],
  ['quarterly report page', () => request('/staff/report')],
  ['quarterly report CSV', () => request('/staff/report.csv')],
  ['quarterly report DOCX', () => request('/staff/report.docx')],
];

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const rows: string[] = [];
for (const [label, run] of pages) {
  await run(); // warm up
  const server: number[] = [];
  const trip: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await run();
    if (r.status !== 200) throw new Error(`${label}: HTTP ${r.status}`);
    server.push(r.serverMs);
    trip.push(r.roundTripMs);
  }
  server.sort((a, b) => a - b);
  trip.sort((a, b) => a - b);
  rows.push(`| ${label} | ${pct(server, 50).toFixed(1)} | ${pct(server, 95).toFixed(1)} | ${pct(trip, 95).toFixed(1)} |`);
}

// The citizen chat: one question sent, its answer back (what the page's script waits for).
const chatTimes: number[] = [];
jar.clear();
await request('/api/chat/open', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
for (const [i, text] of askable.slice(0, 300).entries()) {
  if (i % 10 === 0) jar.clear(); // a new citizen every ten questions
  const r = await request('/api/chat/message', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text }) });
  if (r.status !== 200) throw new Error(`chat: HTTP ${r.status}`);
  chatTimes.push(r.roundTripMs);
}
chatTimes.sort((a, b) => a - b);

// The same, as a citizen sees it: from pressing "Gửi" to the answer drawn in a real browser.
const inBrowser: number[] = [];
if (hasChromium) {
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  for (const [i, text] of askable.slice(0, 60).entries()) {
    // A new citizen every ten questions: one citizen may send 20 messages a minute.
    if (i % 10 === 0) {
      await context.clearCookies();
      await page.goto(web.url);
      await page.getByTestId('bot-message').first().waitFor();
    }
    inBrowser.push(
      await page.evaluate(
        (question) =>
          new Promise<number>((done) => {
            const before = document.querySelectorAll('[data-testid="bot-message"]').length;
            const input = document.querySelector<HTMLInputElement>('[data-testid="chat-input"]')!;
            input.value = question;
            const started = performance.now();
            setTimeout(() => done(Number.POSITIVE_INFINITY), 5_000);
            const observer = new MutationObserver(() => {
              if (document.querySelectorAll('[data-testid="bot-message"]').length > before) {
                observer.disconnect();
                done(performance.now() - started);
              }
            });
            observer.observe(document.body, { childList: true, subtree: true });
            document.querySelector<HTMLButtonElement>('[data-testid="chat-send"]')!.click();
          }),
        text,
      ),
    );
    await page.waitForFunction(() => !document.querySelector('form[aria-busy]'));
  }
  await browser.close();
  inBrowser.sort((a, b) => a - b);
}

await web.close();
await bot.close();
rmSync(dataDir, { recursive: true, force: true });
rmSync(knowledgeDir, { recursive: true, force: true });

console.log(`\nWeb (Node ${process.version}): ${RECORDS.toLocaleString('en-US')} feedback records in ${byQuarter.size} quarter files, opened in ${openMs.toFixed(0)} ms; ${RUNS} requests per page after one warm-up. Target: p95 ≤ 200 ms server side.`);
console.log('| page | server p50 ms | server p95 ms | round trip p95 ms |');
console.log('|---|---:|---:|---:|');
for (const row of rows) console.log(row);
console.log(`\nWeb chat: ${chatTimes.length} questions, answer round trip p50 ${pct(chatTimes, 50).toFixed(1)} ms, p95 ${pct(chatTimes, 95).toFixed(1)} ms, max ${chatTimes.at(-1)!.toFixed(1)} ms (target ≤ 300 ms).`);
if (inBrowser.length) console.log(`Web chat in Chromium (phone viewport): ${inBrowser.length} questions, "Gửi" pressed to answer drawn p50 ${pct(inBrowser, 50).toFixed(1)} ms, p95 ${pct(inBrowser, 95).toFixed(1)} ms, max ${inBrowser.at(-1)!.toFixed(1)} ms.`);
