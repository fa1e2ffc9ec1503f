// The lowdb feedback repository on real files in temp dirs: what is particular to its files
// (quarters, backups, damage, failed writes, one owner per folder). What every store does
// (codes, drafts filed once, transitions, filters, pages) is checked for lowdb and PostgreSQL
// alike in tests/contracts/feedback-repository.contract.ts.
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataFileCorruptError } from '../src/storage/lowdb/json-document.ts';
import { openFeedbackRepository, type LowdbFeedbackRepository } from '../src/storage/lowdb/feedback-repository.ts';
import { CODE_ALPHABET } from '../src/feedback/tracking-code.ts';
import { removeTempDataDirs, sampleFeedback, sampleQuestion, tempDataDir } from './helpers/feedback-fixtures.ts';

const CODE = new RegExp(`^PA-[${CODE_ALPHABET}]{6}$`);

/** A clock that reads `times` in turn, then keeps reading the last one. */
function clock(...times: string[]): () => Date {
  let i = 0;
  return () => new Date(times[Math.min(i++, times.length - 1)]!);
}

const open: LowdbFeedbackRepository[] = [];
async function openRepo(dir: string, options?: Parameters<typeof openFeedbackRepository>[1]) {
  const repo = await openFeedbackRepository(dir, options);
  open.push(repo);
  return repo;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});
afterAll(removeTempDataDirs);

const fileRecords = (path: string) => JSON.parse(readFileSync(path, 'utf8')).records as { code: string; status: string }[];

describe('submit and get', () => {
  it('stores a new record with status "moi", its creation in the history, and a readable code', async () => {
    const dir = tempDataDir();
    const repo = await openRepo(dir, { now: clock('2026-11-02T03:04:05.000Z') });
    const record = await repo.submit(sampleFeedback(1));
    expect(record.code).toMatch(CODE);
    expect(record.code.slice(3)).not.toMatch(/[0O1IL2Z5S8B]/);
    expect(record).toMatchObject({ status: 'moi', createdAt: '2026-11-02T03:04:05.000Z', content: sampleFeedback(1).content });
    expect(record.history).toEqual([{ at: '2026-11-02T03:04:05.000Z', status: 'moi', by: 'nguoi-dan' }]);
    // Resolved means written: the file already holds it.
    expect(fileRecords(join(dir, 'feedback', '2026-Q4.json')).map((r) => r.code)).toEqual([record.code]);
  });

  it('hands out frozen records, so callers cannot change stored data', async () => {
    const repo = await openRepo(tempDataDir());
    const record = await repo.submit(sampleFeedback(1));
    expect(() => Object.assign(record, { status: 'da-dong' })).toThrow(TypeError);
    expect(() => (record.history as unknown[]).push({})).toThrow(TypeError);
    expect((await repo.get(record.code))?.status).toBe('moi');
  });

  it('logs nothing, whatever happens', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m).mockImplementation(() => undefined));
    try {
      const dir = tempDataDir();
      const repo = await openRepo(dir);
      const { code } = await repo.submit(sampleFeedback(1));
      await repo.answer(code, 'Đã chuyển Văn phòng đăng ký đất đai.', 'can-bo-1');
      await expect(repo.setStatus(code, 'moi', 'can-bo-1')).rejects.toThrow();
      await repo.close();
      writeFileSync(join(dir, 'feedback', readdirSync(join(dir, 'feedback')).find((f) => f.endsWith('.json'))!), '{"rec');
      await expect(openFeedbackRepository(dir)).rejects.toThrow(DataFileCorruptError);
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});

