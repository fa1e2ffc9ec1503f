// Only one process may write a data folder at a time. The stores keep the data in memory
// and rewrite whole files, so a second writer (a staff command while the bot runs) would
// silently overwrite the first one's changes.
//
// The lock is taken on the folder's real path, so a second process reaching the same
// folder through a symlink is refused too. On Linux it is a listening socket in the
// abstract namespace, named after that path: the kernel releases it the instant its
// owner dies (SIGKILL and zombies included), so a service manager can restart the bot
// at once, and two processes can never both hold it. An owner file in the folder says
// who holds it (for the message) and, refreshed every few seconds, keeps a process on
// another host sharing the folder (a network volume) out.
import { createHash } from 'node:crypto';
import { readFileSync, realpathSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ensurePrivateDirSync, PRIVATE_FILE_MODE } from '../../files/private-files.ts';

export class DataDirBusyError extends Error {
  constructor(
    readonly dir: string,
    readonly owner?: LockOwner,
  ) {
    super(
      `Thư mục dữ liệu ${dir} đang được một tiến trình khác ghi${owner ? ` (tiến trình ${owner.pid} trên máy ${owner.host})` : ''}: bot đang chạy? ` +
        'Dừng tiến trình đó trước, hoặc làm việc này trong trang cán bộ hay nhóm chat của cán bộ.',
    );
    this.name = 'DataDirBusyError';
  }
}

interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

export const OWNER_FILE = '.lock';
const HEARTBEAT_MS = 5_000;
/** An owner file from another host not refreshed for this long belongs to a dead process. */
const STALE_MS = 30_000;
/** How long a lock whose owner is already dead or a zombie may take to be released. */
const DYING_WAIT_MS = 3_000;

/** Takes the lock or throws DataDirBusyError; resolves to the function that releases it. */
export async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  ensurePrivateDirSync(dir);
  const real = realpathSync(dir);
  const ownerFile = join(real, OWNER_FILE);
  let holder = await holdHostLock(real);
  // The owner may be dying: a zombie, or its last threads still closing its files. Its
  // socket goes with them within moments; a live owner is refused at once.
  for (let waited = 0; !holder.ok && waited < DYING_WAIT_MS && ownerIsGone(readOwner(ownerFile)); waited += 50) {
    await new Promise((r) => setTimeout(r, 50));
    holder = await holdHostLock(real);
  }
  if (!holder.ok) throw new DataDirBusyError(dir, readOwner(ownerFile));

  // Holding the host lock, an owner file from this host is a dead process's: ours now.
  const previous = readOwner(ownerFile);
  if (previous && previous.host !== hostname() && Date.now() - mtimeOf(ownerFile) < STALE_MS) {
    await holder.release();
    throw new DataDirBusyError(dir, previous);
  }
  const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  writeFileSync(ownerFile, JSON.stringify(me) + '\n', { mode: PRIVATE_FILE_MODE });
  const heartbeat = setInterval(() => {
    const now = new Date();
    try {
      utimesSync(ownerFile, now, now);
    } catch {
      // removed by hand: the host lock still holds
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  let released = false;
  return async () => {
    if (released) return;
    released = true;
    clearInterval(heartbeat);
    if (readOwner(ownerFile)?.pid === process.pid) rmSync(ownerFile, { force: true });
    await holder.release();
  };
}

type HostLock = { ok: true; release: () => Promise<void> } | { ok: false };

/** The per-host part: an abstract socket on Linux; elsewhere the owner file's pid, checked for life. */
async function holdHostLock(real: string): Promise<HostLock> {
  if (process.platform !== 'linux') return pidLock(real);
  const name = `\0tthc-bot-data-${createHash('sha256').update(real).digest('hex').slice(0, 40)}`;
  const server = createServer();
  const listening = await new Promise<boolean>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => (err.code === 'EADDRINUSE' ? resolve(false) : reject(err)));
    server.listen({ path: name, exclusive: true }, () => resolve(true));
  });
  if (!listening) return { ok: false };
  server.unref();
  // Anyone connecting (nobody should) is hung up on.
  server.on('connection', (socket) => socket.destroy());
  return { ok: true, release: () => closeServer(server) };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Fallback without abstract sockets: the owner file names a live process on this host. */
function pidLock(real: string): HostLock {
  const owner = readOwner(join(real, OWNER_FILE));
  if (owner && owner.host === hostname() && owner.pid !== process.pid && isAlive(owner.pid)) return { ok: false };
  return { ok: true, release: async () => undefined };
}

/** True when the owner named in the file is a process of this host that is dead or a zombie. */
function ownerIsGone(owner: LockOwner | undefined): boolean {
  if (!owner || owner.host !== hostname()) return false;
  if (!isAlive(owner.pid)) return true;
  try {
    return readFileSync(`/proc/${owner.pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z') ?? false;
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  return true;
}

function readOwner(path: string): LockOwner | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    return typeof parsed.pid === 'number' && typeof parsed.host === 'string' ? { pid: parsed.pid, host: parsed.host, since: String(parsed.since ?? '') } : undefined;
  } catch {
    return undefined;
  }
}

function mtimeOf(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}
