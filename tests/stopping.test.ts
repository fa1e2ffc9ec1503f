// The service as a process, stopped as people stop it: SIGTERM or Ctrl+C while a citizen's
// chat page holds its event stream open (and reads nothing), npm start killed by its own
// pid (SIGTERM or SIGKILL), and /healthz while a knowledge file is broken.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_KNOWLEDGE_DIR, PROJECT_ROOT } from '../src/app/paths.ts';
import { STOP_DEADLINE_MS } from '../src/app/stop-signals.ts';
import { freePort, startService } from './helpers/service-process.ts';

async function until<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const urlIn = (output: string) => /Trang web: (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];

/** An event stream held open by a page that never reads it; resolves once the server has answered. */
function stalledStream(base: string) {
  const url = new URL(base);
  let ended = false;
  const opened = new Promise<number>((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: '/api/chat/events', agent: false }, (res) => {
      res.pause();
      // The connection, not the (unread) response: this page reads nothing.
      res.socket.on('close', () => (ended = true));
      resolve(res.statusCode!);
    });
    req.on('error', () => (ended = true));
    req.end();
  });
  return { opened, ended: () => ended };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('stopping while a chat page is open', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`ends the open event streams and stops within ${STOP_DEADLINE_MS / 1000} s on ${signal}`, async () => {
      const service = startService({ WEB_PORT: String(await freePort()) });
      const url = await until(() => urlIn(service.output.text));
      const streams = [stalledStream(url), stalledStream(url)];
      for (const s of streams) expect(await s.opened).toBe(200);
      const started = Date.now();
      service.child.kill(signal);
      const code = await Promise.race([service.exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), STOP_DEADLINE_MS + 2_000))]);
      if (code === 'hung') service.child.kill('SIGKILL');
      expect(code).toBe(0);
      expect(Date.now() - started).toBeLessThan(STOP_DEADLINE_MS);
      await until(() => (streams.every((s) => s.ended()) ? true : undefined), 2_000);
      expect(service.output.text).toMatch(new RegExp(`Nhận ${signal}: đang dừng`));
    }, 60_000);
  }
});

describe('npm start killed by its own pid', () => {
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    it(`takes the bot down with it (${signal})`, async () => {
      const port = await freePort();
      const npm = spawn('npm', ['start'], {
        cwd: PROJECT_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
        env: { ...process.env, TTHC_DATA_DIR: mkdtempSync(join(tmpdir(), 'tthc-npm-')), WEB_PORT: String(port), TELEGRAM_BOT_TOKEN: '', ZALO_COOKIE: '', ZALO_BOT_TOKEN: '', LOG_LEVEL: 'info' },
      });
      let output = '';
      npm.stdout.setEncoding('utf8').on('data', (c: string) => (output += c));
      npm.stderr.setEncoding('utf8').on('data', (c: string) => (output += c));
      try {
        await until(() => (output.includes(`http://127.0.0.1:${port}`) ? true : undefined), 45_000);
        // The bot's own pid, from its log lines (npm's is not it).
        const botPid = Number(/"pid":(\d+)/.exec(output)![1]);
        expect(botPid).not.toBe(npm.pid);
        expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
        process.kill(npm.pid!, signal);
        await until(() => (alive(botPid) ? undefined : true), STOP_DEADLINE_MS + 5_000);
        await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
      } finally {
        try {
          process.kill(-npm.pid!, 'SIGKILL');
        } catch {
          // Gone already.
        }
      }
    }, 90_000);
  }
});

describe('/healthz', () => {
  it('says "degraded" and names the file while a knowledge file is broken, and "ok" again once it is fixed', async () => {
    const knowledge = mkdtempSync(join(tmpdir(), 'tthc-health-kb-'));
    cpSync(DEFAULT_KNOWLEDGE_DIR, knowledge, { recursive: true });
    const service = startService({ TTHC_KNOWLEDGE_DIRS: knowledge, WEB_PORT: String(await freePort()) });
    try {
      const url = await until(() => urlIn(service.output.text));
      const health = async () => {
        const response = await fetch(`${url}/healthz`);
        return { code: response.status, body: (await response.json()) as { status: string; knowledge: { entries: number; problems?: { file: string; message: string }[] } } };
      };
      expect((await health()).body.status).toBe('ok');
      writeFileSync(join(knowledge, 'zz-hong.json'), '{ "entries": [ { "id": "land.hong", } ] }');
      const broken = await until(async () => {
        const h = await health();
        return h.body.status === 'degraded' ? h : undefined;
      });
      expect(broken.code).toBe(200);
      expect(broken.body.knowledge.entries).toBeGreaterThan(0);
      expect(broken.body.knowledge.problems).toContainEqual(expect.objectContaining({ file: expect.stringMatching(/zz-hong\.json$/), message: expect.any(String) }));
      writeFileSync(join(knowledge, 'zz-hong.json'), JSON.stringify({ entries: [] }));
      await until(async () => ((await health()).body.status === 'ok' ? true : undefined));
    } finally {
      service.child.kill('SIGTERM');
      await service.exited;
    }
  }, 60_000);
});
