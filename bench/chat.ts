// `npm run -s bench:chat -- --backend lowdb|postgres --sessions N [--seconds S] --json`:
// the web chat under load over HTTP on loopback: 50 concurrent citizens, each with its own
// cookie (a new citizen after 19 messages, under the per-citizen limit of 20 a minute),
// asking the knowledge base's own sample questions, against a store holding N sessions
// stored before measuring; then the same load on an empty store, and a bare Fastify route,
// in the same run. Prints one JSON line:
// {"backend","sessions","msg_per_s","p50_ms","p99_ms","empty_msg_per_s","fastify_per_s"}.
// PostgreSQL: DATABASE_URL or TEST_DATABASE_URL (a fresh schema each, dropped after).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { DEFAULT_KNOWLEDGE_DIR, PROJECT_ROOT } from '../src/app/paths.ts';
import { MESSAGE_LIMIT } from '../src/conversation/rate-limits.ts';
import { loadKnowledge } from '../src/knowledge/load.ts';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'lowdb' },
    sessions: { type: 'string', default: '100000' },
    seconds: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '50' },
    json: { type: 'boolean', default: false },
  },
});
const backend = values.backend;
if (backend !== 'lowdb' && backend !== 'postgres') throw new Error('--backend: lowdb hoặc postgres');
const sessions = Number(values.sessions);
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);
const databaseUrl = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL;
if (backend === 'postgres' && !databaseUrl) throw new Error('PostgreSQL: đặt DATABASE_URL (hoặc TEST_DATABASE_URL)');

const questions = loadKnowledge([DEFAULT_KNOWLEDGE_DIR]).entries.filter((e) => e.kind !== 'smalltalk').flatMap((e) => e.questions);
const say = (...parts: string[]) => void (values.json || console.error(...parts));

/** Starts bench/chat-server.ts and waits for its address. */
async function startServer(args: string[]): Promise<{ url: string; stop: () => Promise<void>; seedMs?: number }> {
  const child = spawn(process.execPath, [...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.BENCH_PROFILE] : []), '--import', 'tsx', 'bench/chat-server.ts', ...args], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((r) => child.on('exit', r));
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (c: string) => {
      out += c;
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(out.slice(0, nl));
    });
    child.on('exit', (code) => reject(new Error(`chat-server exited (${code})`)));
  });
  const { url, seedMs } = JSON.parse(line) as { url: string; seedMs?: number };
  return { url, seedMs, stop: async () => void (child.kill('SIGTERM'), await exited) };
}

const agent = new Agent({ keepAlive: true, maxSockets: concurrency });

function post(url: string, path: string, body: string, cookie?: string): Promise<{ status: number; setCookie?: string[] }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: target.hostname, port: target.port, path, method: path === '/' ? 'GET' : 'POST', agent, headers: { 'Content-Type': 'application/json', Origin: url, ...(cookie ? { Cookie: cookie } : {}) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode!, setCookie: res.headers['set-cookie'] }));
      },
    );
    req.on('error', reject);
    req.end(path === '/' ? undefined : body);
  });
}

/** `concurrency` citizens for `seconds`: messages a second, and the latency of each (ms). */
async function load(url: string, path: string): Promise<{ perSecond: number; latencies: number[] }> {
  const latencies: number[] = [];
  let stopAt = 0;
  let counting = false;
  const citizen = async (n: number) => {
    let cookie: string | undefined;
    let sent = 0;
    for (let i = n; performance.now() < stopAt; i += concurrency) {
      if (path !== '/api/echo' && (!cookie || sent >= MESSAGE_LIMIT.points - 1)) {
        const page = await post(url, '/', '');
        cookie = page.setCookie?.map((c) => c.split(';')[0]).join('; ');
        sent = 0;
      }
      const started = performance.now();
      const { status } = await post(url, path, JSON.stringify({ text: questions[i % questions.length] }), cookie);
      if (status !== 200) throw new Error(`HTTP ${status} from ${path}`);
      sent++;
      if (counting) latencies.push(performance.now() - started);
    }
  };
  // A second of warm-up (JIT, connections), then the measured seconds.
  stopAt = performance.now() + 1_000;
  await Promise.all(Array.from({ length: concurrency }, (_, n) => citizen(n)));
  counting = true;
  const t0 = performance.now();
  stopAt = t0 + seconds * 1000;
  await Promise.all(Array.from({ length: concurrency }, (_, n) => citizen(n)));
  return { perSecond: latencies.length / ((performance.now() - t0) / 1000), latencies };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const schemas: string[] = [];
const serverArgs = (n: number) => {
  const args = ['--mode', 'bot', '--backend', backend, '--sessions', String(n)];
  if (backend === 'postgres') {
    const schema = `tthc_bench_${randomBytes(5).toString('hex')}`;
    schemas.push(schema);
    args.push('--schema', schema);
  }
  return args;
};

async function measure(args: string[], path: string, label: string) {
  const server = await startServer(args);
  try {
    if (server.seedMs !== undefined) say(`${label}: ${server.seedMs} ms to store the sessions`);
    const result = await load(server.url, path);
    say(`${label}: ${result.perSecond.toFixed(0)}/s`);
    return result;
  } finally {
    await server.stop();
  }
}

try {
  const full = await measure(serverArgs(sessions), '/api/chat/message', `${backend}, ${sessions} sessions`);
  const empty = await measure(serverArgs(0), '/api/chat/message', `${backend}, empty store`);
  const bare = await measure(['--mode', 'fastify'], '/api/echo', 'bare Fastify route');
  const sorted = full.latencies.sort((a, b) => a - b);
  const result = {
    backend,
    sessions,
    msg_per_s: Math.round(full.perSecond),
    p50_ms: +pct(sorted, 50).toFixed(1),
    p99_ms: +pct(sorted, 99).toFixed(1),
    empty_msg_per_s: Math.round(empty.perSecond),
    fastify_per_s: Math.round(bare.perSecond),
  };
  if (values.json) console.log(JSON.stringify(result));
  else {
    console.log(`Web chat over HTTP, ${concurrency} concurrent citizens, ${seconds} s each (Node ${process.version}, ${backend}):`);
    console.log(`  ${sessions.toLocaleString('en-US')} sessions stored: ${result.msg_per_s} msg/s, p50 ${result.p50_ms} ms, p99 ${result.p99_ms} ms`);
    console.log(`  empty store: ${result.empty_msg_per_s} msg/s (${sessions.toLocaleString('en-US')} sessions at ${((100 * result.msg_per_s) / result.empty_msg_per_s).toFixed(0)}% of it${backend === 'lowdb' ? ', target ≥ 80%' : ''})`);
    console.log(`  bare Fastify route: ${result.fastify_per_s} req/s (chat at ${((100 * result.msg_per_s) / result.fastify_per_s).toFixed(1)}%${backend === 'postgres' ? ', target ≥ 10%' : ''})`);
  }
} finally {
  agent.destroy();
  if (schemas.length) {
    const admin = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  }
}
