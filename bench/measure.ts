// One measurement in a fresh process, so RSS reflects only what this configuration loads.
// usage: tsx bench/measure.ts ours|fuse QUERIES.json KNOWLEDGE_DIR...
import Fuse from 'fuse.js';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { loadKnowledge } from '../src/knowledge/load.ts';
import { buildEngine } from '../src/app/live-knowledge.ts';

const [kind, queriesPath, ...dirs] = process.argv.slice(2);
const queries: string[] = JSON.parse(readFileSync(queriesPath!, 'utf8'));
const kb = loadKnowledge(dirs);
const { entries } = kb;

const t0 = performance.now();
const search: (q: string) => unknown =
  kind === 'fuse'
    ? ((fuse) => (q: string) => fuse.search(q, { limit: 5 }))(new Fuse(entries, { keys: ['title', 'questions', 'keywords'] }))
    : ((engine) => (q: string) => engine.search(q, 5))(buildEngine(kb, { outcomesKept: 0 }));
const buildMs = performance.now() - t0;

// Warm-up questions are not timed: the engine keeps no outcomes here, but short texts stay folded.
const warmUp = queries.length > 40 ? 20 : 0;
for (const q of queries.slice(0, Math.max(warmUp, 20))) search(q);
const times: number[] = [];
for (const q of queries.slice(warmUp)) {
  const s = performance.now();
  search(q);
  times.push(performance.now() - s);
}
times.sort((a, b) => a - b);
const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!;
globalThis.gc?.();
console.log(
  JSON.stringify({
    kind,
    entries: entries.length,
    queries: times.length,
    buildMs: Math.round(buildMs),
    p50Ms: +pct(50).toFixed(3),
    p99Ms: +pct(99).toFixed(3),
    rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
    heapMb: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
  }),
);
