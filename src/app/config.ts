// Runtime configuration from the environment (and .env). Secrets never live in the repo.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_KNOWLEDGE_DIR, PROJECT_ROOT } from './paths.ts';

const dirList = z
  .string()
  .optional()
  .transform((v) => (v ? v.split(/[,;]/).map((d) => resolve(PROJECT_ROOT, d.trim())).filter(Boolean) : [DEFAULT_KNOWLEDGE_DIR]));

const configSchema = z.object({
  /** Knowledge folders, comma-separated; the first holds settings.json. */
  TTHC_KNOWLEDGE_DIRS: dirList,
  TTHC_DATA_DIR: z.string().default('data').transform((d) => resolve(PROJECT_ROOT, d)),
});
export type AppConfig = z.infer<typeof configSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const envFile = resolve(PROJECT_ROOT, '.env');
  if (env === process.env && existsSync(envFile)) process.loadEnvFile(envFile);
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) throw new Error(`Cấu hình không hợp lệ: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