describe('quarter files', () => {
  it('files each record under the quarter of its Vietnamese creation date, and rewrites only that file', async () => {
    const dir = tempDataDir();
    // 23:59:59 on 30 September and 00:00 on 1 October in Vietnam.
    const repo = await openRepo(dir, { now: clock('2026-09-30T16:59:59.000Z', '2026-09-30T17:00:00.000Z') });
    const q3 = await repo.submit(sampleFeedback(1));
    const q4 = await repo.submit(sampleFeedback(2));
    const q3File = join(dir, 'feedback', '2026-Q3.json');
    const q4File = join(dir, 'feedback', '2026-Q4.json');
    expect(fileRecords(q3File).map((r) => r.code)).toEqual([q3.code]);
    expect(fileRecords(q4File).map((r) => r.code)).toEqual([q4.code]);

    const q4Before = readFileSync(q4File);
    const q4Modified = statSync(q4File).mtimeMs;
    await repo.setStatus(q3.code, 'dang-xu-ly', 'can-bo-1');
    expect(fileRecords(q3File)[0]!.status).toBe('dang-xu-ly');
    expect(readFileSync(q4File)).toEqual(q4Before);
    expect(statSync(q4File).mtimeMs).toBe(q4Modified);
  });

  it('keeps unanswered questions by quarter too, without fields outside the schema', async () => {
    const dir = tempDataDir();
    const repo = await openRepo(dir);
    await repo.logUnanswered(sampleQuestion('2026-12-31T16:59:00.000Z', 'hỏi cuối năm'));
    await repo.logUnanswered(sampleQuestion('2026-12-31T17:00:00.000Z', 'hỏi đầu năm'));
    await repo.logUnanswered({ ...sampleQuestion('2026-12-01T00:00:00.000Z', 'hỏi tháng 12'), name: 'Trần Thị Lộ' } as never);
    expect(readdirSync(join(dir, 'unanswered')).filter((f) => f.endsWith('.json')).sort()).toEqual(['2026-Q4.json', '2027-Q1.json']);
    expect(readFileSync(join(dir, 'unanswered', '2026-Q4.json'), 'utf8')).not.toContain('Trần Thị Lộ');
    expect((await repo.unanswered()).map((q) => q.query)).toEqual(['hỏi đầu năm', 'hỏi cuối năm', 'hỏi tháng 12']);
    expect((await repo.unanswered({ from: '2027-01-01' })).map((q) => q.query)).toEqual(['hỏi đầu năm']);
    await expect(repo.logUnanswered(sampleQuestion('hôm qua'))).rejects.toThrow(/at: ngày giờ không hợp lệ/);
  });
});

describe('reopening', () => {
  it('reads back exactly what was written, across quarters', async () => {
    const dir = tempDataDir();
    const first = await openFeedbackRepository(dir, { now: clock('2026-06-30T12:00:00.000Z', '2026-07-01T12:00:00.000Z', '2026-07-02T12:00:00.000Z') });
    const a = await first.submit(sampleFeedback(1));
    const b = await first.submit(sampleFeedback(2, { candidates: [{ id: 'land.transfer', score: 0.4 }] }));
    await first.answer(a.code, 'Đã giải quyết.', 'can-bo-1');
    await first.logUnanswered(sampleQuestion('2026-07-03T00:00:00.000Z'));
    const before = { list: await first.list(), unanswered: await first.unanswered() };
    await first.close();

    const second = await openRepo(dir);
    expect(await second.list()).toEqual(before.list);
    expect(await second.unanswered()).toEqual(before.unanswered);
    expect((await second.get(b.code))?.candidates).toEqual([{ id: 'land.transfer', score: 0.4 }]);
    // A code is never given twice, whichever quarter holds it.
    expect(new Set((await second.list()).map((r) => r.code)).size).toBe(2);
  });

  it('allows one open repository per data folder in a process, and no writes once closed', async () => {
    const dir = tempDataDir();
    const repo = await openFeedbackRepository(dir);
    await expect(openFeedbackRepository(dir)).rejects.toThrow(/đã được mở/);
    const pending = repo.submit(sampleFeedback(1));
    await repo.close();
    await expect(pending).resolves.toMatchObject({ status: 'moi' });
    await expect(repo.submit(sampleFeedback(2))).rejects.toThrow('Kho phản ánh đã đóng.');
    const again = await openRepo(dir);
    expect(await again.list()).toHaveLength(1);
  });

  it('refuses to open when one code is stored twice', async () => {
    const dir = tempDataDir();
    const repo = await openFeedbackRepository(dir, { now: clock('2026-05-01T00:00:00.000Z') });
    await repo.submit(sampleFeedback(1));
    await repo.close();
    copyFileSync(join(dir, 'feedback', '2026-Q2.json'), join(dir, 'feedback', '2026-Q3.json'));
    await expect(openFeedbackRepository(dir)).rejects.toThrow(/2026-Q3\.json.*trùng với một phản ánh trong .*2026-Q2\.json/);
  });
});

