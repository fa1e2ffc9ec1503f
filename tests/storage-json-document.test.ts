// JsonDocument on real files: queued changes, group commit, undo on a failed write, backups.
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { JsonDocument } from '../src/storage/json-document.ts';
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
  it('keeps one copy per distinct content, at most keepBackups of them', async () => {
    const dir = tempDataDir();
    const path = join(dir, 'doc.json');
    const backups = () => readdirSync(join(dir, 'backups')).sort();
    writeFileSync(path, JSON.stringify({ n: 1 }));
    await JsonDocument.open(path, { n: 0 }, { keepBackups: 2 });
    await JsonDocument.open(path, { n: 0 }, { keepBackups: 2 });
    expect(backups()).toHaveLength(1); // unchanged: no second copy pushing older ones out

    for (const n of [2, 3]) {
      const doc = await JsonDocument.open(path, { n: 0 }, { keepBackups: 2 });
      await doc.update((data) => void (data.n = n));
      await JsonDocument.open(path, { n: 0 }, { keepBackups: 2 });
    }
    expect(backups().map((f) => read(join(dir, 'backups', f)).n)).toEqual([2, 3]);
  });
});

describe('corrupt data file message', () => {
  it('locates the damage without quoting the file, which may hold personal data', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { JsonDocument, DataFileCorruptError } = await import('../src/storage/json-document.ts');
    const path = join(mkdtempSync(join(tmpdir(), 'tthc-doc-')), 'feedback.json');
    writeFileSync(path, '{"records": [{"name": "Nguyễn Văn An", "phone": "0912345678"}\n');
    const error = await JsonDocument.open(path, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataFileCorruptError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toMatch(/dòng 2, cột \d+/);
    expect((error as Error).message).not.toMatch(/Nguyễn|0912345678/);
  });
});
