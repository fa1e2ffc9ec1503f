// The data folder holds personal data (names, phone numbers, addresses): whatever the
// process umask, its folders are readable by their owner only and its files likewise.
// Modes given to mkdir/open are masked by the umask, so they are set again with chmod.
import { chmodSync, mkdirSync } from 'node:fs';
import { chmod, mkdir, open, rename, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates the folder (and its parents) if needed and makes the folder itself owner-only. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  await chmod(dir, PRIVATE_DIR_MODE);
}

export function ensurePrivateDirSync(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(dir, PRIVATE_DIR_MODE);
}

/** Opens a file for writing or appending, owner-only even if it existed with wider rights. */
export async function openPrivate(path: string, flags: 'w' | 'a' | 'wx'): Promise<FileHandle> {
  const file = await open(path, flags, PRIVATE_FILE_MODE);
  try {
    await file.chmod(PRIVATE_FILE_MODE);
  } catch (err) {
    await file.close();
    throw err;
  }
  return file;
}

/** Appends text and waits until it is on disk. */
export async function appendPrivate(path: string, text: string): Promise<void> {
  const file = await openPrivate(path, 'a');
  try {
    await file.appendFile(text);
    await file.datasync();
  } finally {
    await file.close();
  }
}

/**
 * Replaces a file's content atomically: a temporary file beside it, fsynced, renamed over
 * it, then the folder fsynced (the rename lives in the folder's entry). A crash or power
 * cut leaves the old or the new content, never half of one.
 */
export async function writeFileAtomic(path: string, text: string, mode = PRIVATE_FILE_MODE): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.tmp`);
  const file = await open(temporary, 'w', mode);
  try {
    await file.chmod(mode);
    await file.writeFile(text);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, path);
  const folder = await open(dirname(path), 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}
