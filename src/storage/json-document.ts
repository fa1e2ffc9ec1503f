// One JSON data file, held in memory and written atomically by lowdb's JSONFile (steno:
// write to a temporary file, then rename), so a crash leaves either the old or the new
// file, never half of one. A file that does not parse is never overwritten: opening it
// fails with a message naming it, and the bot does not start on damaged data.
import { copyFile, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';

export class DataFileCorruptError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(
      `Tệp dữ liệu ${file} bị hỏng (${reason}). Bot dừng để không ghi đè lên dữ liệu: ` +
        `khôi phục tệp từ thư mục backups/ bên cạnh nó, hoặc sửa tệp, rồi chạy lại.`,
    );
    this.name = 'DataFileCorruptError';
  }
}

export interface OpenOptions<T> {
  /** Checks the parsed content; throw (or return a message) when it is not what the file should hold. */
  validate?: (data: unknown) => T;
  /** Copies kept in `backups/` beside the file, one per opening; oldest removed first. 0 for none. */
  keepBackups?: number;
}

const DEFAULT_BACKUPS = 10;

export class JsonDocument<T> {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly path: string,
    private readonly db: Low<T>,
  ) {}

  /** Opens (or creates) the file. Throws DataFileCorruptError for an empty, truncated or invalid file. */
  static async open<T>(path: string, defaultData: T, options: OpenOptions<T> = {}): Promise<JsonDocument<T>> {
    await mkdir(dirname(path), { recursive: true });
    let data = defaultData;
    const raw = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    if (raw !== undefined) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch (err) {
        throw new DataFileCorruptError(path, raw.trim() ? `JSON không hợp lệ: ${(err as Error).message}` : 'tệp rỗng');
      }
      try {
        data = options.validate ? options.validate(parsed) : (parsed as T);
      } catch (err) {
        throw new DataFileCorruptError(path, `nội dung không đúng cấu trúc: ${(err as Error).message}`);
      }
      await backUp(path, options.keepBackups ?? DEFAULT_BACKUPS);
    }
    return new JsonDocument(path, new Low<T>(new JSONFile<T>(path), data));
  }

  get data(): T {
    return this.db.data;
  }

  /**
   * Applies a change and resolves once it is on disk. Changes run one at a time, in call
   * order, so read-modify-write sequences from concurrent callers never interleave.
   */
  update<R>(change: (data: T) => R | Promise<R>): Promise<R> {
    const run = this.queue.then(async () => {
      const result = await change(this.db.data);
      await this.db.write();
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

async function backUp(path: string, keep: number): Promise<void> {
  if (keep <= 0) return;
  const dir = join(dirname(path), 'backups');
  await mkdir(dir, { recursive: true });
  const name = basename(path, '.json');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  await copyFile(path, join(dir, `${name}.${stamp}.json`));
  const mine = (await readdir(dir)).filter((f) => f.startsWith(`${name}.`) && f.endsWith('.json')).sort();
  await Promise.all(mine.slice(0, Math.max(0, mine.length - keep)).map((f) => rm(join(dir, f))));
}
