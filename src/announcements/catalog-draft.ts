// After a catalogue import, a draft announcement per ward listing the procedures of its
// level that are new, changed or abolished, for staff to edit and send. The import's diff
// (issue 17) is entry ids; titles and levels come from the knowledge before the import (for
// those removed) and after it (for the rest).
import { z } from 'zod';
import { foldText } from '../search/normalize.ts';
import { MAX_TEXT_CHARS } from './announcement.ts';
import type { AnnouncementActions } from './actions.ts';

/** What an import changed, as entry ids (`import-catalog --json` prints it as its last line). */
export interface CatalogDiff {
  added: readonly string[];
  changed: readonly string[];
  removed: readonly string[];
}

/** What the draft says of one procedure. */
export interface ProcedureFacts {
  title: string;
  /** The catalogue's level ("Cấp xã", "Cấp tỉnh, Cấp xã"); unknown for curated entries. */
  level?: string;
}

/** A ward is the commune level ("Cấp xã"); the province's own procedures are "Cấp tỉnh". */
export type UnitLevel = 'xa' | 'tinh';

const LEVEL_WORDS: Record<UnitLevel, string> = { xa: 'cap xa', tinh: 'cap tinh' };
const GROUPS = [
  { key: 'added', heading: 'Thủ tục mới' },
  { key: 'changed', heading: 'Thủ tục sửa đổi, bổ sung' },
  { key: 'removed', heading: 'Thủ tục bãi bỏ' },
] as const;

/** Reads the diff from `import-catalog --json`'s last line; throws with what is wrong. */
export function parseCatalogDiff(line: string): CatalogDiff {
  const value = JSON.parse(line) as Partial<Record<keyof CatalogDiff, unknown>>;
  const ids = (k: keyof CatalogDiff) => {
    const v = value[k];
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new Error(`"${k}" phải là danh sách mã mục`);
    return v as string[];
  };
  return { added: ids('added'), changed: ids('changed'), removed: ids('removed') };
}

/** The draft's title and text for a ward of `level`; undefined when nothing of that level changed. */
export function draftFromCatalogDiff(diff: CatalogDiff, facts: (id: string) => ProcedureFacts | undefined, level: UnitLevel, unitName: string): { title: string; text: string } | undefined {
  const ofLevel = (id: string) => {
    const f = facts(id);
    return f && (!f.level || foldText(f.level).includes(LEVEL_WORDS[level])) ? f : undefined;
  };
  const groups = GROUPS.map((g) => ({ ...g, titles: diff[g.key].flatMap((id) => ofLevel(id)?.title ?? []) })).filter((g) => g.titles.length);
  if (!groups.length) return undefined;
  const intro = `${unitName.charAt(0).toLocaleUpperCase('vi')}${unitName.slice(1)} thông báo các thủ tục hành chính vừa được cập nhật:`;
  const outro = 'Hỏi bot tên thủ tục để xem hồ sơ, lệ phí, thời gian giải quyết.';
  // Within the limit: as many names as fit, then how many more.
  let text = '';
  for (let shown = 8; shown >= 1; shown--) {
    const body = groups.map((g) => [`${g.heading} (${g.titles.length}):`, ...g.titles.slice(0, shown).map((t) => `- ${t}`), ...(g.titles.length > shown ? [`- … và ${g.titles.length - shown} thủ tục khác`] : [])].join('\n'));
    text = [intro, ...body, outro].join('\n\n');
    if (text.length <= MAX_TEXT_CHARS) break;
  }
  return { title: 'Cập nhật thủ tục hành chính: mới, sửa đổi, bãi bỏ', text: text.slice(0, MAX_TEXT_CHARS) };
}

export interface DraftTarget {
  /** The ward's id; none for a single ward's deployment. */
  unit?: string;
  name: string;
  level: UnitLevel;
}

/**
 * The adapter the import command calls once it has the diff: one draft per ward (or one for
 * a single ward's deployment), saved for staff on the announcements page. Returns their ids.
 */
export async function saveCatalogDrafts(actions: Pick<AnnouncementActions, 'createDraft'>, diff: CatalogDiff, facts: (id: string) => ProcedureFacts | undefined, targets: readonly DraftTarget[]): Promise<string[]> {
  const ids: string[] = [];
  for (const t of targets) {
    const draft = draftFromCatalogDiff(diff, facts, t.level, t.name);
    if (!draft) continue;
    const saved = await actions.createDraft({ ...draft, ...(t.unit ? { unit: t.unit } : {}), createdBy: 'bot:import-catalog', origin: 'catalog-import' });
    ids.push(saved.id);
  }
  return ids;
}

/** A catalogue import's changes as they travel from `import-catalog` to whoever saves the drafts (the running bot, or the command). */
export const catalogDraftRequest = z.object({
  diff: z.object({ added: z.array(z.string()), changed: z.array(z.string()), removed: z.array(z.string()) }),
  facts: z.record(z.string(), z.object({ title: z.string(), level: z.string().optional() })),
});
export type CatalogDraftRequest = z.infer<typeof catalogDraftRequest>;

/** The wards a deployment drafts for: each unit of a province's deployment, or the one ward. */
export function draftTargets(settingsName: string, units: readonly { id: string; settings: { unit: { name: string } } }[]): DraftTarget[] {
  return units.length ? units.map((u) => ({ unit: u.id, name: u.settings.unit.name, level: 'xa' as const })) : [{ name: settingsName, level: 'xa' }];
}

/** Saves the drafts of an import (checked on arrival: it may come over the control socket); returns their ids. */
export function draftsAfterImport(actions: Pick<AnnouncementActions, 'createDraft'>, raw: unknown, targets: readonly DraftTarget[]): Promise<string[]> {
  const { diff, facts } = catalogDraftRequest.parse(raw);
  return saveCatalogDrafts(actions, diff, (id) => facts[id], targets);
}
