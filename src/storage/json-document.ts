// One JSON data file, held in memory and written atomically: write a temporary file,
// fsync it, rename it over the file, fsync the folder. A crash or a power cut leaves
// either the old or the new file, never half of one, and a write that has resolved
// survives both. A file that does not parse is never overwritten: opening it fails
// with a message naming it, and the bot does not start on damaged data.
import { copyFile, mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Low, type Adapter } from 'lowdb';
import { describeJsonSyntaxError } from './json-syntax-error.ts';

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
  /**
   * Copies kept in `backups/` beside the file, one per opening whose content differs from
   * the newest copy; oldest removed first. 0 for none.
   */
  keepBackups?: number;
}

const DEFAULT_BACKUPS = 10;

interface PendingChange<T> {
  change: (data: T) => unknown;
  undo: ((data: T) => void) | undefined;
  resolve: (result: unknown) => void;
  reject: (err: unknown) => void;
}

export class JsonDocument<T> {
  private pending: PendingChange<T>[] = [];
  private flushing = false;

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
        throw new DataFileCorruptError(path, raw.trim() ? (describeJsonSyntaxError(raw) ?? 'JSON không hợp lệ') : 'tệp rỗng');
      }
      try {
        data = options.validate ? options.validate(parsed) : (parsed as T);
      } catch (err) {
        throw new DataFileCorruptError(path, `nội dung không đúng cấu trúc: ${(err as Error).message}`);
      }
      await backUp(path, raw, options.keepBackups ?? DEFAULT_BACKUPS);
    }
    return new JsonDocument(path, new Low<T>(new DurableJsonFile<T>(path), data));
  }

  get data(): T {
    return this.db.data;
  }

  /**
   * Applies a change and resolves once it is on disk. Changes run one at a time, in call
   * order, so read-modify-write sequences from concurrent callers never interleave.
   *
   * Changes that arrive while a write is under way are applied together and written once
   * (group commit): with an fsync per write, a burst of callers would otherwise queue
   * behind one another. A change that throws rejects only its own caller, so it should
   * throw before it mutates anything. If the write fails, every change of that write is
   * undone, newest first, with its `undo` (which must not throw), before any later change
   * runs, and its caller is rejected: memory then matches the file again.
   */
  update<R>(change: (data: T) => R | Promise<R>, undo?: (data: T) => void): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ change, undo, resolve: resolve as (result: unknown) => void, reject });
      if (!this.flushing) {
        this.flushing = true;
        // Not right away: changes asked for in the same tick then share the first write.
        queueMicrotask(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0);
      const applied: { entry: PendingChange<T>; result: unknown }[] = [];
      for (const entry of batch) {
        try {
          applied.push({ entry, result: await entry.change(this.db.data) });
        } catch (err) {
          entry.reject(err);
        }
      }
      if (applied.length === 0) continue;
      try {
        await this.db.write();
      } catch (err) {
        for (const { entry } of [...applied].reverse()) entry.undo?.(this.db.data);
        for (const { entry } of applied) entry.reject(err);
        continue;
      }
      for (const { entry, result } of applied) entry.resolve(result);
    }
    this.flushing = false;
  }
}

/** lowdb adapter writing like lowdb's JSONFile (temporary file, then rename), plus the fsyncs that make it durable. */
class DurableJsonFile<T> implements Adapter<T> {
  constructor(private readonly path: string) {}

  async read(): Promise<T | null> {
    const raw = await readFile(this.path, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
    return raw === null ? null : (JSON.parse(raw) as T);
  }

  async write(data: T): Promise<void> {
    const text = JSON.stringify(data, null, 2);
    const temporary = join(dirname(this.path), `.${basename(this.path)}.tmp`);
    const file = await open(temporary, 'w');
    try {
      await file.writeFile(text);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, this.path);
    // The rename lives in the folder's entry; without this it may be lost on a power cut.
    const folder = await open(dirname(this.path), 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  }
}

async function backUp(path: string, content: string, keep: number): Promise<void> {
  if (keep <= 0) return;
  const dir = join(dirname(path), 'backups');
  await mkdir(dir, { recursive: true });
  const name = basename(path, '.json');
  const mine = () => readdir(dir).then((files) => files.filter((f) => f.startsWith(`${name}.`) && f.endsWith('.json')).sort());
  // An unchanged file (an old quarter, or restarts in a loop) would otherwise push the
  // older, different copies out of the rotation.
  const newest = (await mine()).at(-1);
  if (newest !== undefined && (await readFile(join(dir, newest), 'utf8')) === content) return;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  await copyFile(path, join(dir, `${name}.${stamp}.json`));
  const copies = await mine();
  await Promise.all(copies.slice(0, Math.max(0, copies.length - keep)).map((f) => rm(join(dir, f))));
}
