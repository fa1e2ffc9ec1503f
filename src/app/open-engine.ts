import { loadKnowledge, type KnowledgeBase } from '../knowledge/load.ts';
import { SearchEngine } from '../search/engine.ts';
import { DEFAULT_KNOWLEDGE_DIR } from './paths.ts';

export interface OpenedEngine {
  knowledge: KnowledgeBase;
  engine: SearchEngine;
}

/**
 * Loads the knowledge folders (the curated one by default) and builds the engine.
 * Entries with errors are left out and listed in `knowledge.problems`; the rest still serve.
 */
export function openEngine(dirs: readonly string[] = []): OpenedEngine {
  const knowledge = loadKnowledge(dirs.length ? [...dirs] : [DEFAULT_KNOWLEDGE_DIR]);
  return { knowledge, engine: new SearchEngine(knowledge.entries, knowledge.synonymGroups) };
}
