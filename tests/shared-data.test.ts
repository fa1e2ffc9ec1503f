import { buildEngine } from '../src/app/live-knowledge.ts';
// Quality guards on the shared, real material. Each skips cleanly where ../shared is absent.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_KNOWLEDGE_DIR, PROJECT_ROOT } from '../src/app/paths.ts';
import { importCatalog } from '../src/catalog/import.ts';
import { loadKnowledge } from '../src/knowledge/load.ts';
import { evaluate, parseLabelled } from '../src/search/evaluate.ts';

const SHARED = resolve(PROJECT_ROOT, '../shared');
const SPEC = join(SHARED, 'kb-spec.md');
const DEV = join(SHARED, 'eval/dev.jsonl');
const CATALOG = join(SHARED, 'data/tthc-catalog.jsonl.gz');

const curated = loadKnowledge([DEFAULT_KNOWLEDGE_DIR]);

describe('knowledge base against the spec', () => {
  it.skipIf(!existsSync(SPEC))('has every entry id the spec requires', () => {
    const ids = [...readFileSync(SPEC, 'utf8').matchAll(/^\| ([a-z]+\.[a-z0-9-]+) \|/gm)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(40);
    const have = new Set(curated.entries.map((e) => e.id));
    expect(ids.filter((id) => !have.has(id!))).toEqual([]);
  });

  it('loads without problems, and every non-small-talk entry cites law and an official https source', () => {
    expect(curated.problems).toEqual([]);
    for (const e of curated.entries) {
      if (e.kind === 'smalltalk') continue;
      expect(e.legalBasis.length, e.id).toBeGreaterThan(0);
      expect(e.sources.every((s) => s.url.startsWith('https://')), e.id).toBe(true);
    }
  });
});

describe('engine on the shared dev questions', () => {
  it.skipIf(!existsSync(DEV))('meets the targets on the curated knowledge', () => {
    const report = evaluate(buildEngine(curated), parseLabelled(readFileSync(DEV, 'utf8')));
    expect(report.hit1).toBeGreaterThanOrEqual(0.9);
    expect(report.recall3).toBeGreaterThanOrEqual(0.97);
    expect(report.confidentlyWrong).toBeLessThanOrEqual(0.04);
    expect(report.oosRejection).toBeGreaterThanOrEqual(0.9);
  });

  it.skipIf(!existsSync(DEV) || !existsSync(CATALOG))('keeps curated entries ahead with the whole national catalogue loaded', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tthc-catalog-'));
    const summary = await importCatalog({ file: CATALOG, outDir: out });
    const kb = loadKnowledge([DEFAULT_KNOWLEDGE_DIR, out]);
    expect(kb.entries.length).toBe(curated.entries.length + summary.imported);
    const report = evaluate(buildEngine(kb), parseLabelled(readFileSync(DEV, 'utf8')));
    expect(report.hit1).toBeGreaterThanOrEqual(0.85);
    expect(report.confidentlyWrong).toBeLessThanOrEqual(0.04);
  }, 120_000);
});
