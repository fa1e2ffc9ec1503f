// Staff accounts in one small file of the data folder, `staff-accounts.json` (0600). Unlike
// the other data files it is not held by the bot: `npm run -s cli -- staff add` changes it
// while the bot runs, and the web workspace (logins, lockouts) too, each under a short
// exclusive lock and re-reading the file first, so neither overwrites the other.
import { readFileSync, statSync } from 'node:fs';
import { open, readFile, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ensurePrivateDir, PRIVATE_FILE_MODE, writeFileAtomic } from '../../files/private-files.ts';
import { storedStaffAccount, type StaffAccount, type StaffAccountStore } from '../../staff/accounts.ts';
import { DataFileCorruptError } from './json-document.ts';

export const STAFF_ACCOUNTS_FILE = 'staff-accounts.json';
const LOCK_WAIT_MS = 10_000;
const LOCK_STALE_MS = 30_000;

const account = storedStaffAccount;
const file = z.object({ accounts: z.array(account) });

export class StaffAccountsFile implements StaffAccountStore {
  private readonly path: string;
  private cache: { mtimeMs: number; size: number; accounts: StaffAccount[] } | undefined;

  constructor(private readonly dataDir: string) {
    this.path = join(dataDir, STAFF_ACCOUNTS_FILE);
  }

  async get(username: string): Promise<StaffAccount | undefined> {
    return (await this.read()).find((a) => a.username === username);
  }

  async list(): Promise<StaffAccount[]> {
    return [...(await this.read())].sort((a, b) => a.username.localeCompare(b.username));
  }

  async update(username: string, change: (current: StaffAccount | undefined) => StaffAccount | undefined): Promise<StaffAccount | undefined> {
    await ensurePrivateDir(this.dataDir);
    const release = await this.lock();
    try {
      this.cache = undefined;
      const accounts = await this.read();
      const current = accounts.find((a) => a.username === username);
      const next = change(current);
      const rest = accounts.filter((a) => a.username !== username);
      const all = next ? [...rest, account.parse(next)] : rest;
      await writeFileAtomic(this.path, JSON.stringify({ accounts: all }, null, 2) + '\n');
      this.cache = undefined;
      return next;
    } finally {
      await release();
    }
  }

  /** The accounts on disk, read again only when the file changed. */
  private async read(): Promise<StaffAccount[]> {
    const s = await stat(this.path).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    if (!s) return [];
    if (this.cache && this.cache.mtimeMs === s.mtimeMs && this.cache.size === s.size) return this.cache.accounts;
    const raw = await readFile(this.path, 'utf8');
    let parsed: z.infer<typeof file>;
    try {
      parsed = file.parse(JSON.parse(raw));
    } catch {
      throw new DataFileCorruptError(this.path, 'không đọc được danh sách tài khoản cán bộ');
    }
    this.cache = { mtimeMs: s.mtimeMs, size: s.size, accounts: parsed.accounts };
    return parsed.accounts;
  }

  /** An exclusive lock file beside the data; one left by a dead or stuck process is taken over. */
  private async lock(): Promise<() => Promise<void>> {
    const lockPath = `${this.path}.lock`;
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      try {
        const handle = await open(lockPath, 'wx', PRIVATE_FILE_MODE);
        await handle.writeFile(JSON.stringify({ pid: process.pid, host: hostname() }));
        await handle.close();
        return () => rm(lockPath, { force: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      if (lockIsStale(lockPath)) await rm(lockPath, { force: true });
      else if (Date.now() > deadline) throw new Error(`Tệp tài khoản cán bộ ${this.path} đang bị khóa quá lâu; thử lại sau.`);
      else await new Promise((r) => setTimeout(r, 50));
    }
  }
}

function lockIsStale(lockPath: string): boolean {
  try {
    const owner = JSON.parse(readFileSync(lockPath, 'utf8')) as { pid?: number; host?: string };
    if (owner.host === hostname() && typeof owner.pid === 'number') {
      try {
        process.kill(owner.pid, 0);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ESRCH') return true;
      }
    }
    return Date.now() - statSync(lockPath).mtimeMs > LOCK_STALE_MS;
  } catch {
    // Half-written or gone: gone is handled by the next attempt, half-written by age.
    try {
      return Date.now() - statSync(lockPath).mtimeMs > 1_000;
    } catch {
      return false;
    }
  }
}
