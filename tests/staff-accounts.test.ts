// The staff workspace's accounts from outside, over real HTTP against the real server of
// a deployment serving several wards: logging out ends the session on the server, a login
// tells nothing of which names exist, an account name tried in one ward tells nothing of
// another's, and guessable passwords are refused on the web and in the CLI.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/app/paths.ts';
import { MAX_FAILED_LOGINS } from '../src/staff/accounts.ts';
import { openWebHarness, type WebHarness } from './helpers/web-harness.ts';
import { cookieClient, staffClient } from './helpers/web-clients.ts';

let h: WebHarness;
let code = '';

beforeAll(async () => {
  h = await openWebHarness({ province: true });
  await h.bot.accounts.add('tinh.admin', 'mat-khau-cua-tinh-2026', 'admin');
  await h.bot.accounts.add('blao.canbo', 'mat-khau-b-lao-2026', 'staff', 'phuong-b-lao');
  await h.bot.accounts.add('baoloc1.admin', 'cay-bang-truoc-ngo-1975', 'admin', 'phuong-1-bao-loc');
  const say = (text: string) => h.bot.conversation.handle({ channel: 'web', userId: 'c1', chatId: 'c1', input: { kind: 'text', text } });
  for (const text of ["phường B'Lao", '/phananh', 'Đèn đường tổ 3 hỏng đã một tuần', 'đồng ý', 'Trần Thị Hoa', '0905 123 456']) await say(text);
  code = /PA-[A-Z0-9]{6}/.exec(JSON.stringify(await say('gửi')))![0];
}, 60_000);
afterAll(() => h.close());

describe('logging out', () => {
  it('ends the session on the server: a copy of the cookie saved before opens nothing and changes nothing', async () => {
    const staff = await staffClient(h.url, 'blao.canbo', 'mat-khau-b-lao-2026');
    expect(staff.loginStatus).toBe(303);
    expect(await (await staff.get(`/staff/feedback/${code}`)).text()).toContain('0905');
    const saved = new Map(staff.client.jar);
    const token = /name="_csrf" value="([^"]+)"/.exec(await (await staff.get('/staff')).text())![1]!;

    const out = await staff.post('/staff/logout', {});
    expect(out.status).toBe(303);

    const thief = cookieClient(h.url);
    for (const [k, v] of saved) thief.jar.set(k, v);
    const page = await thief.request(`/staff/feedback/${code}`);
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/staff');
    expect(await page.text()).not.toContain('0905');
    const change = await thief.request(`/staff/feedback/${code}/status`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ status: 'dang-xu-ly', _csrf: token }).toString(),
    });
    expect(change.status).toBe(403);
    expect((await h.bot.feedback.get(code))!.status).toBe('moi');

    // Logging in again works, and the other sessions of the account were not ended.
    expect((await staffClient(h.url, 'blao.canbo', 'mat-khau-b-lao-2026')).loginStatus).toBe(303);
  });
});

describe('logins', () => {
  const attempt = async (username: string, password: string) => {
    const client = cookieClient(h.url);
    const form = await (await client.request('/staff')).text();
    const started = performance.now();
    const response = await client.request('/staff/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username, password, _csrf: /name="_csrf" value="([^"]+)"/.exec(form)![1]! }).toString(),
    });
    const body = await response.text();
    const ms = performance.now() - started;
    const alert = /role="alert"[^>]*>([^<]*)</.exec(body)?.[1] ?? '';
    return { status: response.status, alert: alert.replace(/\d\d\/\d\d\/\d{4} \d\d:\d\d/, 'TIME'), ms };
  };

  it('answer a name nobody has exactly as a real one, before and after the lock, and as slowly', async () => {
    await h.bot.accounts.add('that.co.that', 'hoa-mai-no-som-ben-song', 'staff', 'phuong-b-lao');
    const real: Awaited<ReturnType<typeof attempt>>[] = [];
    const fake: Awaited<ReturnType<typeof attempt>>[] = [];
    for (let i = 0; i < MAX_FAILED_LOGINS + 5; i++) {
      real.push(await attempt('that.co.that', `sai-mat-khau-${i}`));
      fake.push(await attempt('khong.ai.co', `sai-mat-khau-${i}`));
    }
    expect(fake.map(({ status, alert }) => [status, alert])).toEqual(real.map(({ status, alert }) => [status, alert]));
    expect(real[MAX_FAILED_LOGINS - 2]!.status).toBe(401);
    expect(real[MAX_FAILED_LOGINS - 1]).toMatchObject({ status: 423, alert: expect.stringContaining('tạm khóa') });
    // While locked, the password is still checked for both: the answer takes as long (medians, interleaved).
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const lockedReal = median(real.slice(MAX_FAILED_LOGINS).map((r) => r.ms));
    const lockedFake = median(fake.slice(MAX_FAILED_LOGINS).map((r) => r.ms));
    const unlocked = median(fake.slice(0, MAX_FAILED_LOGINS - 1).map((r) => r.ms));
    expect(lockedReal).toBeGreaterThan(unlocked * 0.3);
    expect(lockedFake).toBeGreaterThan(unlocked * 0.3);
  }, 120_000);
});

