// The bot account's Zalo Web session (cookie, imei, user agent), saved by `zalo login` in
// the data folder, readable by its owner only (mode 0600): whoever holds it is logged in
// as that account. A damaged file is reported, naming it, and never overwritten.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ensurePrivateDir, writeFileAtomic } from '../../files/private-files.ts';
import { z } from 'zod';

export const CREDENTIALS_FILE = 'zalo-credentials.json';
export const LOGIN_HINT = 'npm run -s cli -- zalo login';

const credentialsSchema = z.object({
  /** As zca-js gives and takes it: a list of serialized cookies (or an object holding them). */
  cookie: z.union([z.array(z.record(z.string(), z.unknown())).min(1), z.object({ url: z.string(), cookies: z.array(z.record(z.string(), z.unknown())) })]),
  imei: z.string().min(1),
  userAgent: z.string().min(1),
  language: z.string().optional(),
});
export type ZaloCredentials = z.infer<typeof credentialsSchema>;

export class ZaloCredentialsError extends Error {
  constructor(
    message: string,
    readonly reason: 'missing' | 'corrupt',
  ) {
    super(message);
    this.name = 'ZaloCredentialsError';
  }
}

export const credentialsPath = (dataDir: string) => join(dataDir, CREDENTIALS_FILE);

/** Reads the saved session; throws ZaloCredentialsError when there is none or the file is damaged. */
export async function loadCredentials(dataDir: string): Promise<ZaloCredentials> {
  const path = credentialsPath(dataDir);
  const raw = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  if (raw === undefined) throw new ZaloCredentialsError(`chưa đăng nhập Zalo: chạy ${LOGIN_HINT}`, 'missing');
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw corrupt(path, raw.trim() ? 'JSON không hợp lệ' : 'tệp rỗng');
  }
  const checked = credentialsSchema.safeParse(parsed);
  // The reason names fields only, never their values: they are secrets.
  if (!checked.success) throw corrupt(path, `thiếu hoặc sai trường ${[...new Set(checked.error.issues.map((i) => String(i.path[0] ?? '?')))].join(', ')}`);
  return checked.data;
}

const corrupt = (path: string, reason: string) =>
  new ZaloCredentialsError(
    `Tệp đăng nhập Zalo ${path} bị hỏng (${reason}). Bot không ghi đè lên tệp này: sửa tệp, hoặc xoá nó rồi chạy ${LOGIN_HINT}.`,
    'corrupt',
  );

/**
 * Saves the session atomically with mode 0600. Refuses to replace a damaged file (it is
 * left for a person to look at); replacing a valid one (logging in again) is fine.
 */
export async function saveCredentials(dataDir: string, credentials: ZaloCredentials): Promise<string> {
  const path = credentialsPath(dataDir);
  const valid = credentialsSchema.parse(credentials);
  await assertNotCorrupt(dataDir);
  await ensurePrivateDir(dirname(path));
  await writeFileAtomic(path, JSON.stringify(valid, null, 2));
  return path;
}

/** Throws the "damaged file" error when a credentials file exists but cannot be used. */
export async function assertNotCorrupt(dataDir: string): Promise<void> {
  try {
    await loadCredentials(dataDir);
  } catch (err) {
    if (err instanceof ZaloCredentialsError && err.reason === 'missing') return;
    throw err;
  }
}
