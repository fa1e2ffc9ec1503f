// Write latency of the feedback repository as data grows, with quarter files and, for
// comparison, with everything in one file (what lowdb gives without quarter files).
// usage: npx tsx bench/storage.ts
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openFeedbackRepository } from '../src/storage/lowdb/feedback-repository.ts';
import { quarterKey } from '../src/time/vietnam-calendar.ts';
import { removeTempDataDirs, sampleFeedback, seedFeedbackFile, tempDataDir } from '../tests/helpers/feedback-fixtures.ts';

interface Scenario {
  design: string;
  /** Records already in each quarter file, the current quarter's last. */
  quarters: number[];
  /** Sequential submissions timed: fewer where each one rewrites 100,000 records. */
  submits: number;
}

const scenarios: Scenario[] = [
  { design: 'either (one file at this size)', quarters: [10_000], submits: 100 },
  { design: 'quarter files', quarters: Array<number>(10).fill(10_000), submits: 100 },
  { design: 'single file (or one quarter of 100,000)', quarters: [100_000], submits: 25 },
];
const BURST = 100;

/** A date in the quarter `back` quarters before the current one. */
function quarterAgo(back: number): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 3 * back, 15));
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

const rows: string[] = [];
for (const { design, quarters, submits } of scenarios) {
  const dir = tempDataDir();
  const codes = new Set<string>();
  quarters.forEach((count, i) => {
    const createdAt = quarterAgo(quarters.length - 1 - i);
    seedFeedbackFile(join(dir, 'feedback', `${quarterKey(createdAt)}.json`), count, createdAt, codes);
  });

  let started = performance.now();
  const repository = await openFeedbackRepository(dir, { keepBackups: 0 });
  const openMs = performance.now() - started;

  const times: number[] = [];
  for (let i = 0; i < submits; i++) {
    started = performance.now();
    await repository.submit(sampleFeedback(i));
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);

  started = performance.now();
  await Promise.all(Array.from({ length: BURST }, (_, i) => repository.submit(sampleFeedback(i))));
  const burstMs = performance.now() - started;
  await repository.close();
  rmSync(dir, { recursive: true, force: true });

  const total = quarters.reduce((a, b) => a + b, 0);
  const fmt = (n: number) => n.toLocaleString('en-US');
  rows.push(
    `| ${design} | ${fmt(total)} in ${quarters.length} file${quarters.length > 1 ? 's' : ''} | ${fmt(quarters.at(-1)!)} | ` +
      `${percentile(times, 50).toFixed(1)} | ${percentile(times, 99).toFixed(1)} | ${submits} | ${burstMs.toFixed(0)} | ${openMs.toFixed(0)} |`,
  );
  console.error(`done: ${design}, ${fmt(total)} records`);
}
removeTempDataDirs();

console.log(`Node ${process.version}; fsync on every write; times in ms.\n`);
console.log(`| design | records stored | records in the file a submit rewrites | submit p50 | submit p99 | submits timed | ${BURST} concurrent submits | open |`);
console.log('|---|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
