// What only the PostgreSQL store has: migrations, schemas, what its tables keep, the
// listening connection, housekeeping, and the indexes a province's million records need.
// The behaviour it shares with the lowdb store is checked in store-contracts.test.ts.
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import pg from 'pg';
import { newSession, SESSION_TTL_MS } from '../src/conversation/session.ts';
import { TRANSCRIPT_KEEP, type TranscriptEntry } from '../src/conversation/transcript.ts';
import { PgChatTranscripts } from '../src/storage/postgres/chat-transcripts.ts';
import { PgSessionStore } from '../src/storage/postgres/session-store.ts';
import { eventsChannel } from '../src/storage/postgres/events.ts';
import { migrate, readMigrations, type Migration } from '../src/storage/postgres/migrations.ts';
import { openPostgresStore } from '../src/storage/postgres/open-postgres-store.ts';
import { connectionConfig, describeTarget } from '../src/storage/postgres/pool.ts';
import { manualClock, DAY, MINUTE } from './contracts/target.ts';
import { sampleFeedback } from './helpers/feedback-fixtures.ts';
import { adminPool, inSchema, postgresStores, randomSchema, skipWithoutPostgres, TEST_DATABASE_URL } from './helpers/postgres.ts';

describe.skipIf(skipWithoutPostgres())('PostgreSQL store', () => {
  const stores = postgresStores();
  afterEach(() => stores.closeAll());
  afterAll(() => stores.cleanup());
  const url = TEST_DATABASE_URL!;

  describe('migrations', () => {
    it('are numbered files, read in order', async () => {
      const migrations = await readMigrations();
      expect(migrations.map((m) => m.version)).toEqual([...migrations.map((m) => m.version)].sort((a, b) => a - b));
      expect(migrations[0]).toMatchObject({ version: 1, name: 'initial' });
      expect(migrations[0]!.sql).toContain('CREATE TABLE feedback');
    });

    it('are applied once, even by replicas starting together, and recorded', async () => {
      const schema = randomSchema();
      const logs: string[] = [];
      await Promise.all(Array.from({ length: 4 }, () => stores.open({ schema, log: (line) => logs.push(line) })));
      const migrations = await readMigrations();
      const recorded = await inSchema<{ version: number; name: string; applied_at: Date }>(schema, 'SELECT version, name, applied_at FROM schema_migrations ORDER BY version');
      expect(recorded.map((r) => [r.version, r.name])).toEqual(migrations.map((m) => [m.version, m.name]));
      expect(logs.filter((l) => l.includes('đã áp dụng bản chuyển đổi lược đồ 001-initial'))).toHaveLength(1);
      // Opened again: nothing left to apply, nothing logged.
      logs.length = 0;
      await stores.open({ schema, log: (line) => logs.push(line) });
      expect(logs).toEqual([]);
    });

    it('roll a failing migration back whole, record nothing of it, and apply it once mended', async () => {
      const schema = randomSchema();
      const pool = new pg.Pool({ ...connectionConfig({ url, schema }), max: 2 });
      try {
        const first: Migration = { version: 1, name: 'first', sql: 'CREATE TABLE one (id int PRIMARY KEY);' };
        const broken: Migration = { version: 2, name: 'second', sql: 'CREATE TABLE two (id int); INSERT INTO nowhere VALUES (1);' };
        await expect(migrate(pool, { schema, migrations: [first, broken] })).rejects.toThrow(/002-second/);
        const versions = async () => (await inSchema<{ version: number }>(schema, 'SELECT version FROM schema_migrations ORDER BY version')).map((r) => r.version);
        expect(await versions()).toEqual([1]);
        expect(await inSchema(schema, `SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'two'`, [schema])).toEqual([]);
        const mended: Migration = { ...broken, sql: 'CREATE TABLE two (id int);' };
        expect(await migrate(pool, { schema, migrations: [first, mended] })).toEqual([2]);
        expect(await versions()).toEqual([1, 2]);
      } finally {
        await pool.end();
        await adminPool().query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      }
    });
  });

  describe('connections', () => {
    it('are described for logs without the password', async () => {
      expect(describeTarget({ url: 'postgres://tthc:hunter2pass@db.tinh.gov.vn:5432/tthc?sslmode=require&password=x2', schema: 'tinh' })).toBe(
        'postgres://tthc@db.tinh.gov.vn:5432/tthc?sslmode=require (lược đồ tinh)',
      );
      const store = await stores.open();
      const password = new URL(url).password;
      expect(store.where).toContain(store.schema);
      if (password) expect(store.where).not.toContain(`:${password}@`);
    });

    it('refuse a schema name that is not a plain identifier', async () => {
      await expect(openPostgresStore(url, { schema: 'a"; DROP TABLE x; --' })).rejects.toThrow(/Tên lược đồ PostgreSQL .* không hợp lệ/);
    });

    it('keep two schemas of one database apart, events included', async () => {
      const one = await stores.open();
      const two = await stores.open();
      await one.feedback.submit(sampleFeedback(1));
      expect(await two.feedback.list()).toEqual([]);
      const heard: string[] = [];
      one.events.subscribe('t', (p) => heard.push(`one:${p}`));
      two.events.subscribe('t', (p) => heard.push(`two:${p}`));
      await two.events.publish('t', 'for-two');
      await one.events.publish('t', 'for-one');
      await vi.waitFor(() => expect(heard).toContain('one:for-one'));
      await vi.waitFor(() => expect(heard).toContain('two:for-two'));
      expect(heard.sort()).toEqual(['one:for-one', 'two:for-two']);
    });

    it('listen again after the listening connection drops', async () => {
      const logs: string[] = [];
      const store = await stores.open({ log: (line) => logs.push(line) });
      const heard: string[] = [];
      store.events.subscribe('t', (p) => heard.push(p));
      const listen = `LISTEN "${eventsChannel(store.schema)}"`;
      const killed = await adminPool().query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = $1', [listen]);
      expect(killed.rowCount).toBe(1);
      await vi.waitFor(() => expect(logs.some((l) => l.includes('mất kết nối nhận sự kiện'))).toBe(true));
      let n = 0;
      await vi.waitFor(
        async () => {
          await store.events.publish('t', `after-${++n}`);
          expect(heard.length).toBeGreaterThan(0);
        },
        { timeout: 10_000, interval: 200 },
      );
      expect(logs.some((l) => l.includes('đã kết nối lại để nhận sự kiện'))).toBe(true);
    });

    it('are all ended by close', async () => {
      const store = await stores.open();
      await store.feedback.list();
      const listen = `LISTEN "${eventsChannel(store.schema)}"`;
      expect((await adminPool().query('SELECT 1 FROM pg_stat_activity WHERE query = $1', [listen])).rowCount).toBe(1);
      await store.close();
      await vi.waitFor(async () => expect((await adminPool().query('SELECT 1 FROM pg_stat_activity WHERE query = $1', [listen])).rowCount).toBe(0));
      await expect(store.feedback.list()).rejects.toThrow();
    });
  });

  describe('what the tables keep', () => {
    it('no text, no address, no chat of a message once delivered or given up', async () => {
      const store = await stores.open();
      const outbox = store.outbox('replies');
      const to = { channel: 'telegram' as const, chatId: 'chat-bi-mat', userId: 'u-bi-mat' };
      const base = { kind: 'reply' as const, createdAt: '2026-03-02T08:00:00.000Z', attempts: 0, nextAttemptAt: '2026-03-02T08:00:00.000Z' };
      await outbox.add([
        { ...base, id: 'sent', destination: 'citizen', to, text: 'Nguyễn Văn A, 0912345678' },
        { ...base, id: 'dropped', destination: 'citizen', to: { ...to, chatId: 'chat-khac' }, text: 'Trần Thị B, 0987654321' },
        { ...base, id: 'waiting', destination: 'citizen', to: { ...to, chatId: 'chat-thu-ba' }, text: 'vẫn chờ' },
      ]);
      await outbox.markDelivered('sent', new Date('2026-03-02T08:00:01.000Z'));
      await outbox.markUndeliverable('dropped', new Date('2026-03-02T08:00:02.000Z'), 'chat không tồn tại');
      const rows = await inSchema<Record<string, unknown>>(store.schema, 'SELECT * FROM outbox ORDER BY seq');
      expect(rows.map((r) => [r.id, r.state, r.text === null, r.recipient === null])).toEqual([
        ['sent', 'delivered', true, true],
        ['dropped', 'undeliverable', true, true],
        ['waiting', 'pending', false, false],
      ]);
      const done = JSON.stringify(rows.slice(0, 2));
      for (const secret of ['0912345678', '0987654321', 'chat-bi-mat', 'chat-khac', 'u-bi-mat']) expect(done).not.toContain(secret);
      // The table itself refuses a finished message with text.
      await expect(inSchema(store.schema, `UPDATE outbox SET text = 'x' WHERE id = 'sent'`)).rejects.toThrow(/outbox_done_keeps_no_text/);
    });

    it('one row per draft however many replicas confirm it, with its columns filled for the lists', async () => {
      const store = await stores.open();
      const replica = await stores.open({ schema: store.schema });
      const draft = sampleFeedback(1, { submissionId: 'draft-x', unit: 'phuong-a', from: { channel: 'web', chatId: 'w-1', userId: 'w-1' } });
      const [a, b] = await Promise.all([store.feedback.submit(draft), replica.feedback.submit(draft)]);
      expect(a.code).toBe(b.code);
      const rows = await inSchema<Record<string, unknown>>(store.schema, 'SELECT code, status, category, channel, user_id, unit, submission_id, search_text FROM feedback');
      expect(rows).toEqual([
        { code: a.code, status: 'moi', category: 'land', channel: 'web', user_id: 'w-1', unit: 'phuong-a', submission_id: 'draft-x', search_text: expect.stringContaining('nguyen van thu 1') },
      ]);
    });
  });

  describe('housekeeping', () => {
    it('deletes sessions unused for half a year, old handled ids, old inbox messages and spent rate-limit counts, and nothing else; saves do not', async () => {
      const clock = manualClock('2026-10-01T00:00:00.000Z');
      const store = await stores.open({ now: clock.now });
      const count = async (table: string) => (await inSchema<{ n: number }>(store.schema, `SELECT count(*)::int AS n FROM ${table}`))[0]!.n;
      const session = (at: Date) => ({ flow: { kind: 'status' as const }, updatedAt: at.toISOString() });
      await store.sessions.save('old', session(clock.now()), clock.now());
      await store.handledIds('telegram-sent').add('old-id');
      await store.webInbox.append('c1', { id: 'old-msg', text: 'cũ', kind: 'reply', at: clock.iso() });
      await inSchema(store.schema, `INSERT INTO rate_limits (key, points, expire) VALUES ('messages:spent', 3, $1), ('messages:live', 3, $2)`, [Date.now() - 2 * 3600_000, Date.now() + MINUTE]);

      clock.advance(181 * DAY);
      await store.sessions.save('new', session(clock.now()), clock.now());
      await store.handledIds('telegram-sent').add('new-id');
      // A save alone prunes nothing: the expired session is still there.
      expect(await count('sessions')).toBe(2);
      await store.webInbox.append('c2', { id: 'new-msg', text: 'mới', kind: 'reply', at: clock.iso() });

      await store.housekeeping();
      expect((await inSchema<{ key: string }>(store.schema, 'SELECT key FROM sessions')).map((r) => r.key)).toEqual(['new']);
      expect((await inSchema<{ id: string }>(store.schema, 'SELECT id FROM handled_ids')).map((r) => r.id)).toEqual(['new-id']);
      expect((await inSchema<{ id: string }>(store.schema, 'SELECT id FROM citizen_inbox')).map((r) => r.id)).toEqual(['new-msg']);
      expect((await inSchema<{ key: string }>(store.schema, 'SELECT key FROM rate_limits')).map((r) => r.key)).toEqual(['messages:live']);
      expect(await store.sessions.get('new', new Date(clock.now().getTime() + SESSION_TTL_MS - 1))).toEqual(session(clock.now()));
    });
  });

  describe('messages arriving together', () => {
    /** A store's session and transcript classes over a pool of their own, whose statements are counted. */
    async function counted() {
      const store = await stores.open();
      const pool = new pg.Pool({ ...connectionConfig({ url, schema: store.schema }), max: 4 });
      const statements = vi.spyOn(pool, 'query');
      return { store, pool, statements, sessions: new PgSessionStore(pool), transcripts: new PgChatTranscripts(pool) };
    }

    it('count each message of each citizen and read their sessions, in fewer statements than messages', async () => {
      const { pool, statements, sessions } = await counted();
      try {
        const now = new Date();
        await sessions.save('c0', { flow: { kind: 'status' }, lastEntryId: 'civil.birth', updatedAt: now.toISOString() }, now);
        statements.mockClear();
        const citizens = Array.from({ length: 20 }, (_, i) => `c${i}`);
        const asked = citizens.flatMap((c) => [c, c, c]);
        const results = await Promise.all(asked.map((c) => sessions.countAndGet(c, now, { points: 20, duration: 60 })));
        for (const c of citizens) {
          const mine = results.filter((_, i) => asked[i] === c);
          expect(mine.map((r) => r.consumed).sort()).toEqual([1, 2, 3]);
          expect(mine.every((r) => r.session.lastEntryId === (c === 'c0' ? 'civil.birth' : undefined))).toBe(true);
        }
        expect(statements.mock.calls.length).toBeLessThan(asked.length / 2);
        // The counts go on from there, one statement or several.
        expect((await sessions.countAndGet('c5', now, { points: 20, duration: 60 })).consumed).toBe(4);
      } finally {
        await pool.end();
      }
    });

    it('keep the last of several saves of one session, delete a blank one, and write many in one statement', async () => {
      const { pool, statements, sessions } = await counted();
      try {
        const now = new Date();
        await sessions.save('gone', { flow: { kind: 'status' }, updatedAt: now.toISOString() }, now);
        statements.mockClear();
        const saves = Array.from({ length: 30 }, (_, i) => ({ key: `k${i % 10}`, entry: `entry-${i}` }));
        await Promise.all([
          ...saves.map(({ key, entry }) => sessions.save(key, { flow: { kind: 'idle' }, lastEntryId: entry, updatedAt: now.toISOString() }, now)),
          sessions.save('gone', newSession(now), now),
        ]);
        expect(statements.mock.calls.length).toBeLessThan(10);
        for (let k = 0; k < 10; k++) expect((await sessions.get(`k${k}`, now)).lastEntryId).toBe(`entry-${20 + k}`);
        expect((await sessions.get('gone', now)).flow).toEqual({ kind: 'idle' });
        expect((await pool.query(`SELECT count(*)::int AS n FROM sessions WHERE key = 'gone'`)).rows[0].n).toBe(0);
      } finally {
        await pool.end();
      }
    });

    it('append transcripts in order per citizen, keep only the newest, in fewer statements than turns', async () => {
      const { pool, statements, transcripts } = await counted();
      try {
        const at = new Date().toISOString();
        const line = (c: number, n: number): TranscriptEntry => ({ at, who: 'me', text: `${c}:${n}` });
        const turns = TRANSCRIPT_KEEP + 5;
        await Promise.all(
          Array.from({ length: 12 }, async (_, c) => {
            for (let n = 0; n < turns; n++) await transcripts.append(`citizen-${c}`, [line(c, n)]);
          }),
        );
        expect(statements.mock.calls.length).toBeLessThan(12 * turns);
        for (let c = 0; c < 12; c++) {
          const kept = await transcripts.list(`citizen-${c}`);
          expect(kept.map((e) => (e.who === 'me' ? e.text : ''))).toEqual(Array.from({ length: TRANSCRIPT_KEEP }, (_, i) => `${c}:${i + 5}`));
        }
        // Trimmed in the table too, give or take the last append's own rows.
        const most = (await pool.query('SELECT max(n)::int AS n FROM (SELECT count(*) AS n FROM chat_transcripts GROUP BY citizen) x')).rows[0].n;
        expect(most).toBeLessThanOrEqual(TRANSCRIPT_KEEP + 1);
      } finally {
        await pool.end();
      }
    });
  });

  describe('running totals of the inbox', () => {
    it('match the records, through submits, changes from two replicas, folding and a truncate', async () => {
      const store = await stores.open();
      const replica = await stores.open({ schema: store.schema });
      const codes = await Promise.all(
        Array.from({ length: 40 }, (_, i) => (i % 2 ? replica : store).feedback.submit(sampleFeedback(i, i % 3 ? { unit: `phuong-${i % 3}` } : {}))),
      ).then((records) => records.map((r) => r.code));
      await Promise.all(codes.slice(0, 15).map((code, i) => (i % 2 ? replica : store).feedback.setStatus(code, i % 3 ? 'dang-xu-ly' : 'da-dong', 'x')));
      await store.feedback.answer(codes[20]!, 'Đã xử lý.', 'x');
      const check = async () => {
        for (const unit of [undefined, 'phuong-1', 'phuong-2']) {
          for (const status of [undefined, 'moi', 'dang-xu-ly', 'da-dong', 'da-tra-loi', 'da-chuyen'] as const) {
            const filter = { ...(unit ? { unit } : {}), ...(status ? { status } : {}) };
            expect((await store.feedback.page(filter, 0, 1)).total, JSON.stringify(filter)).toBe((await store.feedback.list(filter)).length);
          }
        }
      };
      await check();
      const deltas = (await inSchema<{ n: number }>(store.schema, 'SELECT count(*)::int AS n FROM feedback_counts'))[0]!.n;
      await Promise.all([store.housekeeping(), replica.housekeeping()]);
      const folded = await inSchema<{ unit: string | null; status: string }>(store.schema, 'SELECT unit, status FROM feedback_counts');
      expect(folded.length).toBeLessThan(deltas);
      expect(new Set(folded.map((r) => `${r.unit}/${r.status}`)).size).toBe(folded.length);
      await check();
      await inSchema(store.schema, 'TRUNCATE feedback');
      expect((await store.feedback.page({}, 0, 1)).total).toBe(0);
    });
  });

  describe('indexes', () => {
    it('serve submit, get, a citizen count and the first page of every inbox view without reading the whole table', async () => {
      const store = await stores.open();
      // 50,000 records spread over a year, four wards, five statuses.
      await inSchema(
        store.schema,
        `INSERT INTO feedback (code, created_at, status, category, channel, user_id, unit, submission_id, search_text, record)
         SELECT 'PA-' || lpad(i::text, 6, '0'), timestamptz '2026-01-01' + i * interval '10 minutes',
                (ARRAY['moi','dang-xu-ly','da-tra-loi','da-chuyen','da-dong'])[1 + i % 5], 'land', 'telegram', 'user-' || (i % 5000),
                'phuong-' || (i % 4), 'draft-' || i, ' noi dung ' || i || ' ', '{}'::jsonb
         FROM generate_series(1, 50000) i`,
      );
      await inSchema(store.schema, 'ANALYZE feedback');
      const plan = async (sql: string, values: unknown[] = []) => {
        const rows = await inSchema<{ 'QUERY PLAN': unknown }>(store.schema, `EXPLAIN (FORMAT JSON) ${sql}`, values);
        return JSON.stringify(rows[0]!['QUERY PLAN']);
      };
      const queries: [string, string, unknown[]][] = [
        ['get', 'SELECT record FROM feedback WHERE code = $1', ['PA-000123']],
        ['draft lookup', 'SELECT record FROM feedback WHERE submission_id = $1', ['draft-77']],
        ['citizen count', 'SELECT count(*) FROM feedback WHERE channel = $1 AND user_id = $2 AND created_at >= $3', ['telegram', 'user-7', '2026-06-01T00:00:00Z']],
        ['first page', 'SELECT record FROM feedback ORDER BY created_at DESC, seq DESC LIMIT 20 OFFSET 0', []],
        ['first page by status', 'SELECT record FROM feedback WHERE status = $1 ORDER BY created_at DESC, seq DESC LIMIT 20 OFFSET 0', ['moi']],
        ['first page by ward', 'SELECT record FROM feedback WHERE unit = $1 ORDER BY created_at DESC, seq DESC LIMIT 20 OFFSET 0', ['phuong-1']],
        ['first page by ward and status', 'SELECT record FROM feedback WHERE unit = $1 AND status = $2 ORDER BY created_at DESC, seq DESC LIMIT 20 OFFSET 0', ['phuong-1', 'moi']],
        ['first page of a month', 'SELECT record FROM feedback WHERE created_at >= $1 AND created_at <= $2 ORDER BY created_at DESC, seq DESC LIMIT 20', ['2026-03-01T00:00:00Z', '2026-03-31T23:59:59Z']],
      ];
      for (const [what, sql, values] of queries) {
        const shown = await plan(sql, values);
        expect(shown, what).not.toContain('Seq Scan');
        expect(shown, what).not.toContain('"Node Type":"Sort"');
      }
      // And the store's own queries find what was loaded.
      expect((await store.feedback.page({ unit: 'phuong-1', status: 'moi' }, 0, 20)).total).toBe(2500);
      expect(await store.feedback.countFrom({ channel: 'telegram', userId: 'user-7' }, new Date('2026-01-01T00:00:00Z'))).toBe(10);
    });
  });
});
