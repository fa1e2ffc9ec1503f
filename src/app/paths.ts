import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

/** The repository root, so commands work from any working directory. */
export const PROJECT_ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
export const DEFAULT_KNOWLEDGE_DIR = resolve(PROJECT_ROOT, 'knowledge');
