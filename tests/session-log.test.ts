// The lowdb session log (sessions.jsonl) on real files: a save appends one line whatever
// the file holds; the log is compacted and read back whole; a line torn by a crash is
// dropped, a damaged one stops the bot; a sessions.json of an earlier version is moved
// in; a writer killed with SIGKILL keeps every save it acknowledged; and a flood of
// cookie-less chat messages over HTTP leaves nothing behind.
import { spawn } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/app/paths.ts';
import type { Session } from '../src/conversation/session.ts';
import { DataFileCorruptError } from '../src/storage/lowdb/json-document.ts';
import { SessionLog } from '../src/storage/lowdb/session-log.ts';
import { openLowdbStore } from '../src/storage/lowdb/open-lowdb-store.ts';
import { removeTempDataDirs, tempDataDir } from './helpers/feedback-fixtures.ts';
import { openWebHarness } from './helpers/web-harness.ts';

afterAll(removeTempDataDirs);

const at = new Date();
const draft = (content: string): Session => ({ flow: { kind: 'feedback', step: 'name', draft: { id: 'd-1', kind: 'phan-anh', content } }, updatedAt: at.toISOString() });
const sizeOf = (path: string) => statSync(path).size;

describe('the session log', () => {
  it('appends one line per save, the same with 5,000 sessions stored as with 10', async () => {
    const path = join(tempDataDir(), 'sessions.jsonl');
    const log = await SessionLog.open(path);
    const growth: number[] = [];
    let stored = 0;
    for (const n of [10, 5_000]) {
      await Promise.all(Array.from({ length: n - stored }, (_, i) => log.save(`web:${stored + i}`, draft(`Đèn đường số ${stored + i} hỏng`), at)));
      stored = n;
      const inode = statSync(path).ino;
      const before = sizeOf(path);
      await log.save('web:probe', draft(`Cống tắc ${n}`), at);
      growth.push(sizeOf(path) - before);
      expect(statSync(path).ino).toBe(inode);
    }
    expect(growth[1]).toBe(growth[0]! + 2); // "5000" is two digits longer than "10"
    expect(growth[0]).toBeLessThan(300);
    await log.close();
  });

  it('compacts itself and reads back every session as last saved', async () => {
    const dir = tempDataDir();
    const path = join(dir, 'sessions.jsonl');
    const log = await SessionLog.open(path);
    for (let round = 0; round < 120; round++) await Promise.all(Array.from({ length: 100 }, (_, i) => log.save(`web:${i}`, draft(`Nội dung lần ${round} của ${i}`), at)));
    const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean).length;
    expect(lines).toBeLessThan(11_000);
    await log.close();
    const again = await SessionLog.open(path);
    expect(again.size).toBe(100);
    expect((await again.get('web:42', at)).flow).toMatchObject({ draft: { content: 'Nội dung lần 119 của 42' } });
    await again.close();
    expect(readdirSync(dir)).toEqual(['sessions.jsonl']);
  });

  it('drops a last line torn by a crash and goes on appending after it; refuses a damaged one elsewhere', async () => {
    const path = join(tempDataDir(), 'sessions.jsonl');
    const log = await SessionLog.open(path);
    await log.save('web:1', draft('Đã lưu trước khi tắt máy'), at);
    await log.close();
    appendFileSync(path, '{"k":"web:2","s":{"flow":{"kind":"fee');
    const again = await SessionLog.open(path);
    expect((await again.get('web:2', at)).flow.kind).toBe('idle');
    await again.save('web:3', draft('Lưu sau khi mở lại'), at);
    await again.close();
    const third = await SessionLog.open(path);
    expect((await third.get('web:1', at)).flow.kind).toBe('feedback');
    expect((await third.get('web:3', at)).flow.kind).toBe('feedback');
    await third.close();

    writeFileSync(path, `not json\n${readFileSync(path, 'utf8')}`);
    await expect(SessionLog.open(path)).rejects.toThrow(DataFileCorruptError);
    await expect(SessionLog.open(path)).rejects.toThrow(/sessions\.jsonl.*dòng 1/);
  });

  it('moves in the sessions.json of an earlier version, a draft included, and removes it', async () => {
    const dir = tempDataDir();
    writeFileSync(join(dir, 'sessions.json'), JSON.stringify({ sessions: { 'telegram:7': draft('Bản nháp từ phiên bản trước'), 'web:blank': { flow: { kind: 'idle' }, updatedAt: at.toISOString() } } }));
    const store = await openLowdbStore(dir);
    expect((await store.sessions.get('telegram:7', at)).flow).toMatchObject({ draft: { content: 'Bản nháp từ phiên bản trước' } });
    await store.close();
    expect(existsSync(join(dir, 'sessions.json'))).toBe(false);
    expect(readFileSync(join(dir, 'sessions.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('keeps every save it acknowledged when killed with SIGKILL in the middle of a burst', async () => {
    const dir = tempDataDir();
    const child = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'tests', 'helpers', 'session-writer.ts'), dir], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const acknowledged: string[] = [];
    let partial = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop()!;
      acknowledged.push(...lines);
      if (acknowledged.length >= 400) child.kill('SIGKILL');
    });
    await new Promise((r) => child.on('close', r));
    expect(acknowledged.length).toBeGreaterThanOrEqual(400);
    const store = await openLowdbStore(dir);
    for (const key of acknowledged) expect((await store.sessions.get(key, new Date())).flow.kind, key).toBe('feedback');
    await store.close();
  }, 60_000);
});

describe('a flood of cookie-less chat messages', () => {
  it('leaves no session and no count behind, and the data folder barely larger', async () => {
    const h = await openWebHarness();
    const folderSize = () => readdirSync(h.dataDir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).reduce((n, d) => n + statSync(join(d.parentPath, d.name)).size, 0);
    const before = folderSize();
    const url = new URL(h.url);
    const send = (from: string) =>
      new Promise<number>((resolve, reject) => {
        const req = httpRequest({ host: url.hostname, port: url.port, path: '/api/chat/message', method: 'POST', localAddress: from, agent: false, headers: { 'Content-Type': 'application/json', Origin: h.url } }, (res) => {
          res.resume().on('end', () => resolve(res.statusCode!));
        });
        req.on('error', reject);
        req.end(JSON.stringify({ text: 'giờ làm việc của phường' }));
      });
    const CLIENTS = 50;
    const EACH = 20;
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        for (let i = 0; i < EACH; i++) expect(await send(`127.0.1.${c + 1}`)).toBe(200);
      }),
    );
    await h.close();
    expect(readFileSync(join(h.dataDir, 'sessions.jsonl'), 'utf8')).toBe('');
    expect(folderSize() - before).toBeLessThan(20_000);
  }, 120_000);
});
