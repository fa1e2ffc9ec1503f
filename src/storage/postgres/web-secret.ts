// The key that signs web cookies, when WEB_SESSION_SECRET does not give one: made once and
// kept in the database (table app_secrets), so every replica signs and checks with the same
// key and sessions survive restarts.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';

const NAME = 'web-session';

export async function webSessionSecret(pool: pg.Pool, configured?: string): Promise<Buffer> {
  if (configured) return Buffer.from(configured, 'utf8');
  // Two replicas starting together both offer a key; the first insert wins and both read it.
  await pool.query('INSERT INTO app_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [NAME, randomBytes(32)]);
  const { rows } = await pool.query<{ value: Buffer }>('SELECT value FROM app_secrets WHERE name = $1', [NAME]);
  return rows[0]!.value;
}
