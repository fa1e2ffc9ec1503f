// A staff command must not write the data folder while the bot runs: the bot would
// overwrite the change with its next write.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { PROJECT_ROOT } from '../src/app/paths.ts';
import { lockDataDir, DataDirBusyError } from '../src/storage/lowdb/data-dir-lock.ts';
import { openHarness } from './helpers/bot-harness.ts';

function cli(args: string[], dataDir: string) {
  return spawnSync('npm', ['run', '-s', 'cli', '--', ...args], { cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...process.env, TTHC_DATA_DIR: dataDir } });
}

describe('data folder lock', () => {
  it('refuses a second writer in the same process', async () => {
    const h = await openHarness();
    await expect(lockDataDir(h.dataDir)).rejects.toBeInstanceOf(DataDirBusyError);
    await h.bot.close();
    const unlock = await lockDataDir(h.dataDir);
    await unlock();
  });

  it('makes a staff command from another process wait for the bot to stop, then lets it through', async () => {
    const h = await openHarness();
    await h.press('fb:start');
    await h.say('Đường vào bộ phận một cửa không có biển chỉ dẫn, người dân khó tìm.');
    await h.say('đồng ý');
    await h.say('Lê Văn Cường');
    await h.say('0987654321');
    const code = /PA-[A-Z0-9]{6}/.exec(h.text(await h.say('gửi')))![0];

    const refused = cli(['feedback', 'status', code, 'dang-xu-ly'], h.dataDir);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/đang được một tiến trình khác/);
    expect((await h.bot.feedback.get(code))?.status).toBe('moi');

    await h.bot.close();
    const accepted = cli(['feedback', 'status', code, 'dang-xu-ly'], h.dataDir);
    expect(accepted.status).toBe(0);
    const reopened = await openHarness(h.dataDir);
    expect((await reopened.bot.feedback.get(code))?.status).toBe('dang-xu-ly');
    await reopened.bot.close();
  });
});
