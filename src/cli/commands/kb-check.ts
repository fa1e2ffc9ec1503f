// `kb check`: what is broken (errors: the entry or file does not serve) and what needs a
// look before it is too late (warnings), as text for staff or as JSON for tools.
import type { OpenedEngine } from '../../app/live-knowledge.ts';
import { formatProblem, type Problem } from '../../knowledge/problems.ts';
import { reviewKnowledge } from '../../knowledge/review.ts';
import { findCollisions } from '../../search/collisions.ts';

export interface KnowledgeCheck {
  errors: Problem[];
  warnings: Problem[];
  entries: number;
}

/** Loading problems, sample questions another entry answers, and the review warnings of `today`. */
export function checkKnowledge({ knowledge, engine }: OpenedEngine, today: string): KnowledgeCheck {
  const collisions = findCollisions(engine, (id) => knowledge.fileOf.get(id) ?? '?');
  const problems = [...knowledge.problems, ...collisions, ...reviewKnowledge(knowledge, today)];
  return { errors: problems.filter((p) => p.severity === 'error'), warnings: problems.filter((p) => p.severity === 'warning'), entries: knowledge.entries.length };
}

const asJson = ({ file, entry, field, kind, message }: Problem) => ({ file, entry: entry ?? null, field: field ?? null, kind, message });

/** The `--json` contract: {"errors":[…],"warnings":[{"file","entry","field","kind","message"}]}. */
export const checkToJson = (check: KnowledgeCheck) => ({ errors: check.errors.map(asJson), warnings: check.warnings.map(asJson) });

/** Errors first, then warnings apart, then one line of totals. */
export function checkToText(check: KnowledgeCheck): string {
  const broken = new Set(check.errors.map((p) => `${p.file} › ${p.entry ?? '(tệp)'}`)).size;
  return [
    ...(check.errors.length ? ['Lỗi (mục hoặc tệp không dùng được cho đến khi sửa):', ...check.errors.map(formatProblem), ''] : []),
    ...(check.warnings.length ? ['Cảnh báo (bot vẫn chạy; nên xem sớm):', ...check.warnings.map(formatProblem), ''] : []),
    `${check.entries} mục dùng được · ${broken} mục hoặc tệp có lỗi (${check.errors.length} lỗi) · ${check.warnings.length} cảnh báo`,
  ].join('\n');
}
