// How a staff command reaches a running bot's data folder. The bot owns the folder (the
// data-folder lock) and keeps its data in memory, so a second process must not write it;
// instead the bot listens on a Unix socket inside the folder (owner-only, like the folder),
// and a command sends it one JSON line and reads one back. The bot then does the work with
// the same actions its web pages use. With PostgreSQL there is no need: every process
// shares the database.
import { realpathSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { join } from 'node:path';

/** Longest path a Unix socket may have on Linux (sun_path holds 108 bytes with its NUL). */
const MAX_SOCKET_PATH = 100;
const SOCKET_FILE = 'control.sock';

export type ControlHandlers = Record<string, (input: unknown) => Promise<unknown>>;

/** The reply of a handler that threw: its message, and whether it is about what was asked (bad input) or the bot. */
export interface ControlError {
  message: string;
  input: boolean;
}

function socketPath(dataDir: string): string | undefined {
  let real: string;
  try {
    real = realpathSync(dataDir);
  } catch {
    return undefined;
  }
  const path = join(real, SOCKET_FILE);
  return Buffer.byteLength(path) <= MAX_SOCKET_PATH ? path : undefined;
}

/**
 * Serves `handlers` on the data folder's socket (the caller holds the folder's lock, so a
 * socket file left by a killed bot is removed first). `isInputError` tells what to report
 * as the asker's mistake. Resolves to the function that closes it; undefined when the
 * folder's path is too long for a socket (the log says so).
 */
export async function serveControl(dataDir: string, handlers: ControlHandlers, isInputError: (err: unknown) => boolean, log: (line: string) => void): Promise<(() => Promise<void>) | undefined> {
  const path = socketPath(dataDir);
  if (!path) {
    log(`Đường dẫn thư mục dữ liệu ${dataDir} quá dài cho cổng điều khiển: lệnh "announce" chỉ chạy được khi bot dừng.`);
    return undefined;
  }
  rmSync(path, { force: true });
  const server: Server = createServer((socket) => {
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('error', () => undefined);
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      if (buffer.length > 64 * 1024) return void socket.destroy();
      const end = buffer.indexOf('\n');
      if (end < 0) return;
      void answer(buffer.slice(0, end)).then((reply) => socket.end(`${JSON.stringify(reply)}\n`));
    });
  });
  const answer = async (line: string): Promise<unknown> => {
    try {
      const { action, input } = JSON.parse(line) as { action?: unknown; input?: unknown };
      const handler = typeof action === 'string' && Object.hasOwn(handlers, action) ? handlers[action] : undefined;
      if (!handler) return { ok: false, error: { message: `Bot không biết việc "${String(action)}".`, input: true } satisfies ControlError };
      return { ok: true, result: await handler(input) };
    } catch (err) {
      return { ok: false, error: { message: err instanceof Error ? err.message : String(err), input: isInputError(err) } satisfies ControlError };
    }
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  server.unref();
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}

/** What the running bot answered; `none` when no bot listens on the folder. */
export type ControlReply = { kind: 'none' } | { kind: 'ok'; result: unknown } | { kind: 'error'; error: ControlError };

/** Asks the bot running on `dataDir` to do `action`. */
export function askRunningBot(dataDir: string, action: string, input: unknown, timeoutMs = 30_000): Promise<ControlReply> {
  const path = socketPath(dataDir);
  if (!path) return Promise.resolve({ kind: 'none' });
  return new Promise((resolve, reject) => {
    const socket = createConnection(path);
    let text = '';
    socket.setEncoding('utf8');
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error('bot không trả lời kịp')));
    socket.on('connect', () => socket.write(`${JSON.stringify({ action, input })}\n`));
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED') resolve({ kind: 'none' });
      else reject(err);
    });
    socket.on('end', () => {
      try {
        const reply = JSON.parse(text) as { ok: boolean; result?: unknown; error?: ControlError };
        resolve(reply.ok ? { kind: 'ok', result: reply.result } : { kind: 'error', error: reply.error ?? { message: 'lỗi không rõ', input: false } });
      } catch {
        reject(new Error('bot trả lời không đọc được'));
      }
    });
  });
}
