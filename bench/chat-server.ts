// One server for bench/chat.ts, in its own process (the load comes from another, so the
// two do not share a core's time by accident): the bot's web chat over a store holding
// N sessions stored before it starts, or a bare Fastify route to compare with. Prints one
// line {"url"} once it listens, and stops on SIGTERM.
// usage: tsx bench/chat-server.ts --mode bot|fastify [--backend lowdb|postgres] [--sessions N] [--schema S]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { openBot } from '../src/app/open-bot.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../src/app/paths.ts';
import { startWeb } from '../src/app/start-web.ts';
import type { Session } from '../src/conversation/session.ts';
import type { BotStore } from '../src/storage/bot-store.ts';
import { openLowdbStore } from '../src/storage/lowdb/open-lowdb-store.ts';
import { openPostgresStore } from '../src/storage/postgres/open-postgres-store.ts';

const { values } = parseArgs({ options: { mode: { type: 'string', default: 'bot' }, backend: { type: 'string', default: 'lowdb' }, sessions: { type: 'string', default: '0' }, schema: { type: 'string' } } });
const stops: (() => Promise<void>)[] = [];

async function seed(store: BotStore, n: number): Promise<void> {
  const now = new Date();
  // What a citizen's session holds after a question or two: the entry discussed, the last question.
  const session = (i: number): Session => ({
    flow: { kind: 'idle' },
    lastEntryId: 'civil.birth',
    context: { entryId: 'civil.birth', aspects: ['documents'], at: new Date(now.getTime() - (i % 3600) * 1000).toISOString() },
    lastQuestion: { text: `đăng ký khai sinh cần giấy tờ gì ${i}`, candidates: [{ id: 'civil.birth', score: 0.91 }] },
    updatedAt: now.toISOString(),
  });
  const BATCH = 1_000;
  for (let from = 0; from < n; from += BATCH) {
    await Promise.all(Array.from({ length: Math.min(BATCH, n - from) }, (_, j) => store.sessions.save(`web:seed-${from + j}`, session(from + j), new Date(now.getTime() - (from + j) * 10))));
  }
}

if (values.mode === 'fastify') {
  const app = Fastify({ logger: false });
  app.post('/api/echo', async (request) => ({ replies: [{ sections: [{ lines: [String((request.body as { text?: string } | undefined)?.text ?? '')] }], buttons: [] }] }));
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  stops.push(() => app.close());
  console.log(JSON.stringify({ url }));
} else {
  let store: BotStore;
  let dataDir: string | undefined;
  if (values.backend === 'postgres') {
    const url = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL;
    if (!url) throw new Error('PostgreSQL: đặt DATABASE_URL (hoặc TEST_DATABASE_URL)');
    store = await openPostgresStore(url, { schema: values.schema!, log: () => undefined });
  } else {
    dataDir = mkdtempSync(join(tmpdir(), 'tthc-bench-chat-'));
    store = await openLowdbStore(dataDir);
  }
  const t = performance.now();
  await seed(store, Number(values.sessions));
  const seedMs = performance.now() - t;
  const bot = await openBot({ TTHC_KNOWLEDGE_DIRS: [DEFAULT_KNOWLEDGE_DIR], TTHC_DATA_DIR: dataDir ?? mkdtempSync(join(tmpdir(), 'tthc-bench-chat-')) }, { store });
  const web = await startWeb(bot, { WEB_PORT: 0, WEB_HOST: '127.0.0.1', TRUST_PROXY: false, WEB_SESSION_SECRET: undefined, WEB_EMBED_ORIGINS: '*' }, () => ({}));
  stops.push(async () => {
    await web.close();
    await bot.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  console.log(JSON.stringify({ url: web.url, seedMs: Math.round(seedMs) }));
}

process.once('SIGTERM', () => {
  void (async () => {
    for (const stop of stops) await stop();
    process.exit(0);
  })();
});
