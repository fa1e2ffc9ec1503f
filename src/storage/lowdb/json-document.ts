// One JSON data file, held in memory and written atomically: write a temporary file,
// fsync it, rename it over the file, fsync the folder. A crash or a power cut leaves
// either the old or the new file, never half of one, and a write that has resolved
// survives both. A file that does not parse is never overwritten: opening it fails
// with a message naming it and its newest good backup, and the bot does not start on
// damaged data. Files are owner-only (0600) in owner-only folders (0700).
import { chmod, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Low, type Adapter } from 'lowdb';
import { describeJsonSyntaxError } from '../../files/json-syntax-error.ts';
import { ensurePrivateDir, PRIVATE_FILE_MODE, writeFileAtomic } from '../../files/private-files.ts';
import { vietnameseDateTime } from '../../time/vietnam-calendar.ts';
import { backupDir, listBackups, newestGoodBackup, writeBackup, type Backup } from './backups.ts';

export interface Recovery {
  /** The newest backup that still reads; undefined when none does. */
  backup?: Backup;
  /** When the damaged file was last written. */
  lastWrittenAt?: Date;
}

export class DataFileCorruptError extends Error {
  constructor(
    readonly file: string,
    reason: string,
    readonly recovery?: Recovery,
  ) {
    super(`Tệp dữ liệu ${file} bị hỏng (${reason}). Bot dừng để không ghi đè lên dữ liệu. ${recoveryAdvice(file, recovery)}`);
    this.name = 'DataFileCorruptError';
  }
}

function recoveryAdvice(file: string, recovery: Recovery | undefined): string {
  if (!recovery) return 'Sửa tệp hoặc khôi phục từ thư mục backups/ bên cạnh nó, rồi chạy lại.';
  const { backup, lastWrittenAt } = recovery;
  if (!backup) return `Không có bản sao lưu nào còn đọc được trong ${backupDir(file)}: sửa tệp tại vị trí đã nêu, rồi chạy lại.`;
  const lacks = lastWrittenAt && lastWrittenAt > backup.takenAt
    ? `thiếu những gì ghi từ ${vietnameseDateTime(backup.takenAt.toISOString())} đến ${vietnameseDateTime(lastWrittenAt.toISOString())} (lần ghi cuối của tệp hỏng)`
    : `thiếu những gì ghi sau ${vietnameseDateTime(backup.takenAt.toISOString())}`;
  return `Bản sao lưu mới nhất còn tốt: ${backup.path}, lập lúc ${vietnameseDateTime(backup.takenAt.toISOString())}; bản này ${lacks}. Để khôi phục: dừng bot, chép bản sao đó đè lên ${file}, rồi chạy lại.`;
}

export interface OpenOptions<T> {
  /** Checks the parsed content; throw (or return a message) when it is not what the file should hold. */
  validate?: (data: unknown) => T;
  /** Copies kept in `backups/` beside the file, oldest removed first. 0 for none. */
  keepBackups?: number;
  /** A write takes a backup when the newest one is older than this. */
  backupEveryMs?: number;
  /** Told when a backup could not be written (the data file itself is fine). */
  onBackupError?: (err: unknown) => void;
}

const DEFAULT_BACKUPS = 10;
const DEFAULT_BACKUP_EVERY_MS = 10 * 60_000;

interface PendingChange<T> {
  change: (data: T) => unknown;
  undo: ((data: T) => void) | undefined;
  resolve: (result: unknown) => void;
  reject: (err: unknown) => void;
}

export class JsonDocument<T> {
  private pending: PendingChange<T>[] = [];
  private flushing: Promise<void> | undefined;
  private closed = false;
  /** Written since the newest backup. */
  private dirty = false;
  private backingUp: Promise<void> | undefined;

  private constructor(
    readonly path: string,
    private readonly db: Low<T>,
    private readonly file: DurableJsonFile<T>,
    private readonly backups: { keep: number; everyMs: number; lastAt: number; onError: (err: unknown) => void },
  ) {}

