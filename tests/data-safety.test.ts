// Nothing lost: real processes, real files, SIGKILL. The lock follows the folder's real
// path and is free the moment its owner dies; a record stored just before a crash still
// reaches Home Affairs; confirming twice files once; data is owner-only whatever the umask;
// backups follow writes, never reads.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/app/paths.ts';
import { DataDirBusyError, lockDataDir } from '../src/storage/lowdb/data-dir-lock.ts';
import { openHarness } from './helpers/bot-harness.ts';
import { removeTempDataDirs, tempDataDir } from './helpers/feedback-fixtures.ts';

afterAll(removeTempDataDirs);

const CHILD = join(PROJECT_ROOT, 'tests', 'helpers', 'bot-child.ts');
const HOLDER = join(PROJECT_ROOT, 'tests', 'helpers', 'lock-holder.ts');
const node = (script: string, ...args: string[]) => [process.execPath, '--import', 'tsx', script, ...args];

function cli(args: string[], dataDir: string) {
  return spawnSync('npm', ['run', '-s', 'cli', '--', ...args], { cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...process.env, TTHC_DATA_DIR: dataDir } });
}

/** Starts a child and resolves with it once it has printed `ready` on stdout. */
function startUntil(command: string[], ready: RegExp, onLine?: (line: string) => void): Promise<ChildProcess> {
  const child = spawn(command[0]!, command.slice(1), { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      for (const line of chunk.split('\n').filter(Boolean)) onLine?.(line);
      if (ready.test(out)) resolve(child);
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('close', (code) => reject(new Error(`child ended (${code}) before it was ready: ${err.slice(-500)}`)));
  });
}

const killed = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode ? resolve() : child.once('close', () => resolve())));

describe('the data-folder lock', () => {
  it('is taken on the real path: a writer through a symlink is refused while the bot runs', async () => {
    const h = await openHarness();
    const link = `${h.dataDir}-link`;
    symlinkSync(h.dataDir, link);
    await expect(lockDataDir(link)).rejects.toBeInstanceOf(DataDirBusyError);
    const refused = cli(['feedback', 'answer', 'PA-ACDEFG', 'trả lời'], link);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/đang được một tiến trình khác ghi/);
    await h.bot.close();
    const unlock = await lockDataDir(link);
    await unlock();
  });

  it('is free at once when its owner is killed, and when the owner is a zombie', async () => {
    const dir = tempDataDir();
    const holder = await startUntil(node(HOLDER, dir), /locked/);
    await expect(lockDataDir(dir)).rejects.toThrow(/tiến trình \d+/);
    holder.kill('SIGKILL');
    await killed(holder);
    const started = performance.now();
    const unlock = await lockDataDir(dir);
    expect(performance.now() - started).toBeLessThan(5_000);
    await unlock();

    // The holder's parent never reaps it (exec sleep), so once killed it stays a zombie.
    const zombieDir = tempDataDir();
    const parent = spawn('sh', ['-c', `${node(HOLDER, zombieDir).map((a) => `'${a}'`).join(' ')} & echo $!; exec sleep 30`], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
    const pid = Number(await new Promise<string>((resolve) => parent.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim()))));
    for (let i = 0; i < 100 && !existsSync(join(zombieDir, '.lock')); i++) await new Promise((r) => setTimeout(r, 100));
    await expect(lockDataDir(zombieDir)).rejects.toBeInstanceOf(DataDirBusyError);
    process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 50 && !/^Z/.test(stateOf(pid)); i++) await new Promise((r) => setTimeout(r, 50));
    expect(stateOf(pid)).toMatch(/^Z/);
    const again = await lockDataDir(zombieDir);
    await again();
    parent.kill('SIGKILL');
  });
});

function stateOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.slice(0, 1);
  } catch {
    return '-';
  }
}

