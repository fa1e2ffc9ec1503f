// `npm start`'s entry point as a real process (node directly, so signals reach it: no
// terminal, stdin at end of input), its output collected; and a port nobody listens on.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/app/paths.ts';

export interface ServiceProcess {
  child: ChildProcess;
  /** Everything it wrote, stdout and stderr together. */
  output: { text: string };
  /** Its exit code (null when a signal ended it). */
  exited: Promise<number | null>;
}

/** Starts the service with `env` over this process's (a fresh data folder and WEB_PORT=0 unless given). */
export function startService(env: Record<string, string>, nodeArgs: readonly string[] = []): ServiceProcess {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/main.ts'], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TTHC_DATA_DIR: mkdtempSync(join(tmpdir(), 'tthc-svc-')), WEB_PORT: '0', ...env },
  });
  const output = { text: '' };
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (output.text += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (output.text += c));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, output, exited };
}

/** A local port free a moment ago (nothing listens on it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}
