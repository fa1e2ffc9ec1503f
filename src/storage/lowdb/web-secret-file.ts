// The key that signs the web's cookies, when WEB_SESSION_SECRET does not give one: made
// once and kept in the data folder (web-secret, 0600), so sessions survive a restart.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDirSync, PRIVATE_FILE_MODE } from '../../files/private-files.ts';

export function sessionSecret(configured: string | undefined, dataDir: string): Buffer {
  if (configured) return Buffer.from(configured, 'utf8');
  const path = join(dataDir, 'web-secret');
  if (existsSync(path)) return Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  ensurePrivateDirSync(dataDir);
  const secret = randomBytes(32);
  writeFileSync(path, secret.toString('base64'), { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  return secret;
}
