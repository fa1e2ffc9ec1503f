import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_KNOWLEDGE_DIR } from '../../app/paths.ts';
import { importCatalog, type ImportSummary } from '../../catalog/import.ts';

// Enough to see what kind of defects a file has without drowning the summary.
const MAX_SKIPPED_SHOWN = 20;
const MAX_FILES_SHOWN = 20;

const collect = (value: string, previous: string[]) => [...previous, value];

function printSummary(summary: ImportSummary, outDir: string, seconds: number): void {
  const { read, imported, filteredOut, skipped, files } = summary;
  console.log(
    `Đã đọc ${read} dòng · nhập ${imported} thủ tục · lọc bỏ ${filteredOut} · bỏ qua ${skipped.length} (${seconds.toFixed(1)} giây)`,
  );
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
    .option('--level <level>', 'chỉ nhập thủ tục thực hiện ở cấp này, ví dụ "Cấp xã"; lặp lại để chọn nhiều cấp', collect, [] as string[])
    .option('--field <field>', 'chỉ nhập lĩnh vực có chứa cụm từ này (không phân biệt hoa thường, dấu); lặp lại được', collect, [] as string[])
    .action(async (file: string, opts: { out: string; level: string[]; field: string[] }) => {
      const schemaPath = join(DEFAULT_KNOWLEDGE_DIR, 'schema', 'knowledge.schema.json');
      const started = performance.now();
      try {
        const summary = await importCatalog({
          file,
          outDir: opts.out,
          levels: opts.level,
          fields: opts.field,
          schemaPath: existsSync(schemaPath) ? schemaPath : undefined,
        });
        printSummary(summary, opts.out, (performance.now() - started) / 1000);
      } catch (err) {
        console.error(`Không nhập được ${file}: ${(err as Error).message}`);
        process.exitCode = 1;
      }
    });
}
