// JsonDocument on real files: queued changes, group commit, undo on a failed write, backups.
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { DataFileCorruptError, JsonDocument } from '../src/storage/lowdb/json-document.ts';
import { removeTempDataDirs, tempDataDir } from './helpers/feedback-fixtures.ts';

afterAll(removeTempDataDirs);
afterEach(() => void vi.restoreAllMocks());

const read = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

describe('update', () => {
  it('applies concurrent changes in call order, resolves each with its result once written, and writes them together', async () => {
    const path = join(tempDataDir(), 'list.json');
    const doc = await JsonDocument.open(path, { items: [] as number[] });
    const writes = vi.spyOn(Low.prototype, 'write');
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        doc.update((data) => {
          data.items.push(i);
          return data.items.length;
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(read(path).items).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(writes.mock.calls.length).toBeLessThanOrEqual(2);
  });

  it('rejects only the caller whose change throws', async () => {
    const path = join(tempDataDir(), 'list.json');
    const doc = await JsonDocument.open(path, { items: [] as string[] });
    const results = await Promise.allSettled([
      doc.update((data) => void data.items.push('a')),
      doc.update(() => {
        throw new Error('không hợp lệ');
      }),
      doc.update(async (data) => void data.items.push('c')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(read(path).items).toEqual(['a', 'c']);
    await doc.update((data) => void data.items.push('d'));
    expect(read(path).items).toEqual(['a', 'c', 'd']);
  });

  it('undoes every change of a failed write, newest first, and rejects their callers', async () => {
    const path = join(tempDataDir(), 'list.json');
    const doc = await JsonDocument.open(path, { items: ['kept'] });
    await doc.update(() => undefined);
    rmSync(path);
    mkdirSync(path); // the rename that completes the write fails
    const undone: string[] = [];
    const change = (item: string) =>
      doc.update(
        (data) => void data.items.push(item),
        (data) => {
          undone.push(item);
          expect(data.items.pop()).toBe(item);
        },
      );
    const results = await Promise.allSettled([change('x'), change('y')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(undone).toEqual(['y', 'x']);
    expect(doc.data.items).toEqual(['kept']);
    rmSync(path, { recursive: true });
    await doc.update((data) => void data.items.push('z'));
    expect(read(path).items).toEqual(['kept', 'z']);
  });
});

describe('backups', () => {
  const copies = (dir: string) => (existsSync(join(dir, 'backups')) ? readdirSync(join(dir, 'backups')).sort() : []);

  it('are never taken by opening and reading a file', async () => {
    const dir = tempDataDir();
    const path = join(dir, 'doc.json');
    writeFileSync(path, JSON.stringify({ n: 1 }));
    for (let i = 0; i < 3; i++) await (await JsonDocument.open(path, { n: 0 }, { keepBackups: 2 })).close();
    expect(copies(dir)).toEqual([]);
  });

  it('are taken on a write schedule and at close, and at most keepBackups are kept', async () => {
    const dir = tempDataDir();
    const path = join(dir, 'doc.json');
    // A long interval: the first write is backed up (there is no copy yet), the next ones wait for close.
    const doc = await JsonDocument.open(path, { n: 0 }, { keepBackups: 2, backupEveryMs: 3_600_000 });
    await doc.update((data) => void (data.n = 1));
    await doc.update((data) => void (data.n = 2));
    await doc.update((data) => void (data.n = 3));
    await doc.close();
    expect(copies(dir).map((f) => read(join(dir, 'backups', f)).n)).toEqual([1, 3]);

    // Every write due a copy: the oldest go first.
    const busy = await JsonDocument.open(path, { n: 0 }, { keepBackups: 2, backupEveryMs: 0 });
    for (const n of [4, 5, 6]) {
      await busy.update((data) => void (data.n = n));
      await new Promise((r) => setTimeout(r, 20));
    }
    await busy.close();
    expect(copies(dir).map((f) => read(join(dir, 'backups', f)).n)).toEqual([5, 6]);
  });

  it('are named in the damage message, with what the newest good one lacks', async () => {
    const dir = tempDataDir();
    const path = join(dir, 'doc.json');
    const doc = await JsonDocument.open(path, { n: 0 }, { backupEveryMs: 3_600_000 });
    await doc.update((data) => void (data.n = 1));
    await doc.close();
    const [good] = copies(dir);
    // A newer copy that is itself damaged is passed over.
    writeFileSync(join(dir, 'backups', 'doc.2999-01-01T00-00-00-000Z.json'), '{"n": ');
    writeFileSync(path, '{"n": 2,');
    const error = (await JsonDocument.open(path, { n: 0 }).catch((e: unknown) => e)) as DataFileCorruptError;
    expect(error).toBeInstanceOf(DataFileCorruptError);
    expect(error.recovery?.backup?.path).toBe(join(dir, 'backups', good!));
    expect(error.message).toContain(join(dir, 'backups', good!));
    expect(error.message).toMatch(/thiếu những gì ghi (từ|sau)/);
  });
});

describe('corrupt data file message', () => {
  it('locates the damage without quoting the file, which may hold personal data', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { JsonDocument, DataFileCorruptError } = await import('../src/storage/lowdb/json-document.ts');
    const path = join(mkdtempSync(join(tmpdir(), 'tthc-doc-')), 'feedback.json');
    writeFileSync(path, '{"records": [{"name": "Nguyễn Văn An", "phone": "0912345678"}\n');
    const error = await JsonDocument.open(path, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataFileCorruptError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toMatch(/dòng 2, cột \d+/);
    expect((error as Error).message).not.toMatch(/Nguyễn|0912345678/);
  });
});
