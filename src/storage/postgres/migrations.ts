// The schema as numbered SQL files (migrations/001-initial.sql, 002-….sql …), applied at
// open in order, each in its own transaction, and recorded in schema_migrations. Replicas
// starting together take turns under an advisory lock, so none applies a file twice and
// none starts on a schema half made.
import { readdir, readFile } from 'node:fs/promises';
import type pg from 'pg';
import { quoteIdent } from './pool.ts';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);
const FILE_NAME = /^(\d+)-([a-z0-9][a-z0-9-]*)\.sql$/;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The migration files, in order; throws when two share a number. */
export async function readMigrations(dir: URL = MIGRATIONS_DIR): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.sql'));
  const migrations: Migration[] = [];
  for (const file of names) {
    const match = FILE_NAME.exec(file);
    if (!match) throw new Error(`Tệp chuyển đổi lược đồ "${file}" phải có tên dạng 001-ten-ngan.sql`);
    migrations.push({ version: Number(match[1]), name: match[2]!, sql: await readFile(new URL(file, dir), 'utf8') });
  }
  migrations.sort((a, b) => a.version - b.version);
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]!.version === migrations[i - 1]!.version) throw new Error(`Hai tệp chuyển đổi lược đồ cùng số ${migrations[i]!.version}`);
  }
  return migrations;
}

/**
 * Creates the schema if needed and applies the migrations it lacks; returns the versions
 * applied now. Runs on one connection of `pool`, whose search_path names the schema.
 */
export async function migrate(pool: pg.Pool, options: { schema?: string; log?: (line: string) => void; migrations?: Migration[] } = {}): Promise<number[]> {
  const migrations = options.migrations ?? (await readMigrations());
  const client = await pool.connect();
  let broken = false;
  // One lock per database and schema: other schemas (other tests, other deployments) do not wait.
  const lockName = `tthc-bot migrations ${options.schema ?? ''}`;
  try {
    await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [lockName]);
    try {
      // Created only when missing: CREATE SCHEMA needs a right on the database that a role
      // given a ready-made schema may not have, even with IF NOT EXISTS.
      if (options.schema !== undefined && !(await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [options.schema])).rowCount) {
        await client.query(`CREATE SCHEMA ${quoteIdent(options.schema)}`);
      }
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
      const applied = new Set(rows.map((r) => r.version));
      const done: number[] = [];
      for (const migration of migrations) {
        if (applied.has(migration.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          const message = err instanceof Error ? err.message : String(err);
          throw new Error(`PostgreSQL: không áp dụng được bản chuyển đổi lược đồ ${label(migration)}: ${message}`, { cause: err });
        }
        done.push(migration.version);
        options.log?.(`PostgreSQL: đã áp dụng bản chuyển đổi lược đồ ${label(migration)}.`);
      }
      return done;
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockName]);
    }
  } catch (err) {
    // Not given back to the pool: closing the connection also ends its session lock, whatever state it is in.
    broken = true;
    throw err;
  } finally {
    client.release(broken);
  }
}

const label = (m: Migration) => `${String(m.version).padStart(3, '0')}-${m.name}`;
