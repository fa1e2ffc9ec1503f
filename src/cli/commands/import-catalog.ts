import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AnnouncementActions } from '../../announcements/actions.ts';
import { draftsAfterImport, draftTargets, type CatalogDraftRequest } from '../../announcements/catalog-draft.ts';
import { loadConfig } from '../../app/config.ts';
import { clockFor } from '../../time/clock.ts';
import { atRunningBotOrHere } from '../running-bot.ts';
import type { Command } from 'commander';
import { DEFAULT_KNOWLEDGE_DIR } from '../../app/paths.ts';
import { DEFAULT_EXCLUDED_FIELDS, importCatalog, type ImportSummary } from '../../catalog/import.ts';

// Enough to see what kind of defects a file has without drowning the summary.
const MAX_SKIPPED_SHOWN = 20;
const MAX_FILES_SHOWN = 20;
const MAX_IDS_SHOWN = 15;
/** Procedures the catalogue does not mark abolished, listed by staff. */
export const DEFAULT_ABOLISHED_LIST = join(DEFAULT_KNOWLEDGE_DIR, 'catalog', 'abolished.json');

const collect = (value: string, previous: string[]) => [...previous, value];

const top = (tally: Record<string, number>, n = 8) =>
  Object.entries(tally)
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');

const someIds = (ids: readonly string[]) => `${ids.slice(0, MAX_IDS_SHOWN).join(', ')}${ids.length > MAX_IDS_SHOWN ? `, … (${ids.length - MAX_IDS_SHOWN} mục khác)` : ''}`;

function printSummary(summary: ImportSummary, outDir: string, seconds: number, print: (line: string) => void): void {
  const { read, imported, filteredOut, filteredBy, applied, skipped, abolished, diff, files } = summary;
  print(
    `Đã đọc ${read} dòng · nhập ${imported} thủ tục · lọc bỏ ${filteredOut} · bỏ ${abolished.length} thủ tục đã bãi bỏ · bỏ qua ${skipped.length} (${seconds.toFixed(1)} giây)`,
  );
  print(`Giữ thủ tục ở ${applied.levels.length ? applied.levels.join(', ') : 'mọi cấp'}, là những cấp người dân làm việc trực tiếp.`);
  const byLevel = Object.values(filteredBy.level).reduce((a, b) => a + b, 0);
  if (byLevel) print(`  bỏ ${byLevel} thủ tục chỉ thực hiện ở cấp khác: ${top(filteredBy.level)}`);
  const byField = Object.values(filteredBy.excludedField).reduce((a, b) => a + b, 0);
  if (byField) print(`  bỏ ${byField} thủ tục thuộc lĩnh vực dành cho doanh nghiệp, tổ chức chuyên ngành (--exclude-field, --all-fields để đổi): ${top(filteredBy.excludedField)}`);
  if (filteredBy.otherField) print(`  bỏ ${filteredBy.otherField} thủ tục ngoài các lĩnh vực chọn bằng --field`);
  for (const a of abolished) print(`  bỏ thủ tục ${a.code} (${a.title}): ${a.reason}`);
  for (const s of skipped.slice(0, MAX_SKIPPED_SHOWN)) print(`  bỏ qua dòng ${s.line}: ${s.reason}`);
  if (skipped.length > MAX_SKIPPED_SHOWN) print(`  … và ${skipped.length - MAX_SKIPPED_SHOWN} dòng khác`);
  print(`So với lần nhập trước trong ${outDir}: ${diff.added.length} thủ tục mới, ${diff.changed.length} thay đổi, ${diff.removed.length} không còn`);
  if (diff.added.length) print(`  mới: ${someIds(diff.added)}`);
  if (diff.changed.length) print(`  thay đổi: ${someIds(diff.changed)}`);
  if (diff.removed.length) print(`  không còn: ${someIds(diff.removed)}`);
  print(`Đã ghi ${files.length} tệp vào ${outDir}`);
  if (files.length <= MAX_FILES_SHOWN) for (const f of files) print(`  ${f.path}: ${f.entries} mục`);
}

/**
 * Imported into the knowledge the bot serves: a draft announcement per ward of what is new,
 * changed or abolished, for staff to edit and send (the staff page "Tin tuyên truyền").
 * An import into any other folder drafts nothing; a failure here never undoes the import.
 */