describe('accounts made by a ward administrator', () => {
  it('never tell that another ward has an account of that name', async () => {
    const admin = await staffClient(h.url, 'baoloc1.admin', 'cay-bang-truoc-ngo-1975');
    expect(admin.loginStatus).toBe(303);
    const add = async (username: string) => {
      const response = await admin.post('/staff/accounts/add', { username, password: 'ca-phe-sua-da-ben-ho-xuan-huong', role: 'staff' }, '/staff/accounts');
      return { status: response.status, location: response.headers.get('location'), body: await response.text() };
    };
    const taken = await add('blao.canbo'); // another ward's
    const free = await add('chua.ai.dung');
    expect(taken).toEqual(free);
    expect(taken.body).not.toMatch(/Đã có tài khoản/);
    const names = (await h.bot.accounts.list()).map((a) => [a.username, a.unit]);
    expect(names).toContainEqual(['blao.canbo@phuong-1-bao-loc', 'phuong-1-bao-loc']);
    expect(names).toContainEqual(['blao.canbo', 'phuong-b-lao']);
    // The new account logs in under the name the page lists.
    expect(await (await admin.get('/staff/accounts')).text()).toContain('chua.ai.dung@phuong-1-bao-loc');
    expect((await staffClient(h.url, 'chua.ai.dung@phuong-1-bao-loc', 'ca-phe-sua-da-ben-ho-xuan-huong')).loginStatus).toBe(303);
    // Another ward's account cannot be reached by its name either.
    await h.bot.accounts.add('blao.ketoan', 'nui-lang-biang-mua-suong', 'staff', 'phuong-b-lao');
    const reset = await admin.post('/staff/accounts/password', { username: 'blao.ketoan', password: 'mot-mat-khau-moi-rat-kho-doan' }, '/staff/accounts');
    expect(reset.status).toBe(400);
    expect(await reset.text()).toMatch(/Không có tài khoản &quot;blao.ketoan&quot; trong đơn vị của bạn|Không có tài khoản "blao.ketoan" trong đơn vị của bạn/);
    expect((await staffClient(h.url, 'blao.ketoan', 'nui-lang-biang-mua-suong')).loginStatus).toBe(303);
  });
});

describe('passwords', () => {
  const WEAK = [' '.repeat(10), 'aaaaaaaaaa', '1234567890', 'tinh.admintinh.admin', 'matkhau123', 'qwertyuiop12'];

  it('refuses guessable ones on the web, saying why in Vietnamese, and takes a strong one', async () => {
    const admin = await staffClient(h.url, 'tinh.admin', 'mat-khau-cua-tinh-2026');
    for (const password of WEAK) {
      const response = await admin.post('/staff/accounts/add', { username: 'moi.vao', password, role: 'staff' }, '/staff/accounts');
      expect(response.status, JSON.stringify(password)).toBe(400);
      expect(await response.text()).toMatch(/Mật khẩu (quá dễ đoán|cần ít nhất)/);
    }
    expect(await h.bot.accounts.get('moi.vao')).toBeUndefined();
    const weakReset = await admin.post('/staff/accounts/password', { username: 'tinh.admin', password: 'tinh.admintinh.admin' }, '/staff/accounts');
    expect(weakReset.status).toBe(400);
    expect(await weakReset.text()).toMatch(/quá dễ đoán.*(tên đăng nhập|dễ đoán)/s);
    const good = await admin.post('/staff/accounts/add', { username: 'moi.vao', password: 'gio-nam-thoi-qua-doi-thong', role: 'staff' }, '/staff/accounts');
    expect(good.status).toBe(303);
  });

  it('refuses guessable ones in the CLI too', () => {
    const add = (username: string, password: string) =>
      spawnSync('npm', ['run', '-s', 'cli', '--', 'staff', 'add', username], { cwd: PROJECT_ROOT, encoding: 'utf8', input: `${password}\n`, env: { ...process.env, TTHC_DATA_DIR: h.dataDir } });
    for (const password of ['aaaaaaaaaa', '1234567890', 'canbo.xacanbo.xa']) {
      const run = add('canbo.xa', password);
      expect(run.status, password).toBe(1);
      expect(run.stderr).toMatch(/Mật khẩu quá dễ đoán/);
    }
    const ok = add('canbo.xa', 'suong-mu-tren-doi-che-cau-dat');
    expect(ok.status, ok.stderr).toBe(0);
  }, 60_000);
});
