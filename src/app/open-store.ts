// Chooses where the bot keeps its state: PostgreSQL when DATABASE_URL is set (a province,
// several replicas), the lowdb data folder otherwise (one ward, one machine).
import type { BotStore } from '../storage/bot-store.ts';
import { openLowdbStore } from '../storage/lowdb/open-lowdb-store.ts';
import { openPostgresStore } from '../storage/postgres/open-postgres-store.ts';
import type { AppConfig } from './config.ts';

export function openStore(
  config: Pick<AppConfig, 'TTHC_DATA_DIR' | 'DATABASE_URL' | 'DATABASE_SCHEMA'>,
  options: { now?: () => Date; log?: (line: string) => void } = {},
): Promise<BotStore> {
  if (!config.DATABASE_URL) return openLowdbStore(config.TTHC_DATA_DIR, options);
  return openPostgresStore(config.DATABASE_URL, { ...options, ...(config.DATABASE_SCHEMA ? { schema: config.DATABASE_SCHEMA } : {}) });
}