  /** Opens (or creates) the file. Throws DataFileCorruptError for an empty, truncated or invalid file. */
  static async open<T>(path: string, defaultData: T, options: OpenOptions<T> = {}): Promise<JsonDocument<T>> {
    await ensurePrivateDir(dirname(path));
    let data = defaultData;
    const raw = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    const validate = options.validate ?? ((d: unknown) => d as T);
    if (raw !== undefined) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        throw await corrupt(path, raw.trim() ? (describeJsonSyntaxError(raw) ?? 'JSON không hợp lệ') : 'tệp rỗng', validate);
      }
      try {
        data = validate(parsed);
      } catch (err) {
        throw await corrupt(path, `nội dung không đúng cấu trúc: ${(err as Error).message}`, validate);
      }
      // A file written by an older version, or restored by hand, may be readable by others.
      await chmod(path, PRIVATE_FILE_MODE).catch(() => undefined);
    }
    const newest = (await listBackups(path)).at(-1);
    const file = new DurableJsonFile<T>(path);
    return new JsonDocument(path, new Low<T>(file, data), file, {
      keep: options.keepBackups ?? DEFAULT_BACKUPS,
      everyMs: options.backupEveryMs ?? DEFAULT_BACKUP_EVERY_MS,
      lastAt: newest?.takenAt.getTime() ?? 0,
      onError: options.onBackupError ?? ((err) => process.stderr.write(`Không ghi được bản sao lưu của ${path}: ${(err as Error).message}\n`)),
    });
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
    if (this.closed) return Promise.reject(new Error(`Tệp dữ liệu ${this.path} đã đóng.`));
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ change, undo, resolve: resolve as (result: unknown) => void, reject });
      // Not right away: changes asked for in the same tick then share the first write.
      this.flushing ??= new Promise<void>((done) => queueMicrotask(() => void this.flush().finally(done)));
    });
  }

  /**
   * Waits for the writes under way, takes a last backup if anything was written since the
   * newest one, and refuses further changes.
   */
  async close(): Promise<void> {
    this.closed = true;
    while (this.flushing) await this.flushing;
    await this.backingUp;
    if (this.dirty && this.file.lastText !== undefined) await this.backUp(this.file.lastText);
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
      this.dirty = true;
      for (const { entry, result } of applied) entry.resolve(result);
      this.scheduleBackup();
    }
    this.flushing = undefined;
  }

  /** In the background: callers do not wait for a copy of the file they just wrote. */
  private scheduleBackup(): void {
    const { keep, everyMs, lastAt } = this.backups;
    if (keep <= 0 || this.backingUp || Date.now() - lastAt < everyMs || this.file.lastText === undefined) return;
    this.backingUp = this.backUp(this.file.lastText).finally(() => (this.backingUp = undefined));
  }

  private async backUp(text: string): Promise<void> {
    if (this.backups.keep <= 0) return;
    try {
      const at = new Date();
      await writeBackup(this.path, text, this.backups.keep, at);
      this.backups.lastAt = at.getTime();
      if (this.file.lastText === text) this.dirty = false;
    } catch (err) {
      this.backups.onError(err);
    }
  }
}

async function corrupt(path: string, reason: string, validate: (data: unknown) => unknown): Promise<DataFileCorruptError> {
  const [backup, lastWrittenAt] = await Promise.all([
    newestGoodBackup(path, validate),
    stat(path).then((s) => s.mtime, () => undefined),
  ]);
  return new DataFileCorruptError(path, reason, { backup, lastWrittenAt });
}

/** lowdb adapter writing like lowdb's JSONFile (temporary file, then rename), plus the fsyncs that make it durable. */
class DurableJsonFile<T> implements Adapter<T> {
  /** What the file holds since the last write of this process. */
  lastText: string | undefined;

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
    await writeFileAtomic(this.path, text);
    this.lastText = text;
  }
}
