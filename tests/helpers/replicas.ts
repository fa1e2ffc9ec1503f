// Several replicas of the running service (`src/main.ts` as real processes) on one
// PostgreSQL schema, receiving a platform's webhook (the official Zalo Bot's or Telegram's)
// behind a load balancer that behaves as the platform does: it posts an update to one
// replica, sometimes to two at once (a retry racing the first try), and posts it again, to
// whichever replica is up, until some replica answers 200.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import type { FakeTelegramApi } from './fake-telegram-api.ts';
import type { FakeZaloBotApi } from './fake-zalo-bot-api.ts';
import { freePort, startService } from './service-process.ts';

export const WEBHOOK_SECRET = 'replica-test-secret-0123456789';

/** How the service is pointed at a platform's fake, and how that platform posts its webhook. */
export interface Platform {
  env(port: number): Record<string, string>;
  hookPath: string;
  secretHeader: string;
  /** The fake learns a chat that wrote to the bot (the Zalo Bot fake sends only to those). */
  learnChat(chatId: string): void;
}

export function zaloBotPlatform(api: FakeZaloBotApi): Platform {
  return {
    hookPath: '/zalo-bot/hook',
    secretHeader: 'X-Bot-Api-Secret-Token',
    env: (port) => ({
      ZALO_BOT_TOKEN: api.token,
      ZALO_BOT_API_ROOT: api.apiRoot,
      ZALO_BOT_WEBHOOK_URL: 'https://bot.example.vn/zalo-bot/hook',
      ZALO_BOT_WEBHOOK_PORT: String(port),
      ZALO_BOT_WEBHOOK_SECRET: WEBHOOK_SECRET,
      TELEGRAM_BOT_TOKEN: '',
    }),
    learnChat: (chatId) => api.knowChat(chatId),
  };
}

export function telegramPlatform(api: FakeTelegramApi, token: string): Platform {
  return {
    hookPath: '/telegram/hook',
    secretHeader: 'X-Telegram-Bot-Api-Secret-Token',
    env: (port) => ({
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_API_ROOT: api.apiRoot,
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.vn/telegram/hook',
      TELEGRAM_WEBHOOK_PORT: String(port),
      TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
      ZALO_BOT_TOKEN: '',
    }),
    learnChat: () => undefined,
  };
}

export interface Replica {
  readonly name: string;
  readonly hook: string;
  readonly secretHeader: string;
  readonly child: ChildProcess;
  readonly output: { text: string };
  readonly exited: Promise<number | null>;
  alive: boolean;
}

/** Starts one replica and resolves once its webhook answers (a post without the secret is refused). */
export async function startReplica(name: string, platform: Platform, env: { databaseUrl: string; schema: string; dataDir: string; claimSeconds?: number }): Promise<Replica> {
  const port = await freePort();
  // REPLICA_NODE_ARGS: extra node flags for the replicas (--cpu-prof when profiling the bench).
  const nodeArgs = process.env.REPLICA_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const { child, output, exited } = startService(
    {
      DATABASE_URL: env.databaseUrl,
      DATABASE_SCHEMA: env.schema,
      TTHC_DATA_DIR: env.dataDir,
      ...platform.env(port),
      CLAIM_SECONDS: String(env.claimSeconds ?? 3),
      ZALO_ENABLED: '',
      LOG_LEVEL: 'warn',
    },
    nodeArgs,
  );
  const replica: Replica = { name, hook: `http://127.0.0.1:${port}${platform.hookPath}`, secretHeader: platform.secretHeader, child, output, exited, alive: true };
  void replica.exited.then(() => (replica.alive = false));
  const deadline = Date.now() + 60_000;
  while ((await post(replica, {}, 'not-the-secret')) !== 403) {
    if (!replica.alive || Date.now() > deadline) throw new Error(`replica ${name} did not start:\n${output.text}`);
    await sleep(200);
  }
  return replica;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

// Kept-alive connections, as a platform's sender keeps them (and light on the CPU the
// replicas share with this process in a benchmark).
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/** Posts to one replica's webhook: the HTTP status, or 'down' when the connection failed. */
function post(replica: Replica, update: Record<string, unknown>, secret = WEBHOOK_SECRET): Promise<number | 'down'> {
  const body = JSON.stringify(update);
  return new Promise((resolve) => {
    const req = request(
      replica.hook,
      { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), [replica.secretHeader]: secret } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve('down'));
      },
    );
    req.on('error', () => resolve('down'));
    req.end(body);
  });
}

let telegramUpdateId = 1;
/** A citizen's text message, as Telegram posts it (update ids rise, as Telegram's do). */
export function citizenWritesOnTelegram(chatId: number, text: string, firstName = 'Dân'): Record<string, unknown> {
  const id = telegramUpdateId++;
  const from = { id: chatId, is_bot: false, first_name: firstName };
  return { update_id: id, message: { message_id: id, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private', first_name: firstName }, from, text } };
}

/** A citizen's text message, as the Zalo Bot Platform posts it. */
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
    private readonly platform: Platform,
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
    const chat = (update.message as { chat?: { id?: string | number } } | undefined)?.chat?.id;
    if (chat !== undefined) this.platform.learnChat(String(chat));
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
