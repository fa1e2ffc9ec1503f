import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { editorSchemas } from '../../knowledge/schema.ts';
import { caseworkEditorSchemas } from '../../knowledge/casework-schema.ts';

/** Regenerates the editor JSON Schemas from the zod definitions. */
export function writeEditorSchemas(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  return Object.entries({ ...editorSchemas(), ...caseworkEditorSchemas() }).map(([name, schema]) => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(schema, null, 2) + '\n');
    return path;
  });
}
