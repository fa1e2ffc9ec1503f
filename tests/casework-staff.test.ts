// Casework for staff outside the browser: the officer links their own chat with `staff
// link` and is told there when a record is given to them (not when given to someone else,
// nor one of another ward); photos kept beside the data are owner-only.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openBot, type Bot } from '../src/app/open-bot.ts';
import { DEFAULT_KNOWLEDGE_DIR, PROJECT_ROOT } from '../src/app/paths.ts';
import { assignFeedback } from '../src/feedback/assignment.ts';
import { prepareImage } from '../src/feedback/attachments.ts';
import { sampleFeedback } from './helpers/feedback-fixtures.ts';
import { photoWithGps } from './helpers/images.ts';

const opened: Bot[] = [];
afterEach(async () => {
  for (const bot of opened.splice(0)) await bot.close();
});

const cli = (args: string[], env: Record<string, string>) =>
  spawnSync('npm', ['run', '-s', 'cli', '--', ...args], { cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...process.env, ...env } });

describe('assignment', () => {
  it('tells the officer in their linked chat, once, and refuses an officer of another ward', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tthc-assign-'));
    const setup = await openBot({ TTHC_KNOWLEDGE_DIRS: [DEFAULT_KNOWLEDGE_DIR], TTHC_DATA_DIR: dataDir });
    await setup.accounts.add('canbo.an', 'mat-khau-cua-an-2027');
    await setup.accounts.add('canbo.binh', 'mat-khau-cua-binh-2027');
    await setup.accounts.add('canbo.xa', 'mat-khau-cua-xa-2027', 'staff', 'xa-khac');
    await setup.close();
    const linked = cli(['staff', 'link', 'canbo.an', '--telegram', '70123'], { TTHC_DATA_DIR: dataDir });
    expect(linked.status, linked.stderr).toBe(0);
    expect(linked.stdout).toMatch(/Đã liên kết canbo\.an với chat telegram 70123/);
    expect(cli(['staff', 'link', 'canbo.an'], { TTHC_DATA_DIR: dataDir }).stderr).toMatch(/Chọn đúng một trong/);
    expect(cli(['staff', 'list'], { TTHC_DATA_DIR: dataDir }).stdout).toMatch(/canbo\.an.*chat telegram 70123/);

    const bot = await openBot({ TTHC_KNOWLEDGE_DIRS: [DEFAULT_KNOWLEDGE_DIR], TTHC_DATA_DIR: dataDir, TTHC_TODAY: '2027-02-03' });
    opened.push(bot);
    const officers = await bot.accounts.list();
    const record = await bot.feedback.submit(sampleFeedback(1, { due: '2027-02-24' }));
    await assignFeedback(bot.feedback, bot.outbox, officers, record.code, 'canbo.binh', 'web:truong');
    await assignFeedback(bot.feedback, bot.outbox, officers, record.code, 'canbo.an', 'web:truong');
    await expect(assignFeedback(bot.feedback, bot.outbox, officers, record.code, 'canbo.xa', 'web:truong')).rejects.toThrow(/không phải cán bộ của phường, xã/);
    const told = (await bot.outbox.pending()).filter((m) => m.kind === 'assignment');
    expect(told).toHaveLength(1);
    const message = (await bot.store.outbox('notifications').pending()).find((m) => m.kind === 'assignment')!;
    expect(message.to).toMatchObject({ channel: 'telegram', chatId: '70123' });
    expect(message.text).toMatch(new RegExp(`Bạn được giao xử lý kiến nghị ${record.code} \\(hạn 24/02/2027\\)`));
    expect(message.text).toContain('Người giao: truong');
    expect(message.text).not.toContain(sampleFeedback(1).sender.phone!);
    const history = (await bot.feedback.get(record.code))!.history.filter((h) => h.action === 'assign');
    expect(history.map((h) => [h.value, h.previous, h.by])).toEqual([
      ['canbo.binh', undefined, 'web:truong'],
      ['canbo.an', 'canbo.binh', 'web:truong'],
    ]);
  }, 60_000);
});

describe('photos beside the data folder', () => {
  it('are owner-only files in an owner-only folder', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tthc-photos-'));
    const bot = await openBot({ TTHC_KNOWLEDGE_DIRS: [DEFAULT_KNOWLEDGE_DIR], TTHC_DATA_DIR: dataDir });
    opened.push(bot);
    const prepared = await prepareImage(await photoWithGps(200, 150));
    if (!prepared.ok) throw new Error(prepared.reason);
    await bot.store.attachments.put(prepared.ref, prepared.data, new Date());
    const dir = join(dataDir, 'attachments');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const files = readdirSync(dir);
    expect(files).toEqual([`${prepared.ref.id}.jpg`]);
    expect(statSync(join(dir, files[0]!)).mode & 0o777).toBe(0o600);
  });
});
