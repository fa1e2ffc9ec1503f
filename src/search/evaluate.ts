// Scores the engine on labelled questions, with the same definitions as the shared
// scorer (../shared/eval/score.mjs): hit@1 counts only confident, correct answers.
import type { SearchEngine } from './engine.ts';

export interface LabelledQuestion {
  q: string;
  /** The entry a good bot answers with; null for a message it must not answer. */
  id: string | null;
}

export interface Miss {
  q: string;
  want: string | null;
  got: string;
}

export interface EvalReport {
  questions: number;
  hit1: number;
  recall3: number;
  confidentlyWrong: number;
  clarifyRate: number;
  oosRejection: number;
  misses: Miss[];
}

export function parseLabelled(jsonl: string): LabelledQuestion[] {
  return jsonl
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      const v = JSON.parse(l) as Partial<LabelledQuestion>;
      if (typeof v.q !== 'string' || !(typeof v.id === 'string' || v.id === null))
        throw new Error(`dòng ${i + 1}: cần {"q": "...", "id": "..." | null}`);
      return { q: v.q, id: v.id };
    });
}

export function evaluate(engine: SearchEngine, questions: readonly LabelledQuestion[]): EvalReport {
  let inScope = 0, correct = 0, top3 = 0, wrong = 0, clarify = 0, oos = 0, rejected = 0;
  const misses: Miss[] = [];
  for (const { q, id } of questions) {
    const { decision, hits } = engine.search(q, 5);
    const ids = hits.map((h) => h.entry.id);
    if (id === null) {
      oos++;
      if (decision === 'none') rejected++;
      else misses.push({ q, want: null, got: `${decision}:${ids[0]}` });
      continue;
    }
    inScope++;
    if (decision === 'answer' && ids[0] === id) correct++;
    else misses.push({ q, want: id, got: `${decision}:${ids.slice(0, 3).join(',') || '-'}` });
    if (decision !== 'none' && ids.slice(0, 3).includes(id)) top3++;
    if (decision === 'answer' && ids[0] !== id) wrong++;
    if (decision === 'clarify') clarify++;
  }
  const ratio = (x: number, n: number) => (n ? Math.round((x / n) * 1000) / 1000 : 0);
  return {
    questions: questions.length,
    hit1: ratio(correct, inScope),
    recall3: ratio(top3, inScope),
    confidentlyWrong: ratio(wrong, inScope),
    clarifyRate: ratio(clarify, inScope),
    oosRejection: ratio(rejected, oos),
    misses,
  };
}
