// Runtime configuration from the environment (and .env). Secrets never live in the repo.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { LOG_LEVELS } from '../logging/log.ts';
import { isCalendarDate } from '../time/clock.ts';
import { parseTrustProxy } from '../web/security.ts';
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
  /** Take this day (YYYY-MM-DD) as today: staff preview a fact that changes on a date, tests pin one. */
  TTHC_TODAY: optionalText.pipe(z.string().refine(isCalendarDate, 'ngày dạng YYYY-MM-DD có thật, ví dụ 2027-01-05').optional()),
  /** fatal, error, warn, info (default), debug, trace or silent. */
  LOG_LEVEL: optionalText.pipe(z.enum(LOG_LEVELS, { error: `một trong ${LOG_LEVELS.join(', ')}` }).default('info')),
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
  /** Webhook mode instead of long polling: the public https address Telegram posts to. */
  TELEGRAM_WEBHOOK_URL: optionalText.pipe(z.url({ protocol: /^https$/, error: 'phải là địa chỉ https://' }).optional()),
  /** Local port the webhook server listens on (behind the reverse proxy that serves the URL). */
  TELEGRAM_WEBHOOK_PORT: optionalText.transform((v) => (v === undefined ? undefined : Number(v))).pipe(z.number().int().min(1).max(65_535).optional()),
  /** Telegram sends it in X-Telegram-Bot-Api-Secret-Token; requests without it are refused. */
  TELEGRAM_WEBHOOK_SECRET: optionalText.pipe(z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, 'từ 16 đến 256 ký tự A-Z, a-z, 0-9, _ hoặc -').optional()),
  /** The web server (citizen chat at /, staff workspace at /staff): port (0 to turn it off) and address. */
  WEB_PORT: optionalText.transform((v) => (v === undefined ? 8080 : Number(v))).pipe(z.number().int().min(0).max(65_535)),
  WEB_HOST: optionalText.transform((v) => v ?? '127.0.0.1'),
  /** Behind a reverse proxy: how many proxy hops to believe in X-Forwarded-For (1 for one), or the proxies' addresses/CIDRs, comma-separated. */
  TRUST_PROXY: optionalText.transform((v, ctx) => {
    try {
      return parseTrustProxy(v);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
      return z.NEVER;
    }
  }),
  /** Signs the web cookies; several replicas must share it. Made and kept in the data folder when unset. */
  WEB_SESSION_SECRET: optionalText.pipe(z.string().min(32, 'ít nhất 32 ký tự').optional()),
  /** Sites allowed to embed the citizen chat in a frame, space-separated ("*" for any, the default). */
  WEB_EMBED_ORIGINS: optionalText.transform((v) => v ?? '*'),
  /** PostgreSQL (a province, several replicas): postgres://user:password@host:5432/db. Without it, the lowdb data folder. */
  DATABASE_URL: optionalText.pipe(z.string().regex(/^postgres(ql)?:\/\//, 'có dạng postgres://người-dùng:mật-khẩu@máy:5432/tên-csdl').optional()),
  /** The PostgreSQL schema the bot's tables live in (several deployments may share a database); the role's default otherwise. */
  DATABASE_SCHEMA: optionalText.pipe(z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, '1–63 ký tự a-z, 0-9, gạch dưới, không bắt đầu bằng chữ số').optional()),
  /** Seconds a replica has to finish work it took (an update to handle, a queued message to deliver) before another takes it over. */
  CLAIM_SECONDS: optionalText.transform((v) => (v === undefined ? 30 : Number(v))).pipe(z.number().min(1).max(3600)),
  /** The official Zalo Bot Platform: the token from Zalo Bot Creator ("<bot id>:<secret>"); the channel starts only when it is set. */
  ZALO_BOT_TOKEN: optionalText.pipe(z.string().regex(/^[^\s:]+:\S+$/, 'có dạng <mã bot>:<khóa>, như Zalo Bot Creator gửi').optional()),
  /** Another server speaking the platform's API (a proxy, or a fake in tests). */
  ZALO_BOT_API_ROOT: optionalText.pipe(z.url().default('https://bot-api.zaloplatforms.com')),
  /** Webhook mode instead of long polling: the public https address the platform posts to. */
  ZALO_BOT_WEBHOOK_URL: optionalText.pipe(z.url({ protocol: /^https$/, error: 'phải là địa chỉ https://' }).optional()),
  /** Local port the webhook server listens on (behind the reverse proxy that serves the URL). */
  ZALO_BOT_WEBHOOK_PORT: optionalText.transform((v) => (v === undefined ? undefined : Number(v))).pipe(z.number().int().min(1).max(65_535).optional()),
  /** Sent by the platform in X-Bot-Api-Secret-Token; requests without it are refused. */
  ZALO_BOT_WEBHOOK_SECRET: optionalText.pipe(z.string().regex(/^[A-Za-z0-9_-]{8,256}$/, 'từ 8 đến 256 ký tự A-Z, a-z, 0-9, _ hoặc -').optional()),
  /** Telegram: messages a second to all chats together (replies, answers, announcements); Telegram allows about 30. */
  TELEGRAM_SEND_PER_SECOND: optionalText.transform((v) => (v === undefined ? 30 : Number(v))).pipe(z.number().min(1).max(1_000)),
  /** Telegram: announcement messages a second, across every replica; below TELEGRAM_SEND_PER_SECOND, so replies keep room. */
  TELEGRAM_BROADCAST_PER_SECOND: optionalText.transform((v) => (v === undefined ? 25 : Number(v))).pipe(z.number().min(0.1).max(1_000)),
  /** The bot's Telegram username (without @), for the t.me link on the poster; asked of Telegram when unset. */
  TELEGRAM_BOT_USERNAME: optionalText.pipe(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{3,31}$/, 'tên bot Telegram, không có @').optional()),
  /** The public address of the web chat (https://…), for the poster's QR code and web push. */
  PUBLIC_WEB_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  /** The link that opens the Zalo bot (or Official Account) chat, for the poster's QR code, e.g. https://zalo.me/… */
  ZALO_BOT_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  /** Who runs the server, for push services (mailto: or https:); PUBLIC_WEB_URL by default. */
  WEB_PUSH_SUBJECT: optionalText.pipe(z.string().regex(/^(mailto:|https:\/\/)\S+$/, 'dạng mailto:ten@mien hoặc https://…').optional()),
})
  .refine((c) => c.TELEGRAM_BROADCAST_PER_SECOND < c.TELEGRAM_SEND_PER_SECOND, {
    message: 'TELEGRAM_BROADCAST_PER_SECOND phải nhỏ hơn TELEGRAM_SEND_PER_SECOND, để còn chỗ cho tin trả lời',
    path: ['TELEGRAM_BROADCAST_PER_SECOND'],
  })
  .refine((c) => !c.TELEGRAM_WEBHOOK_URL || c.TELEGRAM_WEBHOOK_SECRET, {
    message: 'Chế độ webhook cần TELEGRAM_WEBHOOK_SECRET',
    path: ['TELEGRAM_WEBHOOK_SECRET'],
  })
  .refine((c) => !c.ZALO_BOT_WEBHOOK_URL || c.ZALO_BOT_WEBHOOK_SECRET, {
    message: 'Chế độ webhook của Zalo Bot cần ZALO_BOT_WEBHOOK_SECRET',
    path: ['ZALO_BOT_WEBHOOK_SECRET'],
  });
export type AppConfig = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const envFile = resolve(PROJECT_ROOT, '.env');
  if (env === process.env && existsSync(envFile)) process.loadEnvFile(envFile);
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(`Cấu hình không hợp lệ: ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}`);
  return parsed.data;
}

/** Secret values from the environment, for the logger to keep out of every line. */
export function secretsOf(env: NodeJS.ProcessEnv = process.env): string[] {
  return Object.entries(env)
    .filter(([name, value]) => value && /TOKEN|SECRET|PASSWORD|DATABASE_URL/.test(name))
    .map(([, value]) => value!);
}

/** Every variable the bot reads through this schema: .env.example documents each one. */
export const CONFIG_VARIABLES = Object.keys(configSchema.shape) as (keyof AppConfig)[];
