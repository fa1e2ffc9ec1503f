// `npm run -s bench:store -- --backend postgres|lowdb --records N [--submits S] --json`:
// fills the store with N feedback records, then times S submits one after another (as
// citizens' confirmations arrive), watching how long the event loop is held meanwhile
// (every chat stalls while it is). Prints one JSON line:
// {"backend","records","submits","p50_ms","p99_ms","per_s","max_event_loop_block_ms"}.
// PostgreSQL: DATABASE_URL (a fresh schema is made and dropped); lowdb: a temp folder.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { CODE_ALPHABET } from '../src/feedback/tracking-code.ts';
import type { FeedbackRepository, NewFeedback } from '../src/feedback/record.ts';
import { openFeedbackRepository } from '../src/storage/lowdb/feedback-repository.ts';
import { openPostgresStore } from '../src/storage/postgres/open-postgres-store.ts';
import { quarterKey } from '../src/time/vietnam-calendar.ts';
import { seedFeedbackFile, tempDataDir } from '../tests/helpers/feedback-fixtures.ts';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'lowdb' },
    records: { type: 'string', default: '10000' },
    submits: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const backend = values.backend;
if (backend !== 'lowdb' && backend !== 'postgres') throw new Error('--backend: lowdb hoặc postgres');
const records = Number(values.records);
// Each lowdb submit rewrites the whole quarter file: fewer of them at large sizes keeps the run short.
const submits = Number(values.submits ?? (backend === 'lowdb' && records > 20_000 ? 50 : 2_000));

function newFeedback(i: number): NewFeedback {
  return {
    kind: i % 2 ? 'kien-nghi' : 'phan-anh',
    category: 'land',
    content: `Phản ánh đo hiệu năng số ${i}: hồ sơ cấp sổ đỏ nộp đã ba tháng chưa có kết quả.`,
    sender: { name: `Nguyễn Văn Đo ${i}`, phone: '0912345678', consentAt: new Date().toISOString() },
    from: { channel: 'zalo-bot', chatId: `bench-${i}`, userId: `bench-${i}` },
    submissionId: `bench-${randomBytes(8).toString('hex')}`,
  };
}

/** N records straight into the table, in batches, from SQL (submitting a million one by one would take the whole bench). */
async function fillPostgres(url: string, schema: string, n: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SET search_path TO "${schema}"`);
    const alphabet = CODE_ALPHABET;
    const base = alphabet.length;
    // Codes from the row number in the code alphabet: unique, and of the usual form.
    const digit = (k: number) => `substr('${alphabet}', ((i / ${base ** k}) % ${base})::int + 1, 1)`;
    const code = `'PA-' || ${[5, 4, 3, 2, 1, 0].map(digit).join(' || ')}`;
    for (let from = 0; from < n; from += 100_000) {
      const to = Math.min(n, from + 100_000) - 1;
      await client.query(`
        INSERT INTO feedback (code, created_at, status, category, channel, user_id, unit, submission_id, search_text, record)
        SELECT c, t, s, 'land', 'telegram', 'u' || i, NULL, NULL, ' ' || lower(c) || ' phan anh so ' || i || ' ',
               jsonb_build_object('code', c, 'kind', 'phan-anh', 'category', 'land', 'content', 'Phản ánh số ' || i,
                 'sender', jsonb_build_object('name', 'Người dân ' || i, 'phone', '0912345678', 'consentAt', t),
                 'from', jsonb_build_object('channel', 'telegram', 'chatId', 'c' || i, 'userId', 'u' || i),
                 'createdAt', to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'status', s,
                 'history', jsonb_build_array(jsonb_build_object('at', to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'status', 'moi', 'by', 'nguoi-dan')))
        FROM (SELECT i, ${code} AS c, now() - (i || ' minutes')::interval AS t,
                     (ARRAY['moi','dang-xu-ly','da-tra-loi','da-dong'])[i % 4 + 1] AS s
              FROM generate_series(${from}, ${to}) AS i) AS g
        ON CONFLICT DO NOTHING`);
    }
    await client.query('VACUUM ANALYZE feedback');
  } finally {
    await client.end();
  }
}

async function open(): Promise<{ repository: FeedbackRepository; close(): Promise<void> }> {
  if (backend === 'postgres') {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('--backend postgres cần DATABASE_URL');
    const schema = `tthc_bench_${randomBytes(4).toString('hex')}`;
    const store = await openPostgresStore(url, { schema, log: () => undefined });
    await fillPostgres(url, schema, records);
    await store.housekeeping();
    return {
      repository: store.feedback,
      close: async () => {
        await store.close();
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(`DROP SCHEMA "${schema}" CASCADE`);
        await client.end();
      },
    };
  }
  const dir = tempDataDir();
  seedFeedbackFile(join(dir, 'feedback', `${quarterKey(new Date())}.json`), records, new Date());
  const repository = await openFeedbackRepository(dir);
  return {
    repository,
    close: async () => {
      await repository.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const { repository, close } = await open();
for (let i = 0; i < 20; i++) await repository.submit(newFeedback(-i - 1)); // warm up
const loop = monitorEventLoopDelay({ resolution: 1 });
const times: number[] = [];
loop.enable();
const started = performance.now();
for (let i = 0; i < submits; i++) {
  const t = performance.now();
  await repository.submit(newFeedback(i));
  times.push(performance.now() - t);
}
const elapsed = performance.now() - started;
loop.disable();
await close();

times.sort((a, b) => a - b);
const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!;
const round = (x: number) => Math.round(x * 100) / 100;
const result = {
  backend,
  records,
  submits,
  p50_ms: round(pct(50)),
  p99_ms: round(pct(99)),
  per_s: round(submits / (elapsed / 1000)),
  // The histogram counts from the loop's own timer resolution (1 ms): what is above it is the block.
  max_event_loop_block_ms: round(Math.max(0, loop.max / 1e6 - 1)),
};
if (values.json) process.stdout.write(JSON.stringify(result) + '\n');
else console.log(`${backend}, ${records.toLocaleString('en-US')} records: ${submits} submits, p50 ${result.p50_ms} ms, p99 ${result.p99_ms} ms, ${result.per_s}/s, event loop held up to ${result.max_event_loop_block_ms} ms`);
