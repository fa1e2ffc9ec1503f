// Running for real: knowledge edited while the bot runs, a channel that cannot start, logs
// a service manager can read, and the service files an operator installs.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBot } from '../src/app/open-bot.ts';
import { DEFAULT_KNOWLEDGE_DIR, PROJECT_ROOT } from '../src/app/paths.ts';
import { FAKE_TOKEN, FakeTelegramApi } from './helpers/fake-telegram-api.ts';
import { freePort, startService } from './helpers/service-process.ts';
import { procedure, sixQuestions } from './helpers/knowledge-fixtures.ts';

const bees = procedure('land.beekeeping-permit', 'Cấp phép đặt trại nuôi ong mật', sixQuestions('cấp phép đặt trại nuôi ong mật'));

async function until<T>(check: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('knowledge edited while the bot runs', () => {
  it('serves a valid change without a restart, keeps the last good version of a broken file, and keeps an established id', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tthc-live-'));
    cpSync(DEFAULT_KNOWLEDGE_DIR, dir, { recursive: true });
    const bot = await openBot({ TTHC_KNOWLEDGE_DIRS: [dir], TTHC_DATA_DIR: mkdtempSync(join(tmpdir(), 'tthc-live-data-')) }, { watchKnowledge: true });
    const ask = async () => (await bot.conversation.respond({ channel: 'terminal', userId: `u${Math.random()}`, chatId: 'c', input: { kind: 'text', text: 'cấp phép đặt trại nuôi ong mật' } })).answered;
    expect(await ask()).toBeNull();

    writeFileSync(join(dir, 'zz-bees.json'), JSON.stringify({ entries: [bees] }, null, 2));
    await until(() => (bot.knowledge.current().engine.entry(bees.id) ? true : undefined));
    expect(await ask()).toBe(bees.id);

    // A syntax error: the file's last good entries keep serving, and the error is reported.
    writeFileSync(join(dir, 'zz-bees.json'), '{ "entries": [ { "id": "land.beekeeping-permit", } ] }');
    await until(() => (bot.knowledge.current().knowledge.problems.some((p) => /zz-bees\.json/.test(p.file)) ? true : undefined));
    expect(await ask()).toBe(bees.id);
    expect(bot.knowledge.current().knowledge.problems.find((p) => /zz-bees/.test(p.file))!.message).toMatch(/dòng 1, cột \d+.*bản hợp lệ trước/);

    // A newcomer claiming an established id is left out and named; the established entry stays.
    writeFileSync(join(dir, 'aa-dup.json'), JSON.stringify({ entries: [{ ...bees, title: 'Bản sao trùng id' }] }, null, 2));
    await until(() => (bot.knowledge.current().knowledge.problems.some((p) => /aa-dup/.test(p.file)) ? true : undefined));
    expect(bot.knowledge.current().engine.entry(bees.id)!.title).toBe(bees.title);
    expect(bot.knowledge.current().knowledge.problems).toContainEqual(expect.objectContaining({ entry: bees.id, field: 'id', message: expect.stringMatching(/trùng.*zz-bees\.json/) }));
    await bot.close();
  });
});

/** Runs the bot as the service files do, with a way to stop it as they do. */
function runService(env: Record<string, string>) {
  const service = startService(env);
  return { ...service, stop: () => service.child.kill('SIGTERM') };
}

describe('a channel that cannot start', () => {
  it('is retried with backoff while the service keeps running, and the service stops cleanly on SIGTERM', async () => {
    const service = runService({ TELEGRAM_BOT_TOKEN: FAKE_TOKEN, TELEGRAM_API_ROOT: `http://127.0.0.1:${await freePort()}` });
    await until(() => (/thử lại sau/.test(service.output.text) ? true : undefined), 20_000);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(service.child.exitCode).toBeNull();
    service.stop();
    expect(await service.exited).toBe(0);
    // JSON lines for the service manager, and never the token.
    const lines = service.output.text.split('\n').filter((l) => l.startsWith('{'));
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(JSON.parse(l)).toHaveProperty('level');
    expect(service.output.text).not.toContain(FAKE_TOKEN.split(':')[1]);
  });

  it('ends the service with a non-zero code when nothing can run (a revoked token)', async () => {
    const api = await FakeTelegramApi.start();
    api.failNext('getMe', 100, { status: 401 });
    const service = runService({ TELEGRAM_BOT_TOKEN: FAKE_TOKEN, TELEGRAM_API_ROOT: api.apiRoot });
    const code = await service.exited;
    await api.close();
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(service.output.text).toMatch(/Không kênh nào chạy được/);
    expect(service.output.text).not.toContain(FAKE_TOKEN.split(':')[1]);
  });
});

describe('npm start, as a fresh clone runs it', () => {
  it('serves the web chat and /healthz with stdin at end of input, prints its address, and stops on SIGTERM', async () => {
    const port = await freePort();
    // `npm start` itself, in its own process group so the signal reaches npm and node alike.
    const child = spawn('npm', ['start'], {
      cwd: PROJECT_ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
      env: { ...process.env, TTHC_DATA_DIR: mkdtempSync(join(tmpdir(), 'tthc-start-')), WEB_PORT: String(port), TELEGRAM_BOT_TOKEN: '', ZALO_COOKIE: '', LOG_LEVEL: 'info' },
    });
    child.stdin.end();
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (output += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (output += c));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      await until(() => (output.includes(`http://127.0.0.1:${port}`) ? true : undefined), 30_000);
      // Still there a while after stdin ended: a service has no terminal.
      await new Promise((r) => setTimeout(r, 1_000));
      expect(child.exitCode).toBeNull();
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', knowledge: { entries: expect.any(Number) }, channels: { web: 'running' } });
      const page = await (await fetch(`http://127.0.0.1:${port}/`)).text();
      expect(page).toContain('data-testid="chat-input"');
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
    }
    await exited;
    expect(output).toMatch(/Nhận SIGTERM: đang dừng/);
  }, 60_000);
});

describe('service files', () => {
  it('a systemd unit that restarts on failure, as a non-root user with its own data directory', () => {
    const unit = readFileSync(join(PROJECT_ROOT, 'deploy', 'tthc-bot.service'), 'utf8');
    expect(unit).toMatch(/^Restart=on-failure$/m);
    expect(unit).toMatch(/^User=(?!root$)\S+$/m);
    expect(unit).toMatch(/^StateDirectory=tthc-bot$/m);
    expect(unit).toMatch(/^Environment=TTHC_DATA_DIR=\/var\/lib\/tthc-bot$/m);
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/node --import tsx src\/main\.ts$/m);
    expect(unit).toMatch(/^UMask=0077$/m);
  });

  it('a Dockerfile on Node 20 running as a non-root user with a data volume', () => {
    const docker = readFileSync(join(PROJECT_ROOT, 'deploy', 'Dockerfile'), 'utf8');
    expect(docker).toMatch(/^FROM node:20\S*/m);
    expect(docker).toMatch(/^USER (?!root)\S+$/m);
    expect(docker).toMatch(/^VOLUME \["?\/data"?\]?$/m);
    expect(docker).toMatch(/^ENV TTHC_DATA_DIR=\/data$/m);
    expect(docker).toMatch(/npm ci --omit=dev/);
  });

  it('are explained in the README with how to read logs and back up and restore the data', () => {
    const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
    for (const needle of ['deploy/tthc-bot.service', 'deploy/Dockerfile', 'journalctl', 'docker logs', 'LOG_LEVEL', 'Sao lưu', 'Khôi phục']) expect(readme).toContain(needle);
  });
});
