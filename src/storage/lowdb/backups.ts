// Copies of a data file in `backups/` beside it, taken on a write schedule and at a clean
// shutdown (never when a file is merely read), so that a damaged file can be restored
// with little lost. Copies are named by the time they were taken: `2026-Q4.<stamp>.json`.
import { readdir, readFile, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ensurePrivateDir, writeFileAtomic } from '../../files/private-files.ts';

export interface Backup {
  path: string;
  takenAt: Date;
}

const STAMP = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z$/;

export const backupDir = (file: string) => join(dirname(file), 'backups');
const baseName = (file: string) => basename(file, '.json');

/** The copies of `file`, oldest first. */
export async function listBackups(file: string): Promise<Backup[]> {
  const names = await readdir(backupDir(file)).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [] as string[];
    throw err;
  });
  const prefix = `${baseName(file)}.`;
  return names
    .flatMap((name) => {
      if (!name.startsWith(prefix) || !name.endsWith('.json')) return [];
      const m = STAMP.exec(name.slice(prefix.length, -'.json'.length));
      if (!m) return [];
      const takenAt = new Date(`${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`);
      return Number.isNaN(takenAt.getTime()) ? [] : [{ path: join(backupDir(file), name), takenAt }];
    })
    .sort((a, b) => a.takenAt.getTime() - b.takenAt.getTime());
}

/** Writes `content` as a new copy of `file` and removes the oldest beyond `keep`. */
export async function writeBackup(file: string, content: string, keep: number, at = new Date()): Promise<Backup> {
  await ensurePrivateDir(backupDir(file));
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  const path = join(backupDir(file), `${baseName(file)}.${stamp}.json`);
  await writeFileAtomic(path, content);
  const copies = await listBackups(file);
  await Promise.all(copies.slice(0, Math.max(0, copies.length - keep)).map((b) => rm(b.path, { force: true })));
  return { path, takenAt: at };
}

/** The newest copy that still parses and passes `validate`; undefined when there is none. */
export async function newestGoodBackup(file: string, validate: (data: unknown) => unknown): Promise<Backup | undefined> {
  const copies = await listBackups(file).catch(() => [] as Backup[]);
  for (const copy of copies.reverse()) {
    try {
      validate(JSON.parse(await readFile(copy.path, 'utf8')));
      return copy;
    } catch {
      // damaged too: try an older one
    }
  }
  return undefined;
}
