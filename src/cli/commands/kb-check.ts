import type { OpenedEngine } from '../../app/live-knowledge.ts';
import type { Problem } from '../../knowledge/problems.ts';
import { findCollisions } from '../../search/collisions.ts';

export function checkKnowledge({ knowledge, engine }: OpenedEngine): { problems: Problem[]; entries: number } {
  const collisions = findCollisions(engine, (id) => knowledge.fileOf.get(id) ?? '?');
  return { problems: [...knowledge.problems, ...collisions], entries: knowledge.entries.length };
}
