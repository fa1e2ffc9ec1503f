// Placeholders an entry names that settings.json does not define: each is an error of
// the entry (shown to citizens it would read "{{office.adress}}"), with the nearest
// defined name suggested, found with fuse.js as typos in questions are.
import Fuse from 'fuse.js';
import { isKnownPlaceholder, placeholdersIn, stringsWithin } from './placeholders.ts';
import type { Settings } from './schema.ts';

/** Every placeholder settings defines: "office.address", "unit.name" … */
export function definedPlaceholders(settings: Settings): string[] {
  const out: string[] = [];
  const walk = (node: unknown, path: string) => {
    if (typeof node === 'string') out.push(path);
    else if (node && typeof node === 'object' && !Array.isArray(node))
      for (const [k, v] of Object.entries(node)) if (k !== '$schema') walk(v, path ? `${path}.${k}` : k);
  };
  walk(settings, '');
  return out;
}

export interface PlaceholderIssue {
  field: string;
  message: string;
}

export class PlaceholderChecker {
  private readonly fuse: Fuse<string>;

  constructor(private readonly settings: Settings) {
    this.fuse = new Fuse(definedPlaceholders(settings), { threshold: 0.4, includeScore: true });
  }

  /** The unknown placeholders anywhere in `answer` (a raw, possibly invalid, entry answer too). */
  check(answer: unknown, file: string): PlaceholderIssue[] {
    const issues: PlaceholderIssue[] = [];
    for (const [field, text] of stringsWithin(answer, 'answer')) {
      for (const name of placeholdersIn(text)) {
        if (isKnownPlaceholder(this.settings, name)) continue;
        const nearest = this.fuse.search(name, { limit: 1 })[0]?.item;
        issues.push({
          field,
          message: `chỗ đặt sẵn {{${name}}} không có trong ${file}${nearest ? `; có phải ý bạn là {{${nearest}}}?` : ''}`,
        });
      }
    }
    return issues;
  }
}
