// Several replicas of the running service (`src/main.ts` as real processes) on one
// PostgreSQL schema, receiving the official Zalo Bot's webhook behind a load balancer that
// behaves as the platform does: it posts an update to one replica, sometimes to two at once
// (a retry racing the first try), and posts it again, to whichever replica is up, until
// some replica answers 200.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { PROJECT_ROOT } from '../../src/app/paths.ts';
import type { FakeZaloBotApi } from './fake-zalo-bot-api.ts';

export const WEBHOOK_SECRET = 'replica-test-secret-123';
const WEBHOOK_URL = 'https://bot.example.vn/zalo-bot/hook';

export interface Replica {
  readonly name: string;
  readonly hook: string;
  readonly child: ChildProcess;
  readonly output: { text: string };
  readonly exited: Promise<void>;
  alive: boolean;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts one replica and resolves once its webhook is registered. */
export async function startReplica(name: string, api: FakeZaloBotApi, env: { databaseUrl: string; schema: string; dataDir: string; claimSeconds?: number }): Promise<Replica> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      DATABASE_URL: env.databaseUrl,
      DATABASE_SCHEMA: env.schema,
      TTHC_DATA_DIR: env.dataDir,
      WEB_PORT: '0',
      ZALO_BOT_TOKEN: api.token,
      ZALO_BOT_API_ROOT: api.apiRoot,
      ZALO_BOT_WEBHOOK_URL: WEBHOOK_URL,
      ZALO_BOT_WEBHOOK_PORT: String(port),
      ZALO_BOT_WEBHOOK_SECRET: WEBHOOK_SECRET,
      CLAIM_SECONDS: String(env.claimSeconds ?? 3),
      TELEGRAM_BOT_TOKEN: '',
      ZALO_ENABLED: '',
      LOG_LEVEL: 'warn',
    },
  });
  const output = { text: '' };
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (output.text += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (output.text += c));
  const replica: Replica = { name, hook: `http://127.0.0.1:${port}${new URL(WEBHOOK_URL).pathname}`, child, output, exited: new Promise((r) => child.on('close', () => r())), alive: true };
  void replica.exited.then(() => (replica.alive = false));
  const deadline = Date.now() + 60_000;
  while (!(await post(replica, { event_name: 'message.unsupported.received' }).then((s) => s === 200))) {
    if (!replica.alive || Date.now() > deadline) throw new Error(`replica ${name} did not start:\n${output.text}`);
    await sleep(200);
  }
  return replica;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Posts to one replica's webhook: the HTTP status, or 'down' when the connection failed. */
async function post(replica: Replica, update: Record<string, unknown>): Promise<number | 'down'> {
  try {
    const response = await fetch(replica.hook, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Bot-Api-Secret-Token': WEBHOOK_SECRET },
      body: JSON.stringify(update),
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 'down';
  }
}

/** A citizen's text message, as the platform posts it. */
export function citizenSays(chatId: string, text: string, displayName = 'Người dân'): Record<string, unknown> {
  return {
    event_name: 'message.text.received',
    message: { from: { id: chatId, display_name: displayName, is_bot: false }, chat: { id: chatId, chat_type: 'PRIVATE' }, text, message_id: randomBytes(12).toString('hex'), date: Date.now() },
  };
}

export interface DeliveryStats {
  posts: number;
  /** Posts the platform would count as failed (not 200, or no answer). */
  refused: number;
  busy: number;
}

export class LoadBalancer {
  readonly stats: DeliveryStats = { posts: 0, refused: 0, busy: 0 };
  /** Posts under way, per replica. */
  readonly inFlight = new Map<Replica, number>();

  constructor(
    private readonly api: FakeZaloBotApi,
    private readonly replicas: readonly Replica[],
    private readonly options: { duplicateRate: number; retryMs?: number; random?: () => number },
  ) {}

  private get random(): () => number {
    return this.options.random ?? Math.random;
  }

  private pick(except?: Replica): Replica | undefined {
    const up = this.replicas.filter((r) => r.alive && r !== except);
    return up[Math.floor(this.random() * up.length)];
  }

  /** Delivers until some replica answers 200; resolves with the milliseconds it took. */
  async deliver(update: Record<string, unknown>, deadlineMs = 60_000): Promise<number> {
    // The fake platform learns the chat (it only sends to chats that wrote to the bot).
    const chat = (update.message as { chat?: { id?: string } } | undefined)?.chat?.id;
    if (chat) this.api.knowChat(chat);
    const started = Date.now();
    const first = this.pick();
    const second = this.random() < this.options.duplicateRate ? this.pick(first) : undefined;
    let acked = (await Promise.all([first, second].filter((r) => r !== undefined).map((r) => this.post(r, update)))).includes(200);
    while (!acked) {
      if (Date.now() - started > deadlineMs) throw new Error('an update was never acknowledged');
      await sleep(this.options.retryMs ?? 200);
      const r = this.pick();
      if (r) acked = (await this.post(r, update)) === 200;
    }
    return Date.now() - started;
  }

  private async post(replica: Replica, update: Record<string, unknown>): Promise<number | 'down'> {
    this.inFlight.set(replica, (this.inFlight.get(replica) ?? 0) + 1);
    const s = await post(replica, update);
    this.inFlight.set(replica, this.inFlight.get(replica)! - 1);
    this.stats.posts++;
    if (s !== 200) this.stats.refused++;
    if (s === 503) this.stats.busy++;
    return s;
  }
}
