import { createInterface } from 'node:readline';
import type { SearchEngine, SearchOutcome } from '../../search/engine.ts';

/** The JSON line of the `ask --json` contract: other tooling parses exactly this shape. */
export function outcomeToJson(o: SearchOutcome) {
  return {
    query: o.query,
    decision: o.decision,
    results: o.hits.map((h) => ({ id: h.entry.id, title: h.entry.title, score: Math.round(h.score * 1000) / 1000 })),
  };
}

/** One question per input line, one JSON line per question; blank lines are not questions. */
export async function askLines(engine: SearchEngine, input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<void> {
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    output.write(JSON.stringify(outcomeToJson(engine.search(line, 5))) + '\n');
  }
}
