// What a re-import changes for citizens: procedures new to the catalogue, procedures whose
// answer reads differently, procedures gone. Dates of the import itself are not a change.

export interface ImportDiff {
  added: string[];
  changed: string[];
  removed: string[];
}

interface Comparable {
  id: string;
  updated?: unknown;
  imported?: { importedAt?: unknown } & Record<string, unknown>;
}

/** The entry as JSON with sorted keys and without the dates an import stamps on it. */
function contentOf(entry: Comparable): string {
  const { updated: _updated, imported, ...rest } = entry;
  const { importedAt: _importedAt, ...origin } = imported ?? {};
  return JSON.stringify({ ...rest, imported: origin }, (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value,
  );
}

const byId = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/**
 * Entry ids added, changed and removed between two imports, each sorted. "Changed" means
 * any content differs (title, answer, legal basis, sources…), ignoring `updated` and
 * `imported.importedAt`.
 */
export function diffImports(previous: readonly Comparable[], next: readonly Comparable[]): ImportDiff {
  const before = new Map(previous.map((e) => [e.id, e]));
  const after = new Map(next.map((e) => [e.id, e]));
  const added = [...after.keys()].filter((id) => !before.has(id));
  const removed = [...before.keys()].filter((id) => !after.has(id));
  const changed = [...after].filter(([id, e]) => before.has(id) && contentOf(before.get(id)!) !== contentOf(e)).map(([id]) => id);
  return { added: added.sort(byId), changed: changed.sort(byId), removed: removed.sort(byId) };
}
