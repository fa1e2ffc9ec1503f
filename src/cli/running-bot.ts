// A staff command that changes the bot's data while the bot may be running. PostgreSQL:
// every process shares the database, so the command does it itself. A data folder: the
// running bot owns it, so the request goes to the bot through its control socket; with no
// bot running, the command opens the folder itself (under its lock).
import type { AppConfig } from '../app/config.ts';
import { askRunningBot } from '../app/control-socket.ts';
import type { LiveKnowledge } from '../app/live-knowledge.ts';
import { DataDirBusyError } from '../storage/lowdb/data-dir-lock.ts';
import type { BotStore } from '../storage/bot-store.ts';
import { silentLog } from '../logging/log.ts';

/** The work when this command does it: with the store and the knowledge it opened. */
export type DoHere<T> = (store: BotStore, knowledge: LiveKnowledge) => Promise<T>;

/** Thrown with a handler's message when the running bot refused the request as the asker's mistake. */
export class RefusedByBot extends Error {}

async function here<T>(config: AppConfig, work: DoHere<T>): Promise<T> {
  // Loaded only when needed: every other command starts faster without the bot's parts.
  const [{ openStore }, { LiveKnowledge }] = await Promise.all([import('../app/open-store.ts'), import('../app/live-knowledge.ts')]);
  const store = await openStore(config);
  try {
    return await work(store, LiveKnowledge.open(config.TTHC_KNOWLEDGE_DIRS, silentLog));
  } finally {
    await store.close();
  }
}

/** Has `action` done by the running bot when it owns the data folder, else does it here. */
export async function atRunningBotOrHere<T>(config: AppConfig, action: string, request: unknown, work: DoHere<T>): Promise<T> {
  if (config.DATABASE_URL) return here(config, work);
  // Twice at most: a bot that starts (or stops) between the two looks is found the second time.
  for (let attempt = 0; ; attempt++) {
    const reply = await askRunningBot(config.TTHC_DATA_DIR, action, request);
    if (reply.kind === 'ok') return reply.result as T;
    if (reply.kind === 'error') throw reply.error.input ? new RefusedByBot(reply.error.message) : new Error(`Bot đang chạy báo lỗi: ${reply.error.message}`);
    try {
      return await here(config, work);
    } catch (err) {
      if (!(err instanceof DataDirBusyError) || attempt > 0) throw err;
    }
  }
}
