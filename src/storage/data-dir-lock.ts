// Only one process may write a data folder at a time. The stores keep the data in memory
// and rewrite whole files, so a second writer (a staff command while the bot runs) would
// silently overwrite the first one's changes. The lock is a lock directory beside the
// data folder (proper-lockfile); it goes stale a few seconds after its holder dies, so a
// crash never locks the data folder for good.
import { mkdirSync } from 'node:fs';
import lockfile from 'proper-lockfile';

export class DataDirBusyError extends Error {
  constructor(readonly dir: string) {
    super(
      `Thư mục dữ liệu ${dir} đang được một tiến trình khác (bot đang chạy?) ghi. ` +
        'Dừng tiến trình đó trước, hoặc trả lời phản ánh ngay trong nhóm chat của cán bộ.',
    );
    this.name = 'DataDirBusyError';
  }
}

/** Takes the lock or throws DataDirBusyError; resolves to the function that releases it. */
export async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  mkdirSync(dir, { recursive: true });
  try {
    return await lockfile.lock(dir, {
      stale: 10_000,
      update: 2_000,
      realpath: false,
      // Only if the lock could not be refreshed for 10 s (a frozen process): say so rather than crash.
      onCompromised: (err) => console.error(`Khóa thư mục dữ liệu ${dir} bị mất: ${err.message}`),
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOCKED') throw new DataDirBusyError(dir);
    throw err;
  }
}
