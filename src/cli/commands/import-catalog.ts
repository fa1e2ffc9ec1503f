import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_KNOWLEDGE_DIR } from '../../app/paths.ts';
import { DEFAULT_EXCLUDED_FIELDS, importCatalog, type ImportSummary } from '../../catalog/import.ts';

// Enough to see what kind of defects a file has without drowning the summary.
const MAX_SKIPPED_SHOWN = 20;
const MAX_FILES_SHOWN = 20;

const collect = (value: string, previous: string[]) => [...previous, value];

const top = (tally: Record<string, number>, n = 8) =>
  Object.entries(tally)
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');

function printSummary(summary: ImportSummary, outDir: string, seconds: number): void {
  const { read, imported, filteredOut, filteredBy, applied, skipped, files } = summary;
  console.log(
    `Đã đọc ${read} dòng · nhập ${imported} thủ tục · lọc bỏ ${filteredOut} · bỏ qua ${skipped.length} (${seconds.toFixed(1)} giây)`,
  );
  console.log(`Giữ thủ tục ở ${applied.levels.length ? applied.levels.join(', ') : 'mọi cấp'}, là những cấp người dân làm việc trực tiếp.`);
  const byLevel = Object.values(filteredBy.level).reduce((a, b) => a + b, 0);
  if (byLevel) console.log(`  bỏ ${byLevel} thủ tục chỉ thực hiện ở cấp khác: ${top(filteredBy.level)}`);
  const byField = Object.values(filteredBy.excludedField).reduce((a, b) => a + b, 0);
  if (byField) console.log(`  bỏ ${byField} thủ tục thuộc lĩnh vực dành cho doanh nghiệp, tổ chức chuyên ngành (--exclude-field, --all-fields để đổi): ${top(filteredBy.excludedField)}`);
  if (filteredBy.otherField) console.log(`  bỏ ${filteredBy.otherField} thủ tục ngoài các lĩnh vực chọn bằng --field`);
  for (const s of skipped.slice(0, MAX_SKIPPED_SHOWN)) console.log(`  bỏ qua dòng ${s.line}: ${s.reason}`);
  if (skipped.length > MAX_SKIPPED_SHOWN) console.log(`  … và ${skipped.length - MAX_SKIPPED_SHOWN} dòng khác`);
  console.log(`Đã ghi ${files.length} tệp vào ${outDir}`);
  if (files.length <= MAX_FILES_SHOWN) for (const f of files) console.log(`  ${f.path}: ${f.entries} mục`);
}

export function registerImportCatalog(program: Command): void {
  program
    .command('import-catalog <file>')
    .description('Nhập Cơ sở dữ liệu thủ tục hành chính quốc gia (JSONL, có thể nén gzip) thành tệp kiến thức, mỗi lĩnh vực một tệp')
    .requiredOption('--out <dir>', 'thư mục ghi các tệp kiến thức')
    .option('--level <levels>', 'cấp thực hiện được nhập: xa, tinh, bo, khac hoặc all, cách nhau dấu phẩy (mặc định xa,tinh)', collect, [] as string[])
    .option('--field <field>', 'chỉ nhập lĩnh vực có chứa cụm từ này (không phân biệt hoa thường, dấu); lặp lại được', collect, [] as string[])
    .option('--exclude-field <field>', 'bỏ thêm lĩnh vực có chứa cụm từ này; lặp lại được', collect, [] as string[])
    .option('--all-fields', 'không bỏ các lĩnh vực chuyên ngành mặc định (hải quan, hàng không, chứng khoán…)')
    .action(async (file: string, opts: { out: string; level: string[]; field: string[]; excludeField: string[]; allFields?: boolean }) => {
      const schemaPath = join(DEFAULT_KNOWLEDGE_DIR, 'schema', 'knowledge.schema.json');
      const started = performance.now();
      try {
        const summary = await importCatalog({
          file,
          outDir: opts.out,
          levels: opts.level.length ? opts.level : undefined,
          fields: opts.field,
          excludeFields: [...(opts.allFields ? [] : DEFAULT_EXCLUDED_FIELDS), ...opts.excludeField],
          schemaPath: existsSync(schemaPath) ? schemaPath : undefined,
        });
        printSummary(summary, opts.out, (performance.now() - started) / 1000);
      } catch (err) {
        console.error(`Không nhập được ${file}: ${(err as Error).message}`);
        process.exitCode = 1;
      }
    });
}
