// `npm run bench`: index build time, per-query latency (p50, p99) and memory of the
// engine against plain fuse.js over the same entries, at the curated knowledge base and
// at about 2,700 entries. Each configuration runs in its own process so RSS is its own.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_KNOWLEDGE_DIR, PROJECT_ROOT } from '../src/app/paths.ts';
import { importCatalog } from '../src/catalog/import.ts';
import { loadKnowledge } from '../src/knowledge/load.ts';
import { foldText } from '../src/search/normalize.ts';
import { syntheticEntries } from './synthetic.ts';

const SHARED = resolve(PROJECT_ROOT, '../shared');
const CATALOG = join(SHARED, 'data/tthc-catalog.jsonl.gz');
const DEV = join(SHARED, 'eval/dev.jsonl');
const LARGE_SIZE = 2_700;
const work = mkdtempSync(join(tmpdir(), 'tthc-bench-'));

// Queries: citizen-style questions when the shared set is there, plus every sample question
// of the curated entries typed the lazy way (no diacritics, last word dropped).
const curated = loadKnowledge([DEFAULT_KNOWLEDGE_DIR]).entries;
const queries = [
  ...(existsSync(DEV) ? readFileSync(DEV, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).q as string) : []),
  ...curated.flatMap((e) => e.questions.map((q) => foldText(q).split(' ').slice(0, -1).join(' ') || q)),
];
// Real questions are letters (a story and a question, 26–900 characters): the citizens' own
// from public Q&A pages when the shared set is there, and the held-out letters of the tests.
const REAL_LETTERS = join(SHARED, 'eval/real-dev.jsonl');
const HELDOUT_LETTERS = join(PROJECT_ROOT, 'tests/fixtures/eval/letters-heldout.jsonl');
const letters = [REAL_LETTERS, HELDOUT_LETTERS].filter(existsSync).flatMap((f) => readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l).q as string).replace(/\s*\n\s*/g, ' ')));

const largeDir = join(work, 'large');
let largeLabel: string;
if (existsSync(CATALOG)) {
  // Every level and field: the largest knowledge base the engine may be given.
  const summary = await importCatalog({ file: CATALOG, outDir: largeDir, levels: ['all'], excludeFields: [] });
  largeLabel = `curated + national catalogue (${summary.imported} imported)`;
} else {
  mkdirSync(largeDir);
  writeFileSync(join(largeDir, 'synthetic.json'), JSON.stringify({ entries: syntheticEntries(curated, LARGE_SIZE - curated.length) }));
  largeLabel = 'curated + synthetic (../shared/data absent)';
}

interface Measurement {
  kind: string;
  entries: number;
  queries: number;
  buildMs: number;
  p50Ms: number;
  p99Ms: number;
  rssMb: number;
  heapMb: number;
}

function measure(kind: 'ours' | 'fuse', dirs: string[], maxQueries: number, asked: readonly string[] = queries): Measurement {
  const file = join(work, `q-${asked === queries ? 'chat' : 'letters'}-${maxQueries}.json`);
  writeFileSync(file, JSON.stringify(asked.slice(0, maxQueries)));
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(PROJECT_ROOT, 'bench/measure.ts'), kind, file, ...dirs], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

// Plain fuse.js takes ~0.1 s a query on the curated entries and ~3 s at full size, so
// the baseline runs on the first few questions only (its p99 is then its slowest one).
const BASELINE_QUERIES = { curated: 100, large: 30 };
const rows: [string, Measurement][] = [];
for (const [label, dirs, baseline] of [
  ['curated', [DEFAULT_KNOWLEDGE_DIR], BASELINE_QUERIES.curated],
  [largeLabel, [DEFAULT_KNOWLEDGE_DIR, largeDir], BASELINE_QUERIES.large],
] as const) {
  rows.push([`${label}: tthc engine`, measure('ours', [...dirs], queries.length)]);
  rows.push([`${label}: plain fuse.js`, measure('fuse', [...dirs], baseline)]);
}
const letterRows: [string, Measurement][] = [
  ['curated: tthc engine, letters', measure('ours', [DEFAULT_KNOWLEDGE_DIR], letters.length, letters)],
  [`${largeLabel}: tthc engine, letters`, measure('ours', [DEFAULT_KNOWLEDGE_DIR, largeDir], letters.length, letters)],
];

console.log(`\nQueries: ${queries.length} for the engine; plain fuse.js: first ${BASELINE_QUERIES.curated} (curated), ${BASELINE_QUERIES.large} (large)`);
console.log('| configuration | entries | build ms | p50 ms | p99 ms | RSS MB | heap MB |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const [label, m] of rows) console.log(`| ${label} | ${m.entries} | ${m.buildMs} | ${m.p50Ms} | ${m.p99Ms} | ${m.rssMb} | ${m.heapMb} |`);
console.log(`\nLetters (real citizens' letters and held-out ones): ${letters.length}`);
console.log('| configuration | entries | build ms | p50 ms | p99 ms | RSS MB | heap MB |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const [label, m] of letterRows) console.log(`| ${label} | ${m.entries} | ${m.buildMs} | ${m.p50Ms} | ${m.p99Ms} | ${m.rssMb} | ${m.heapMb} |`);
for (let i = 0; i < rows.length; i += 2) {
  const [ours, fuse] = [rows[i]![1], rows[i + 1]![1]];
  console.log(`${rows[i]![0].split(':')[0]}: engine is ${(fuse.p50Ms / ours.p50Ms).toFixed(0)}x faster at p50, ${(fuse.p99Ms / ours.p99Ms).toFixed(0)}x at p99 than plain fuse.js`);
}
