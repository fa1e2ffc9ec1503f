// Placeholder replaced by the PostgreSQL store.
import type { BotStore } from '../bot-store.ts';

export async function openPostgresStore(_url: string, _options: { now?: () => Date; log?: (line: string) => void; schema?: string } = {}): Promise<BotStore> {
  throw new Error('PostgreSQL store not built yet');
}
