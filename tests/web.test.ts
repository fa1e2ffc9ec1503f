// The web chat and the staff workspace in a real browser (Debian's Chromium through
// playwright-core), against the real server: a citizen asks and sends feedback, staff log
// in, answer it and change its status, and the citizen sees both in the open page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { PROJECT_ROOT } from '../src/app/paths.ts';
import { hasChromium, launchBrowser } from './helpers/browser.ts';
import { openWebHarness, type WebHarness } from './helpers/web-harness.ts';
import { docxDocumentXml } from './helpers/docx.ts';

const SHOTS = join(PROJECT_ROOT, 'test-results', 'screenshots');
const PHONE = { width: 390, height: 844 };
const ADMIN = { username: 'canbo.noivu', password: 'mat-khau-that-dai-2026' };
const XSS = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';

let h: WebHarness;
let browser: Browser;

async function botText(page: Page): Promise<string> {
  return (await page.getByTestId('bot-message').allInnerTexts()).join('\n---\n');
}

async function say(page: Page, text: string): Promise<void> {
  const before = await page.getByTestId('bot-message').count();
  await page.getByTestId('chat-input').fill(text);
  await page.getByTestId('chat-send').click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="bot-message"]').length > n, before);
}

/** Waits (up to vitest's poll timeout) for a locator's text to contain a string. */
async function expectText(locator: Locator, text: string): Promise<void> {
  await expect.poll(async () => (await locator.allInnerTexts()).join('\n')).toContain(text);
}

