import type { SearchEngine, SearchOutcome } from '../../search/engine.ts';
import { jsonLine, readLines, writeOut } from '../io.ts';

/** The JSON line of the `ask --json` contract: other tooling parses exactly this shape. */
export function outcomeToJson(o: SearchOutcome) {
  return {
    query: o.query,
    decision: o.decision,
    results: o.hits.map((h) => ({ id: h.entry.id, title: h.entry.title, score: Math.round(h.score * 1000) / 1000 })),
  };
}

/** For people tuning the knowledge: why the engine decided as it did. */
function outcomeToText(o: SearchOutcome): string {
  const hits = o.hits.map((h) => `    ${h.score.toFixed(3)} (bao phủ ${h.coverage.toFixed(2)}) ${h.entry.id}`);
  const repairs = o.repairs.length ? `  sửa: ${o.repairs.map((r) => `${r.from}→${r.to}`).join(', ')}\n` : '';
  return `${o.decision.toUpperCase()} :: ${o.query}\n${repairs}${hits.join('\n')}\n`;
}

/** One question per input line, one result per question; blank lines are not questions. */
export async function askLines(engine: SearchEngine, input: NodeJS.ReadableStream, output: NodeJS.WritableStream, json = true): Promise<void> {
  for await (const line of readLines(input)) {
    if (!line.trim()) continue;
    const outcome = engine.search(line, 5);
    await writeOut(output, json ? jsonLine(outcomeToJson(outcome)) : outcomeToText(outcome));
  }
}
