// Chooses where the bot keeps its state: PostgreSQL when DATABASE_URL is set (a province,
// several replicas), the lowdb data folder otherwise (one ward, one machine).
import type { BotStore } from '../storage/bot-store.ts';
import { openLowdbStore } from '../storage/lowdb/open-lowdb-store.ts';
import { openPostgresStore } from '../storage/postgres/open-postgres-store.ts';
import { clockFor } from '../time/clock.ts';
import type { AppConfig } from './config.ts';

export function openStore(
  config: Pick<AppConfig, 'TTHC_DATA_DIR' | 'DATABASE_URL' | 'DATABASE_SCHEMA'> & Partial<Pick<AppConfig, 'TTHC_TODAY'>>,
  options: { now?: () => Date; log?: (line: string) => void } = {},
): Promise<BotStore> {
  // The store dates what it keeps by the same clock as the bot (TTHC_TODAY moves both).
  const withClock = { ...options, now: options.now ?? clockFor(config.TTHC_TODAY) };
  if (!config.DATABASE_URL) return openLowdbStore(config.TTHC_DATA_DIR, withClock);
  return openPostgresStore(config.DATABASE_URL, { ...withClock, ...(config.DATABASE_SCHEMA ? { schema: config.DATABASE_SCHEMA } : {}) });
}
