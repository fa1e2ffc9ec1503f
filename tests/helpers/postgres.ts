// PostgreSQL for tests: TEST_DATABASE_URL names a database the tests may create schemas
// in (CI sets it). Each suite gets fresh random schemas, dropped afterwards; without the
// variable the PostgreSQL tests are skipped, and the file says so once.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPostgresStore, type PostgresBotStore } from '../../src/storage/postgres/open-postgres-store.ts';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;
export const postgresAvailable = TEST_DATABASE_URL !== undefined;

let noted = false;
/** For describe.skipIf: true when there is no test database, after saying so once per test file. */
export function skipWithoutPostgres(): boolean {
  if (!postgresAvailable && !noted) {
    noted = true;
    console.info('PostgreSQL: bỏ qua các kiểm thử (chưa đặt TEST_DATABASE_URL)');
  }
  return !postgresAvailable;
}

/** A schema name no other suite uses. */
export const randomSchema = () => `tthc_test_${randomBytes(6).toString('hex')}`;

let admin: pg.Pool | undefined;
/** A small pool outside any store, for looking at the tables as they are and for dropping schemas. */
export function adminPool(): pg.Pool {
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
  admin ??= new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 3 });
  return admin;
}

/** Queries one schema's tables from outside the store. */
export async function inSchema<R extends pg.QueryResultRow>(schema: string, sql: string, values: unknown[] = []): Promise<R[]> {
  const client = await adminPool().connect();
  try {
    await client.query(`SET search_path TO "${schema}"`);
    return (await client.query<R>(sql, values)).rows;
  } finally {
    await client.query('RESET search_path').catch(() => undefined);
    client.release();
  }
}

/**
 * Opens stores on fresh schemas and closes and drops them all at `cleanup` (for afterAll);
 * `open(schema)` opens another store, as another replica would, on a schema already used.
 */
export function postgresStores() {
  const schemas = new Set<string>();
  const stores: PostgresBotStore[] = [];
  return {
    async open(options: { schema?: string; now?: () => Date; log?: (line: string) => void } = {}): Promise<PostgresBotStore & { schema: string }> {
      const schema = options.schema ?? randomSchema();
      schemas.add(schema);
      const store = await openPostgresStore(TEST_DATABASE_URL!, { schema, now: options.now, log: options.log ?? (() => undefined) });
      stores.push(store);
      return Object.assign(store, { schema });
    },
    /** Closes the stores opened so far (they may be closed already). */
    async closeAll(): Promise<void> {
      await Promise.all(stores.splice(0).map((s) => s.close()));
    },
    async cleanup(): Promise<void> {
      await Promise.all(stores.splice(0).map((s) => s.close()));
      for (const schema of schemas) await adminPool().query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      schemas.clear();
      await admin?.end();
      admin = undefined;
    },
  };
}
