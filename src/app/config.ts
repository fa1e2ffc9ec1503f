// Runtime configuration from the environment (and .env). Secrets never live in the repo.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_KNOWLEDGE_DIR, PROJECT_ROOT } from './paths.ts';

const dirList = z
  .string()
  .optional()
  .transform((v) => (v ? v.split(/[,;]/).map((d) => resolve(PROJECT_ROOT, d.trim())).filter(Boolean) : [DEFAULT_KNOWLEDGE_DIR]));

/** An optional variable; empty counts as unset. */
const optionalText = z
  .string()
  .optional()
  .transform((v) => v?.trim() || undefined);

const configSchema = z.object({
  /** Knowledge folders, comma-separated; the first holds settings.json. */
  TTHC_KNOWLEDGE_DIRS: dirList,
  TTHC_DATA_DIR: z.string().default('data').transform((d) => resolve(PROJECT_ROOT, d)),
  /** Telegram: the token from BotFather; the channel starts only when it is set. */
  TELEGRAM_BOT_TOKEN: optionalText,
  /** A self-hosted Bot API server; default the public one. */
  TELEGRAM_API_ROOT: optionalText.pipe(z.url().optional()),
  /** The Home Affairs group that receives forwarded feedback (a negative number). */
  TELEGRAM_STAFF_CHAT_ID: optionalText.pipe(z.string().regex(/^-?\d+$/, 'phải là số (id nhóm Telegram, thường âm)').optional()),
  /** Telegram user ids allowed to use staff commands from any chat, comma-separated. */
  TELEGRAM_STAFF_IDS: z
    .string()
    .optional()
    .transform((v) => (v ?? '').split(/[,;\s]+/).filter(Boolean))
    .pipe(z.array(z.string().regex(/^\d+$/, 'mỗi id phải là số'))),
});
type ParsedConfig = z.infer<typeof configSchema>;
type ChannelKeys = 'TELEGRAM_BOT_TOKEN' | 'TELEGRAM_API_ROOT' | 'TELEGRAM_STAFF_CHAT_ID' | 'TELEGRAM_STAFF_IDS';
/** Channel settings are optional, so code that only needs the core can build a config by hand. */
export type AppConfig = Omit<ParsedConfig, ChannelKeys> & Partial<Pick<ParsedConfig, ChannelKeys>>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const envFile = resolve(PROJECT_ROOT, '.env');
  if (env === process.env && existsSync(envFile)) process.loadEnvFile(envFile);
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) throw new Error(`Cấu hình không hợp lệ: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