describe('damaged data files', () => {
  async function withOneRecord() {
    const dir = tempDataDir();
    const repo = await openFeedbackRepository(dir, { now: clock('2026-10-10T00:00:00.000Z') });
    for (let i = 0; i < 3; i++) await repo.submit(sampleFeedback(i));
    await repo.close();
    return { dir, file: join(dir, 'feedback', '2026-Q4.json') };
  }

  const damages: [string, (valid: Buffer) => Buffer | string][] = [
    ['garbage', () => 'ceci n’est pas du JSON \u0000\u0001'],
    ['truncated', (valid) => valid.subarray(0, Math.floor(valid.length / 2))],
    ['empty', () => ''],
    ['valid JSON of the wrong shape', () => JSON.stringify({ records: [{ code: 'PA-ACDEFG', status: 'moi' }] })],
  ];

  it.each(damages)('%s: open throws DataFileCorruptError naming the file and its newest good backup, and the file is left as it was', async (_, damage) => {
    const { dir, file } = await withOneRecord();
    writeFileSync(file, damage(readFileSync(file)));
    const damaged = readFileSync(file);
    const error = await openFeedbackRepository(dir).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(DataFileCorruptError);
    expect((error as DataFileCorruptError).file).toBe(file);
    expect((error as Error).message).toContain(file);
    expect(readFileSync(file)).toEqual(damaged);
    // The clean close took a backup holding all three records, and the message names it.
    const backup = (error as DataFileCorruptError).recovery?.backup;
    expect(backup).toBeDefined();
    expect((error as Error).message).toContain(backup!.path);
    expect(JSON.parse(readFileSync(backup!.path, 'utf8')).records).toHaveLength(3);
  });

  it('does not show record values in the message (they may be personal data)', async () => {
    const { dir, file } = await withOneRecord();
    const data = JSON.parse(readFileSync(file, 'utf8'));
    data.records[1].sender.phone = 912345678; // a number where a string belongs
    writeFileSync(file, JSON.stringify(data));
    const error = (await openFeedbackRepository(dir).catch((err: unknown) => err)) as Error;
    expect(error.message).toContain('records.1.sender.phone');
    expect(error.message).not.toContain('912345678');
    expect(error.message).not.toContain('Nguyễn');
  });

  it('backs up on writes and at a clean close, not when only reading, and a restored backup opens', async () => {
    const { dir, file } = await withOneRecord();
    const backups = join(dir, 'feedback', 'backups');
    const before = readdirSync(backups);
    const copy = before.at(-1);
    expect(copy).toMatch(/^2026-Q4\..*\.json$/);
    // The copy taken at close holds everything written before it.
    expect(readFileSync(join(backups, copy!))).toEqual(readFileSync(file));
    // Opening and reading (a staff "feedback list") neither adds a copy nor rotates one away.
    const reader = await openFeedbackRepository(dir);
    reader.list();
    await reader.close();
    expect(readdirSync(backups)).toEqual(before);

    writeFileSync(file, '{"records": [');
    await expect(openFeedbackRepository(dir)).rejects.toThrow(DataFileCorruptError);
    copyFileSync(join(backups, copy!), file);
    expect(await (await openRepo(dir)).list()).toHaveLength(3);
  });
});

describe('failed writes', () => {
  it('leave memory as the file is: a rejected submit or change is not seen, nor written later', async () => {
    const dir = tempDataDir();
    const repo = await openRepo(dir, { now: clock('2026-10-10T00:00:00.000Z') });
    const kept = await repo.submit(sampleFeedback(1));
    const file = join(dir, 'feedback', '2026-Q4.json');
    // A folder where the file should be: the rename that completes a write fails.
    rmSync(file);
    mkdirSync(file);
    const results = await Promise.allSettled([repo.submit(sampleFeedback(2)), repo.setStatus(kept.code, 'da-dong', 'x')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((await repo.list()).map((r) => [r.code, r.status])).toEqual([[kept.code, 'moi']]);

    rmSync(file, { recursive: true });
    const later = await repo.submit(sampleFeedback(3));
    expect(fileRecords(file).map((r) => [r.code, r.status])).toEqual([
      [kept.code, 'moi'],
      [later.code, 'moi'],
    ]);
  });
});

describe('1,000 concurrent submissions', () => {
  it('are all stored, under unique codes, and all there after reopening', async () => {
    const dir = tempDataDir();
    const repo = await openFeedbackRepository(dir);
    const started = performance.now();
    const records = await Promise.all(Array.from({ length: 1000 }, (_, i) => repo.submit(sampleFeedback(i))));
    const ms = performance.now() - started;
    await repo.close();
    const codes = records.map((r) => r.code);
    expect(new Set(codes).size).toBe(1000);

    const reopened = await openRepo(dir);
    const stored = (await reopened.list());
    expect(stored).toHaveLength(1000);
    for (const code of codes) expect((await reopened.get(code))?.code).toBe(code);
    expect(new Set(stored.map((r) => r.content))).toEqual(new Set(records.map((r) => r.content)));
    console.info(`1,000 concurrent submissions: ${ms.toFixed(0)} ms, ${new Set(codes).size} unique codes, ${stored.length} found after reopening`);
  });
});
