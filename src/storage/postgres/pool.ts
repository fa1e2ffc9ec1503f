// The connections to the province's database: one pg Pool per store, every connection of
// it (and the events listener's) placed in the store's schema through the connection's
// startup options, so no query names a schema and two schemas never see each other.
import pg from 'pg';

/** Connections per replica: a few web requests, the outbox and the channels at once. */
export const POOL_MAX = 10;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export interface PostgresTarget {
  url: string;
  /** Every table in this schema (created if missing); the role's default search_path otherwise. */
  schema?: string;
}

export function checkSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`Tên lược đồ PostgreSQL "${schema}" không hợp lệ: 1–63 ký tự a-z, 0-9, gạch dưới, không bắt đầu bằng chữ số.`);
  }
  return schema;
}

/** A schema name checked by checkSchemaName, as an SQL identifier. */
export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The settings of one connection (pool or listener) to the target. */
export function connectionConfig(target: PostgresTarget): pg.ClientConfig {
  if (target.schema === undefined) return { connectionString: target.url, application_name: 'tthc-bot', keepAlive: true };
  const schema = checkSchemaName(target.schema);
  // The URL's own `options=` would replace ours (pg lets the URL win): both are kept.
  let connectionString = target.url;
  let given: string | null = null;
  try {
    const parsed = new URL(target.url);
    given = parsed.searchParams.get('options');
    if (given !== null) {
      parsed.searchParams.delete('options');
      connectionString = parsed.toString();
    }
  } catch {
    // Not a URL pg-connection-string cannot read either: pg reports it when connecting.
  }
  return {
    connectionString,
    application_name: 'tthc-bot',
    keepAlive: true,
    options: [given, `-c search_path=${schema}`].filter(Boolean).join(' '),
  };
}

/**
 * `relaxed`: its commits return before the write-ahead log reaches the disk
 * (synchronous_commit off): for state a database crash may lose the last fraction of a
 * second of (conversation sessions), never for records (feedback, outbox, accounts).
 */
export function createPool(target: PostgresTarget, log: (line: string) => void, options: { relaxed?: boolean } = {}): pg.Pool {
  const config = connectionConfig(target);
  if (options.relaxed) config.options = [config.options, '-c synchronous_commit=off'].filter(Boolean).join(' ');
  const pool = new pg.Pool({ ...config, max: POOL_MAX, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 10_000 });
  // An idle connection the server dropped: the pool replaces it; without a listener the process would stop.
  pool.on('error', (err) => log(`PostgreSQL: một kết nối rỗi bị ngắt (${err.message}); kết nối lại khi cần.`));
  return pool;
}

/** The target for logs: the URL without its password, and the schema. */
export function describeTarget(target: PostgresTarget): string {
  let where: string;
  try {
    const parsed = new URL(target.url);
    parsed.password = '';
    for (const key of [...parsed.searchParams.keys()]) if (/pass|secret|key|token/i.test(key)) parsed.searchParams.delete(key);
    where = parsed.toString();
  } catch {
    where = 'PostgreSQL (không đọc được địa chỉ)';
  }
  return target.schema ? `${where} (lược đồ ${target.schema})` : where;
}

/** Runs `work` in a transaction on one connection: committed when it resolves, rolled back when it throws. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    try {
      await client.query('ROLLBACK');
    } catch {
      // The connection itself failed: it is not given back to the pool.
      broken = true;
    }
    throw err;
  } finally {
    client.release(broken);
  }
}

/** True for a unique-constraint violation (SQLSTATE 23505). */
export const isUniqueViolation = (err: unknown) => (err as { code?: string } | null)?.code === '23505';
