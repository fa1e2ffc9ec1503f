// Moving a ward's data between stores with the real CLI (`data export`, `data import`):
// from a lowdb folder into PostgreSQL (when TEST_DATABASE_URL is set) and into another
// folder, nothing lost, nothing doubled when imported twice, the file owner-only.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareImage } from '../src/feedback/attachments.ts';
import { photoWithGps } from './helpers/images.ts';
import { openBot } from '../src/app/open-bot.ts';
import { DEFAULT_KNOWLEDGE_DIR, PROJECT_ROOT } from '../src/app/paths.ts';
import { answerFeedback } from '../src/feedback/staff-actions.ts';
import type { BotStore } from '../src/storage/bot-store.ts';
import { openLowdbStore } from '../src/storage/lowdb/open-lowdb-store.ts';
import { sampleFeedback, sampleQuestion } from './helpers/feedback-fixtures.ts';
import { postgresStores, randomSchema, skipWithoutPostgres, TEST_DATABASE_URL } from './helpers/postgres.ts';

function cli(args: string[], env: Record<string, string>, input?: string) {
  const r = spawnSync('npm', ['run', '-s', 'cli', '--', ...args], { cwd: PROJECT_ROOT, encoding: 'utf8', input, env: { ...process.env, DATABASE_URL: '', DATABASE_SCHEMA: '', ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A ward's folder with a bit of everything: feedback (one answered), a question, an account, a message waiting. */
async function wardFolder(): Promise<{ dir: string; codes: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'tthc-move-'));
  const bot = await openBot({ TTHC_KNOWLEDGE_DIRS: [DEFAULT_KNOWLEDGE_DIR], TTHC_DATA_DIR: dir });
  const a = await bot.feedback.submit(sampleFeedback(1));
  const photo = await prepareImage(await photoWithGps(320, 240));
  if (!photo.ok) throw new Error(photo.reason);
  await bot.store.attachments.put(photo.ref, photo.data, new Date());
  const b = await bot.feedback.submit(sampleFeedback(2, { unit: 'phuong-b-lao', attachments: [photo.ref] }));
  // Answered: its message to the citizen waits in the outbox (nothing delivers it here).
  await answerFeedback(bot.feedback, bot.outbox, b.code, 'Phường đã xử lý.', 'web:canbo');
  await bot.feedback.logUnanswered(sampleQuestion(new Date().toISOString(), 'xin giấy phép nuôi ong'));
  await bot.accounts.add('canbo.noivu', 'mat-khau-that-dai-2026', 'admin');
  await bot.close();
  return { dir, codes: [a.code, b.code] };
}

async function contents(store: BotStore) {
  return {
    feedback: await store.feedback.list(),
    unanswered: (await store.feedback.unanswered()).map(({ id, query }) => ({ id, query })),
    accounts: (await store.accounts.list()).map(({ username, role, passwordHash }) => ({ username, role, passwordHash })),
    outbox: (await store.outbox('notifications').pending()).map(({ id, text }) => ({ id, text })),
    photos: await Promise.all((await store.feedback.list()).flatMap((r) => r.attachments ?? []).map(async (a) => (await store.attachments.get(a.id))?.toString('base64'))),
  };
}

const stores = postgresStores();
afterAll(() => stores.cleanup());

describe('data export and import', () => {
  it('moves a ward folder into another folder whole, owner-only, and a second import adds nothing', async () => {
    const { dir } = await wardFolder();
    const file = join(mkdtempSync(join(tmpdir(), 'tthc-dump-')), 'ward.jsonl');
    const exported = cli(['data', 'export', '--out', file], { TTHC_DATA_DIR: dir });
    expect(exported.status, exported.stderr).toBe(0);
    expect(exported.stderr).toMatch(/2 phản ánh, 1 câu hỏi chưa trả lời, 1 tài khoản/);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const target = mkdtempSync(join(tmpdir(), 'tthc-move-to-'));
    const first = cli(['data', 'import', file], { TTHC_DATA_DIR: target });
    expect(first.status, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ store: 'lowdb', imported: { feedback: 2, unanswered: 1, accounts: 1 }, skipped: { feedback: 0 } });
    const again = JSON.parse(cli(['data', 'import', file], { TTHC_DATA_DIR: target }).stdout);
    expect(again.imported).toEqual({ feedback: 0, unanswered: 0, accounts: 0, outbox: 0, attachments: 0 });
    expect(first.stdout).toMatch(/"attachments":1/);

    const from = await openLowdbStore(dir);
    const to = await openLowdbStore(target);
    try {
      expect(await contents(to)).toEqual(await contents(from));
      expect((await contents(to)).outbox.length).toBeGreaterThan(0);
    } finally {
      await from.close();
      await to.close();
    }
  }, 60_000);

  it('refuses a damaged file, saying which line, and imports nothing from it', async () => {
    const target = mkdtempSync(join(tmpdir(), 'tthc-move-to-'));
    const file = join(target, 'bad.jsonl');
    writeFileSync(file, '{"type":"header","format":"tthc-bot-data","version":1,"from":"lowdb","at":"2026-11-30T00:00:00.000Z"}\n{"type":"feedback","record":{"code":"PA-ACDEFG"}}\n');
    const r = cli(['data', 'import', file], { TTHC_DATA_DIR: target });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Dòng 2 không hợp lệ/);
    const store = await openLowdbStore(target);
    try {
      expect(await store.feedback.list()).toEqual([]);
    } finally {
      await store.close();
    }
  }, 30_000);

  describe.skipIf(skipWithoutPostgres())('into PostgreSQL', () => {
    it('moves a ward folder into PostgreSQL whole, and the records read back the same', async () => {
      const { dir, codes } = await wardFolder();
      const dump = cli(['data', 'export'], { TTHC_DATA_DIR: dir });
      expect(dump.status, dump.stderr).toBe(0);
      const schema = randomSchema();
      const env = { DATABASE_URL: TEST_DATABASE_URL!, DATABASE_SCHEMA: schema, TTHC_DATA_DIR: mkdtempSync(join(tmpdir(), 'tthc-unused-')) };
      const imported = cli(['data', 'import', '-'], env, dump.stdout);
      expect(imported.status, imported.stderr).toBe(0);
      expect(JSON.parse(imported.stdout)).toMatchObject({ store: 'postgres', imported: { feedback: 2, unanswered: 1, accounts: 1, attachments: 1 } });

      const pg = await stores.open({ schema });
      const from = await openLowdbStore(dir);
      try {
        expect(await contents(pg)).toEqual(await contents(from));
        expect((await pg.feedback.get(codes[1]!))?.answer?.text).toBe('Phường đã xử lý.');
        // The staff member logs in with the same password.
        expect((await pg.accounts.get('canbo.noivu'))?.role).toBe('admin');
      } finally {
        await from.close();
      }
      expect(JSON.parse(cli(['data', 'import', '-'], env, dump.stdout).stdout).imported).toEqual({ feedback: 0, unanswered: 0, accounts: 0, outbox: 0, attachments: 0 });
    }, 60_000);
  });
});