async function login(page: Page, username: string, password: string): Promise<void> {
  await page.goto(`${h.url}/staff`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

describe.skipIf(!hasChromium)('web chat and staff workspace in a browser', () => {
  beforeAll(async () => {
    h = await openWebHarness();
    mkdirSync(SHOTS, { recursive: true });
    // The account is made with the CLI, reading its password as one line of stdin.
    const add = spawnSync('npm', ['run', '-s', 'cli', '--', 'staff', 'add', ADMIN.username, '--role', 'admin'], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      input: `${ADMIN.password}\nthis second line is not read\n`,
      env: { ...process.env, TTHC_DATA_DIR: h.dataDir },
    });
    expect(add.status, add.stderr).toBe(0);
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  let code = '';
  let citizen: Page;

  it('lets a citizen ask and send feedback on a phone, without horizontal scrolling', async () => {
    const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, locale: 'vi-VN' });
    citizen = await context.newPage();
    await citizen.goto(h.url);
    await expect.poll(() => citizen.getByTestId('bot-message').count()).toBeGreaterThan(0);
    expect(await citizen.locator('meta[name="viewport"]').getAttribute('content')).toContain('width=device-width');
    expect(await citizen.getByLabel('Câu hỏi của bạn').count()).toBe(1);

    await say(citizen, 'đăng ký khai sinh cho con cần giấy tờ gì');
    expect(await botText(citizen)).toMatch(/KHAI SINH/i);
    expect(await citizen.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);

    // A button the bot offered, pressed.
    const before = await citizen.getByTestId('bot-message').count();
    await citizen.getByTestId('bot-button').filter({ hasText: 'Xem đầy đủ' }).last().click();
    await expect.poll(() => citizen.getByTestId('bot-message').count()).toBeGreaterThan(before);

    await say(citizen, '/phananh');
    await say(citizen, `Đèn đường tổ 7 hỏng đã hai tuần ${XSS}`);
    await say(citizen, 'đồng ý');
    await say(citizen, 'Nguyễn Thị Lan');
    await say(citizen, '0912 345 678');
    await say(citizen, 'gửi');
    code = /PA-[A-Z0-9]{6}/.exec(await botText(citizen))![0];
    expect(await citizen.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await citizen.screenshot({ path: join(SHOTS, 'chat-phone.png'), fullPage: false });
  });

  it('refuses a wrong password, then logs staff in to an inbox that lists the feedback', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await login(page, ADMIN.username, 'sai-mat-khau-roi');
    await expectText(page.getByRole('alert'), 'không đúng');
    await login(page, ADMIN.username, ADMIN.password);
    const row = page.locator(`[data-testid="inbox-row"][data-code="${code}"]`);
    await expect.poll(() => row.count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'staff-inbox.png'), fullPage: true });

    await row.getByRole('link', { name: code }).click();
    // Citizen text is shown as text: the injected tags are not elements of the page.
    await expectText(page.locator('.content'), '<img src=x');
    expect(await page.locator('.content img, .content script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await expectText(page.locator('.record'), 'Nguyễn Thị Lan');

    await page.getByTestId('answer-input').fill('Phường đã cử công nhân thay bóng đèn tổ 7 ngày 02/12.');
    await page.getByTestId('answer-submit').click();
    await expectText(page.getByRole('status'), 'Đã lưu câu trả lời');
    await page.getByTestId('status-select').selectOption('da-dong');
    await page.getByTestId('status-submit').click();
    await expectText(page.getByRole('status'), 'Đã đổi trạng thái');
    const record = await h.bot.feedback.get(code);
    expect(record).toMatchObject({ status: 'da-dong', answer: { by: `web:${ADMIN.username}` } });
    expect(record!.history.map((x) => [x.status, x.by])).toEqual([
      ['moi', 'nguoi-dan'],
      ['da-tra-loi', `web:${ADMIN.username}`],
      ['da-dong', `web:${ADMIN.username}`],
    ]);
  });

  it('shows the staff answer and the status change in the citizen\'s open page, without a reload', async () => {
    await expect.poll(async () => await botText(citizen), { timeout: 15_000 }).toMatch(/thay bóng đèn tổ 7/);
    await expect.poll(async () => await botText(citizen), { timeout: 15_000 }).toMatch(/đã đóng/);
    await citizen.screenshot({ path: join(SHOTS, 'chat-phone-answered.png') });
  });

  it('refuses a state change without the CSRF token, or from another origin, and changes nothing', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await login(page, ADMIN.username, ADMIN.password);
    const before = await h.bot.feedback.get(code);
    const noToken = await page.request.post(`${h.url}/staff/feedback/${code}/status`, { form: { status: 'dang-xu-ly' }, headers: { Origin: h.url } });
    expect(noToken.status()).toBe(403);
    const token = await page.locator('input[name="_csrf"]').first().inputValue();
    const foreign = await page.request.post(`${h.url}/staff/feedback/${code}/status`, { form: { status: 'dang-xu-ly', _csrf: token }, headers: { Origin: 'https://attacker.example' } });
    expect(foreign.status()).toBe(403);
    expect(await h.bot.feedback.get(code)).toEqual(before);
    // With both, the same request goes through.
    const good = await page.request.post(`${h.url}/staff/feedback/${code}/status`, { form: { status: 'dang-xu-ly', _csrf: token }, headers: { Origin: h.url }, maxRedirects: 0 });
    expect(good.status()).toBe(303);
  });

  it('locks an account for 15 minutes after 10 failed logins', async () => {
    await h.bot.accounts.add('canbo.thu', 'mat-khau-cua-thu-2026');
    const page = await (await browser.newContext()).newPage();
    for (let i = 0; i < 10; i++) await login(page, 'canbo.thu', `sai-${i}-mat-khau`);
    await expectText(page.getByRole('alert'), 'tạm khóa');
    await login(page, 'canbo.thu', 'mat-khau-cua-thu-2026');
    await expectText(page.getByRole('alert'), 'tạm khóa');
    expect(await page.getByTestId('inbox-row').count()).toBe(0);
  });

  it('sets the staff cookie HttpOnly and SameSite=Strict, and sends a Content-Security-Policy', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`${h.url}/staff`);
    expect(response!.headers()['content-security-policy']).toMatch(/script-src 'self'/);
    expect(response!.headers()['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    await page.getByTestId('login-username').fill(ADMIN.username);
    await page.getByTestId('login-password').fill(ADMIN.password);
    await page.getByTestId('login-submit').click();
    const session = (await context.cookies()).find((c) => c.name === 'tthc_staff')!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
  });

  it('groups unanswered questions and lets an admin add one to the knowledge, which the bot then uses', async () => {
    const asker = await (await browser.newContext({ viewport: PHONE })).newPage();
    await asker.goto(h.url);
    await expect.poll(() => asker.getByTestId('bot-message').count()).toBeGreaterThan(0);
    await say(asker, 'bìa hồng bị chuột cắn nát làm lại được không');
    const page = await (await browser.newContext()).newPage();
    await login(page, ADMIN.username, ADMIN.password);
    await page.goto(`${h.url}/staff/unanswered`);
    const row = page.getByTestId('unanswered-row').filter({ hasText: 'chuột cắn nát' });
    await expect.poll(() => row.count()).toBe(1);
    await row.locator('input[name="otherEntryId"]').fill('land.renew-certificate');
    await row.getByRole('button', { name: 'Thêm vào kiến thức' }).click();
    await expectText(page.getByRole('status'), 'Đã thêm');
    expect(readFileSync(join(h.knowledgeDir, 'land.json'), 'utf8')).toContain('bìa hồng bị chuột cắn nát làm lại được không');
    const now = await h.bot.conversation.respond({ channel: 'web', userId: 'later', chatId: 'later', input: { kind: 'text', text: 'bìa hồng bị chuột cắn nát làm lại được không' } });
    expect(now.answered).toBe('land.renew-certificate');
  });

  it('shows the quarterly report with charts, and downloads CSV and a signed-report DOCX without personal data', async () => {
    const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
    await login(page, ADMIN.username, ADMIN.password);
    await page.goto(`${h.url}/staff/report`);
    await expect.poll(() => page.evaluate(() => [...document.querySelectorAll('canvas')].filter((c) => c.width > 0).length)).toBe(5);
    await page.screenshot({ path: join(SHOTS, 'staff-report.png'), fullPage: true });
    for (const [id, ext] of [['report-download-csv', 'csv'], ['report-download-docx', 'docx']] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(id).click()]);
      const path = join(SHOTS, `report.${ext}`);
      await download.saveAs(path);
      const bytes = readFileSync(path);
      const text = ext === 'csv' ? bytes.toString('utf8') : docxDocumentXml(bytes);
      expect(text).not.toMatch(/Nguyễn Thị Lan|0912|345 678/);
      if (ext === 'csv') expect(text.charCodeAt(0)).toBe(0xfeff);
      else expect(text).toMatch(/CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM[\s\S]*Độc lập - Tự do - Hạnh phúc[\s\S]*BÁO CÁO[\s\S]*Nơi nhận:/);
    }
  });

  it('shows a button that opens the chat in a frame, with one script tag on another origin', async () => {
    const host = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="vi"><body><h1>Phường B'Lao</h1><script src="${h.url}/embed.js" defer></script></body></html>`);
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    try {
      const page = await (await browser.newContext({ viewport: PHONE })).newPage();
      await page.goto(`http://127.0.0.1:${(host.address() as AddressInfo).port}/`);
      await page.getByRole('button', { name: 'Hỏi đáp thủ tục' }).click();
      const chat = page.frameLocator('iframe[title="Hỏi đáp thủ tục"]');
      await expect.poll(() => chat.getByTestId('bot-message').count()).toBeGreaterThan(0);
      await chat.getByTestId('chat-input').fill('giờ làm việc của phường');
      await chat.getByTestId('chat-send').click();
      await expect.poll(async () => (await chat.getByTestId('bot-message').allInnerTexts()).at(-1)).toMatch(/Giờ làm việc/);
      await page.screenshot({ path: join(SHOTS, 'embed-phone.png') });
    } finally {
      await new Promise((r) => host.close(r));
    }
  });
});
