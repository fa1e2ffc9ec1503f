// A real bot with its real web server on a free port of 127.0.0.1, over a temp data folder
// and a copy of the knowledge (tests may edit it).
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBot, type Bot } from '../../src/app/open-bot.ts';
import type { AppConfig } from '../../src/app/config.ts';
import { DEFAULT_KNOWLEDGE_DIR, PROJECT_ROOT } from '../../src/app/paths.ts';
import { startWeb } from '../../src/app/start-web.ts';
import type { StreamLimits } from '../../src/web/rate-limits.ts';
import type { RunningWeb } from '../../src/web/server.ts';

export interface WebHarness {
  bot: Bot;
  web: RunningWeb;
  url: string;
  dataDir: string;
  knowledgeDir: string;
  close(): Promise<void>;
}

export interface WebHarnessOptions {
  trustProxy?: AppConfig['TRUST_PROXY'];
  /** The bot's clock (the web's too). */
  now?: () => Date;
  /** The bot's "today" for dated facts (TTHC_TODAY). */
  today?: string;
  /** Serve the three wards of tests/fixtures/province over the shared knowledge. */
  province?: boolean;
  streamLimits?: StreamLimits;
}

export async function openWebHarness(options: WebHarnessOptions = {}): Promise<WebHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tthc-web-'));
  const knowledgeDir = mkdtempSync(join(tmpdir(), 'tthc-web-kb-'));
  cpSync(DEFAULT_KNOWLEDGE_DIR, knowledgeDir, { recursive: true });
  const dirs = [knowledgeDir];
  if (options.province) {
    const provinceDir = mkdtempSync(join(tmpdir(), 'tthc-web-province-'));
    cpSync(join(PROJECT_ROOT, 'tests', 'fixtures', 'province'), provinceDir, { recursive: true });
    dirs.unshift(provinceDir);
  }
  const bot = await openBot(
    { TTHC_KNOWLEDGE_DIRS: dirs, TTHC_DATA_DIR: dataDir, ...(options.today ? { TTHC_TODAY: options.today } : {}) },
    { watchKnowledge: true, now: options.now },
  );
  bot.outbox.start();
  const web = await startWeb(bot, { WEB_PORT: 0, WEB_HOST: '127.0.0.1', TRUST_PROXY: options.trustProxy ?? false, WEB_SESSION_SECRET: undefined, WEB_EMBED_ORIGINS: '*' }, () => ({}), bot.now, {}, options.streamLimits ? { streamLimits: options.streamLimits } : {});
  return {
    bot,
    web,
    url: web.url,
    dataDir,
    knowledgeDir,
    close: async () => {
      await web.close();
      await bot.close();
    },
  };
}