describe('a crash between storing a feedback and queuing its forward', () => {
  it('is mended at the next start, and the citizen confirming again gets the same code', async () => {
    const dir = tempDataDir();
    // The child files c0 and c1 in full, then dies as c2's record is stored, before its forward is queued.
    const [command, ...args] = node(CHILD, dir, 'feedback-loop', JSON.stringify({ killAtEnqueue: 3 }));
    const child = spawn(command!, args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
    await killed(child);
    expect(child.signalCode).toBe('SIGKILL');
    const acknowledged = out.split('\n').filter(Boolean);
    expect(acknowledged).toHaveLength(2);

    const h = await openHarness(dir);
    const stored = (await h.bot.feedback.list());
    expect(stored).toHaveLength(3);
    const orphan = stored.find((r) => r.from.userId === 'c2')!;
    // Re-queued at start, then delivered to the staff inbox like the others.
    await h.bot.outbox.flush();
    const inbox = readFileSync(join(dir, 'staff-inbox.jsonl'), 'utf8');
    for (const r of stored) expect(inbox).toContain(r.code);

    // c2 never saw a code; their session still waits at the review step: "gửi" again files nothing new.
    const again = JSON.stringify(await h.say('gửi', 'c2'));
    expect(again).toContain(orphan.code);
    expect((await h.bot.feedback.list())).toHaveLength(3);
    await h.bot.outbox.flush();
    const lines = readFileSync(join(dir, 'staff-inbox.jsonl'), 'utf8').split('\n').filter((l) => l.includes(orphan.code));
    expect(lines).toHaveLength(1);
    await h.bot.close();
  });

  it('loses nothing over random kills during the full flow', async () => {
    const dir = tempDataDir();
    const acknowledged: string[] = [];
    for (let run = 0; run < 6; run++) {
      const child = await startUntil(node(CHILD, dir, 'feedback-loop', JSON.stringify({ citizens: 1_000, prefix: `r${run}-` })), /PA-/, (line) => acknowledged.push(line));
      await new Promise((r) => setTimeout(r, randomInt(50, 400)));
      child.kill('SIGKILL');
      await killed(child);
    }
    const h = await openHarness(dir);
    const stored = (await h.bot.feedback.list());
    for (const code of acknowledged) expect(stored.some((r) => r.code === code)).toBe(true);
    await h.bot.outbox.flush();
    const inbox = readFileSync(join(dir, 'staff-inbox.jsonl'), 'utf8');
    const orphans = stored.filter((r) => !inbox.includes(r.code));
    expect(orphans).toEqual([]);
    // Each record forwarded once, whatever the kills.
    const lines = inbox.split('\n').filter(Boolean);
    for (const r of stored) expect(lines.filter((l) => l.includes(r.code))).toHaveLength(1);
    await h.bot.close();
    console.info(`random kills: ${acknowledged.length} acknowledged, ${stored.length} stored, ${orphans.length} orphans`);
  }, 120_000); // six cold starts of a child process: slow on a busy machine
});

describe('personal data on disk', () => {
  it('is owner-only whatever the umask: files 0600, folders 0700', () => {
    const dir = join(tempDataDir(), 'data');
    const run = spawnSync('sh', ['-c', `umask 000; exec ${node(CHILD, dir, 'everything').map((a) => `'${a}'`).join(' ')}`], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const seen: string[] = [];
    const walk = (path: string) => {
      const mode = statSync(path).mode & 0o777;
      const isDir = statSync(path).isDirectory();
      seen.push(`${path.slice(dir.length) || '/'} ${mode.toString(8)}`);
      expect(mode, path).toBe(isDir ? 0o700 : 0o600);
      if (isDir) for (const name of readdirSync(path)) walk(join(path, name));
    };
    walk(dir);
    for (const expected of ['/feedback', '/unanswered', '/sessions.jsonl', '/outbox.json', '/staff-inbox.jsonl', '/feedback/backups'])
      expect(seen.some((s) => s.startsWith(`${expected} `)), expected).toBe(true);
  });
});

describe('backups', () => {
  it('are not rotated by read-only staff commands', async () => {
    const h = await openHarness();
    await h.press('fb:start');
    await h.say('Biển tên đường ở tổ 5 bị đổ, đề nghị dựng lại.');
    await h.say('đồng ý');
    await h.say('Trần Thị Bình');
    await h.say('0987654321');
    const code = /PA-[A-Z0-9]{6}/.exec(h.text(await h.say('gửi')))![0];
    await h.bot.close();
    const backups = join(h.dataDir, 'feedback', 'backups');
    const before = readdirSync(backups);
    expect(before.length).toBeGreaterThan(0);
    for (const args of [['feedback', 'list'], ['feedback', 'show', code], ['feedback', 'report']]) expect(cli(args, h.dataDir).status).toBe(0);
    expect(readdirSync(backups)).toEqual(before);
  });
});

describe('a restart right after a crash', () => {
  it('is accepted at once: the killed bot does not hold the folder', async () => {
    const dir = tempDataDir();
    mkdirSync(dir, { recursive: true });
    const first = await startUntil(node(HOLDER, dir), /locked/);
    first.kill('SIGKILL');
    await killed(first);
    const second = await startUntil(node(HOLDER, dir), /locked/);
    second.kill('SIGKILL');
    await killed(second);
  });
});
