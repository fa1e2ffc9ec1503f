// Runs every entry's own sample questions through the engine: a sample answered by
// another entry means two entries overlap and citizens will get the wrong one.
import type { Entry } from '../knowledge/schema.ts';
import type { Problem } from '../knowledge/problems.ts';
import type { SearchEngine } from './engine.ts';

const isImported = (e: Entry) => 'imported' in e && e.imported !== undefined;

export function findCollisions(engine: SearchEngine, fileOf: (id: string) => string): Problem[] {
  const problems: Problem[] = [];
  for (const entry of engine.entries) {
    entry.questions.forEach((question, i) => {
      const { decision, hits } = engine.search(question, 3);
      const top = hits[0]?.entry;
      if (decision === 'answer' && top && top.id !== entry.id) {
        // Imported catalogue entries overlap by nature (one procedure per level and
        // agency); only hand-written entries are held to having no collision at all.
        const severity = isImported(entry) || isImported(top) ? 'warning' : 'error';
        problems.push({ severity, kind: 'collision', file: fileOf(entry.id), entry: entry.id, field: `questions.${i}`, message: `câu mẫu "${question}" lại được trả lời bằng mục ${top.id}` });
      } else if (decision === 'clarify') {
        const others = hits.filter((h) => h.entry.id !== entry.id).map((h) => h.entry.id);
        problems.push({ severity: 'warning', kind: 'collision', file: fileOf(entry.id), entry: entry.id, field: `questions.${i}`, message: `câu mẫu "${question}" khiến bot phải hỏi lại (lẫn với ${others.join(', ')})` });
      } else if (decision === 'none' || !hits.some((h) => h.entry.id === entry.id)) {
        problems.push({ severity: 'warning', kind: 'collision', file: fileOf(entry.id), entry: entry.id, field: `questions.${i}`, message: `câu mẫu "${question}" không tìm ra chính mục này (${decision})` });
      }
    });
  }
  return problems;
}