async function draftAnnouncements(summary: ImportSummary, outDir: string, print: (line: string) => void): Promise<void> {
  const { diff, diffFacts } = summary;
  if (!diff.added.length && !diff.changed.length && !diff.removed.length) return;
  const config = loadConfig();
  if (!config.TTHC_KNOWLEDGE_DIRS.some((dir) => resolve(dir) === resolve(outDir))) return;
  const request: CatalogDraftRequest = { diff, facts: diffFacts };
  try {
    const ids = await atRunningBotOrHere(config, 'catalog-drafts', request, async (store, knowledge) => {
      const { settings, units } = knowledge.current().knowledge;
      const actions = new AnnouncementActions({ store: store.announcements, unitExists: (id) => !!knowledge.current().units.get(id), now: clockFor(config.TTHC_TODAY) });
      return draftsAfterImport(actions, request, draftTargets(settings.unit.name, units));
    });
    if (ids.length) print(`Đã soạn ${ids.length} bản nháp tin tuyên truyền về các thủ tục mới, thay đổi, bãi bỏ: xem, sửa và gửi tại trang cán bộ /staff/announcements.`);
  } catch (err) {
    print(`Chưa soạn được bản nháp tin tuyên truyền (việc nhập vẫn xong): ${(err as Error).message}`);
  }
}

interface Options {
  out: string;
  level: string[];
  field: string[];
  excludeField: string[];
  allFields?: boolean;
  abolished?: string;
  json?: boolean;
}

export function registerImportCatalog(program: Command): void {
  program
    .command('import-catalog <file>')
    .description('Nhập Cơ sở dữ liệu thủ tục hành chính quốc gia (JSONL, có thể nén gzip) thành tệp kiến thức, mỗi lĩnh vực một tệp')
    .requiredOption('--out <dir>', 'thư mục ghi các tệp kiến thức (lần nhập sau so sánh với nội dung đang có ở đây)')
    .option('--level <levels>', 'cấp thực hiện được nhập: xa, tinh, bo, khac hoặc all, cách nhau dấu phẩy (mặc định xa,tinh)', collect, [] as string[])
    .option('--field <field>', 'chỉ nhập lĩnh vực có chứa cụm từ này (không phân biệt hoa thường, dấu); lặp lại được', collect, [] as string[])
    .option('--exclude-field <field>', 'bỏ thêm lĩnh vực có chứa cụm từ này; lặp lại được', collect, [] as string[])
    .option('--all-fields', 'không bỏ các lĩnh vực chuyên ngành mặc định (hải quan, hàng không, chứng khoán…)')
    .option('--abolished <file>', 'danh sách thủ tục đã bãi bỏ cần bỏ qua (mặc định knowledge/catalog/abolished.json)')
    .option('--json', 'in đúng một dòng JSON {"added":[…],"changed":[…],"removed":[…]} ra stdout; phần tóm tắt in ra stderr')
    .action(async (file: string, opts: Options) => {
      const schemaPath = join(DEFAULT_KNOWLEDGE_DIR, 'schema', 'knowledge.schema.json');
      const started = performance.now();
      // With --json, stdout carries only the JSON line, so a script can read it as it is.
      const print = opts.json ? (line: string) => console.error(line) : (line: string) => console.log(line);
      try {
        const summary = await importCatalog({
          file,
          outDir: opts.out,
          levels: opts.level.length ? opts.level : undefined,
          fields: opts.field,
          excludeFields: [...(opts.allFields ? [] : DEFAULT_EXCLUDED_FIELDS), ...opts.excludeField],
          schemaPath: existsSync(schemaPath) ? schemaPath : undefined,
          abolishedList: opts.abolished ?? (existsSync(DEFAULT_ABOLISHED_LIST) ? DEFAULT_ABOLISHED_LIST : undefined),
        });
        printSummary(summary, opts.out, (performance.now() - started) / 1000, print);
        await draftAnnouncements(summary, opts.out, print);
        if (opts.json) console.log(JSON.stringify(summary.diff));
      } catch (err) {
        console.error(`Không nhập được ${file}: ${(err as Error).message}`);
        process.exitCode = 1;
      }
    });
}
