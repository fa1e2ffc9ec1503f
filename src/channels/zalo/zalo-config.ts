// The Zalo channel's own settings, read from the environment (and .env, once the app's
// config has loaded it). Off unless ZALO_ENABLED says otherwise.
import { z } from 'zod';

const flag = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const s = (v ?? '').trim().toLowerCase();
    if (['', '0', 'false', 'no', 'off'].includes(s)) return false;
    if (['1', 'true', 'yes', 'on'].includes(s)) return true;
    ctx.addIssue({ code: 'custom', message: 'phải là true hoặc false' });
    return z.NEVER;
  });

const zaloId = z.string().regex(/^\d{1,30}$/, 'mã Zalo gồm chữ số');

const idList = z
  .string()
  .optional()
  .transform((v) => (v ?? '').split(/[,;\s]+/).filter(Boolean))
  .pipe(z.array(zaloId));

const zaloConfigSchema = z.object({
  ZALO_ENABLED: flag,
  /** The Zalo group where Home Affairs staff receive feedback and answer it. */
  ZALO_STAFF_GROUP_ID: z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined)
    .pipe(zaloId.optional()),
  /** Zalo user ids of the staff allowed to use /traloi and /trangthai in that group. */
  ZALO_STAFF_IDS: idList,
});
export type ZaloConfig = z.infer<typeof zaloConfigSchema>;

export function loadZaloConfig(env: NodeJS.ProcessEnv = process.env): ZaloConfig {
  const parsed = zaloConfigSchema.safeParse(env);
  if (!parsed.success) throw new Error(`Cấu hình Zalo không hợp lệ: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
