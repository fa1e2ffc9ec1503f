// `data export` / `data import`: a deployment's data out of its store and into another, so a
// ward that started with the lowdb folder moves to PostgreSQL (or back) without losing a
// record. Which store is the one DATABASE_URL (or TTHC_DATA_DIR) names; the lowdb folder
// is held while it runs, so stop the bot first.
import { createReadStream } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../../app/config.ts';
import { DataFileError, exportData, importData } from '../../app/data-transfer.ts';
import { openStore } from '../../app/open-store.ts';
import { openPrivate } from '../../files/private-files.ts';
import { jsonLine, readLines, writeOut } from '../io.ts';

async function withStore<T>(work: (store: Awaited<ReturnType<typeof openStore>>) => Promise<T>): Promise<T> {
  const store = await openStore(loadConfig());
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

async function run(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exitCode = err instanceof DataFileError ? 2 : 1;
  }
}

export function registerDataCommands(program: Command): void {
  const data = program.command('data').description('Chuyển dữ liệu giữa thư mục dữ liệu (lowdb) và PostgreSQL');

  data
    .command('export')
    .description('Xuất phản ánh (kèm ảnh), câu hỏi chưa trả lời, tài khoản cán bộ, tin chờ gửi (JSON Lines; có thông tin cá nhân)')
    .option('--out <file>', 'ghi vào tệp (quyền 0600) thay vì in ra')
    .action((opts: { out?: string }) =>
      run(() =>
        withStore(async (store) => {
          const file = opts.out ? await openPrivate(opts.out, 'w') : undefined;
          const counts: Record<string, number> = {};
          try {
            for await (const line of exportData(store)) {
              counts[line.type] = (counts[line.type] ?? 0) + 1;
              if (file) await file.write(jsonLine(line));
              else await writeOut(process.stdout, jsonLine(line));
            }
            await file?.sync();
          } finally {
            await file?.close();
          }
          process.stderr.write(`Đã xuất từ ${store.kind === 'postgres' ? 'PostgreSQL' : 'thư mục dữ liệu'}: ${counts.feedback ?? 0} phản ánh, ${counts.unanswered ?? 0} câu hỏi chưa trả lời, ${counts.account ?? 0} tài khoản, ${counts.attachment ?? 0} ảnh, ${counts.outbox ?? 0} tin chờ gửi.\n`);
        }),
      ),
    );

  data
    .command('import <file>')
    .description('Nhập tệp đã xuất ("-" là stdin); cái đã có (cùng mã, cùng tên) được giữ nguyên; in một dòng JSON kết quả')
    .action((file: string) =>
      run(() =>
        withStore(async (store) => {
          const input = file === '-' ? process.stdin : createReadStream(file);
          const result = await importData(store, readLines(input));
          process.stdout.write(jsonLine({ store: store.kind, ...result }));
        }),
      ),
    );
}
