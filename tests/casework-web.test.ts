// Casework in a real browser (Debian's Chromium through playwright-core) against the real
// server, on a fixed day (TTHC_TODAY=2027-02-03, just before Tết 2027): a citizen files a
// feedback from a phone with a photo carrying GPS EXIF and their location; a 50 MB file and
// a PDF renamed .jpg are refused with nothing kept; staff see the deadline counted across
// Tết, the photo with no metadata at all, the place on a map link, assign the record, correct
// its field and answer; the citizen rates the answer with the buttons the bot offers.
import { copyFileSync, readdirSync, existsSync, writeFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { PROJECT_ROOT } from '../src/app/paths.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser } from './helpers/browser.ts';
import { hasMetadata, pdfBytes, photoWithGps } from './helpers/images.ts';
import { openWebHarness, type WebHarness } from './helpers/web-harness.ts';
import { sampleFeedback } from './helpers/feedback-fixtures.ts';

// Screenshots for people to look at: the repo's test-results, and the team's brief folder where there is one.
const SCREENS = join(PROJECT_ROOT, 'test-results', 'screenshots');
const BRIEF_SCREENS = '/work/brief/screens';
async function shoot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.screenshot({ path: join(SCREENS, name), fullPage });
  if (existsSync('/work/brief')) {
    mkdirSync(BRIEF_SCREENS, { recursive: true });
    copyFileSync(join(SCREENS, name), join(BRIEF_SCREENS, name));
  }
}
const PHONE = { width: 390, height: 844 };
const OFFICER = { username: 'canbo.an', password: 'mat-khau-cua-an-2027' };
const OTHER = { username: 'canbo.binh', password: 'mat-khau-cua-binh-2027' };

let h: WebHarness;
let browser: Browser;
let citizen: Page;
let citizenContext: BrowserContext;
let code = '';

const botText = async (page: Page) => (await page.getByTestId('bot-message').allInnerTexts()).join('\n---\n');
const photosKept = () => (existsSync(join(h.dataDir, 'attachments')) ? readdirSync(join(h.dataDir, 'attachments')).length : 0);

async function say(page: Page, text: string): Promise<void> {
  const before = await page.getByTestId('bot-message').count();
  await page.getByTestId('chat-input').fill(text);
  await page.getByTestId('chat-send').click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="bot-message"]').length > n, before);
}

async function attach(page: Page, name: string, mimeType: string, buffer: Buffer): Promise<string> {
  const before = await page.getByTestId('bot-message').count();
  // Playwright passes large files by path only.
  const path = join(mkdtempSync(join(tmpdir(), 'tthc-upload-')), name);
  writeFileSync(path, buffer);
  await page.getByTestId('chat-attach').setInputFiles(path);
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="bot-message"]').length > n, before);
  return (await page.getByTestId('bot-message').last().innerText()).trim();
}

async function login(page: Page, who: { username: string; password: string }): Promise<void> {
  await page.goto(`${h.url}/staff`);
  await page.getByTestId('login-username').fill(who.username);
  await page.getByTestId('login-password').fill(who.password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL(/\/staff/);
}

describe.skipIf(!hasChromium)('casework in a browser', () => {
  beforeAll(async () => {
    h = await openWebHarness({ today: '2027-02-03' });
    await h.bot.accounts.add(OFFICER.username, OFFICER.password, 'admin');
    await h.bot.accounts.add(OTHER.username, OTHER.password);
    browser = await launchBrowser();
    mkdirSync(SCREENS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('takes a photo and the place during a feedback, and refuses a 50 MB file and a PDF renamed .jpg, keeping nothing of them', async () => {
    citizenContext = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, locale: 'vi-VN', geolocation: { latitude: 11.547, longitude: 107.807 }, permissions: ['geolocation'] });
    citizen = await citizenContext.newPage();
    await citizen.goto(h.url);
    await expect.poll(() => citizen.getByTestId('bot-message').count()).toBeGreaterThan(0);
    // The file input takes images and opens the camera on a phone.
    expect(await citizen.getByTestId('chat-attach').getAttribute('accept')).toBe('image/*');
    expect(await citizen.getByTestId('chat-attach').getAttribute('capture')).toBe('environment');

    await say(citizen, '/phananh');
    await say(citizen, 'Tranh chấp ranh giới thửa đất với nhà bên cạnh, họ xây tường lấn sang đất nhà tôi ở tổ 5');
    expect(await attach(citizen, 'duong-hong.jpg', 'image/jpeg', await photoWithGps())).toMatch(/Đã nhận ảnh 1\/5/);
    expect(photosKept()).toBe(1);
    expect(await attach(citizen, 'to-qua.jpg', 'image/jpeg', Buffer.alloc(50 * 1024 * 1024, 0xff))).toMatch(/Ảnh quá lớn: mỗi ảnh tối đa 10 MB/);
    expect(await attach(citizen, 'giay-to.jpg', 'image/jpeg', pdfBytes())).toMatch(/không phải là ảnh/);
    expect(photosKept()).toBe(1);

    const before = await citizen.getByTestId('bot-message').count();
    await citizen.getByTestId('chat-location').click();
    await citizen.waitForFunction((n) => document.querySelectorAll('[data-testid="bot-message"]').length > n, before);
    expect(await botText(citizen)).toMatch(/Đã nhận vị trí: 11\.54700, 107\.80700/);

    await say(citizen, 'đồng ý');
    await say(citizen, 'Trần Văn Bình');
    await say(citizen, '0987 654 321');
    const summary = await citizen.getByTestId('bot-message').last().innerText();
    expect(summary).toMatch(/Ảnh kèm theo: 1/);
    await say(citizen, 'gửi');
    code = /PA-[A-Z0-9]{6}/.exec(await botText(citizen))![0];
    const record = (await h.bot.feedback.get(code))!;
    // Filed on 03/02/2027: ten working days, Tết 2027 and its nghỉ bù (05–11/02) not counted.
    expect(record).toMatchObject({ due: '2027-02-24', category: 'land', location: { latitude: 11.547, longitude: 107.807 } });
    expect(record.attachments).toHaveLength(1);
  });

  it('refuses a 50 MB upload at the server too, with a clear message, storing nothing', async () => {
    const response = await citizen.request.post(`${h.url}/api/chat/photo`, { headers: { 'Content-Type': 'application/octet-stream', Origin: h.url }, data: Buffer.alloc(50 * 1024 * 1024, 1) });
    expect(response.status()).toBe(413);
    expect(JSON.stringify(await response.json())).toMatch(/Ảnh quá lớn/);
    expect(photosKept()).toBe(1);
  });

  it('shows staff the deadline, the photo without any metadata, the place, and lets them assign, correct the field and answer', async () => {
    // Two more, one past its deadline and one due tomorrow (a working day), to see the marks and the order.
    const overdue = await h.bot.feedback.submit({ ...sampleFeedback(7), due: '2027-02-01' });
    const soon = await h.bot.feedback.submit({ ...sampleFeedback(8), due: '2027-02-04' });
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
    await login(page, OFFICER);
    const row = page.locator(`[data-testid="inbox-row"][data-code="${code}"]`);
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.getByTestId('inbox-deadline').innerText()).toContain('24/02/2027');
    expect(await page.getByTestId('inbox-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code')))).toEqual([overdue.code, soon.code, code]);
    expect(await page.locator(`[data-code="${overdue.code}"] [data-testid="deadline-state"]`).innerText()).toBe('Quá hạn');
    expect(await page.locator(`[data-code="${soon.code}"] [data-testid="deadline-state"]`).innerText()).toBe('Sắp đến hạn');
    await shoot(page, '20-inbox.png');
    await row.getByRole('link', { name: code }).click();
    expect((await page.getByTestId('feedback-deadline').innerText()).trim()).toBe('24/02/2027');

    const img = page.getByTestId('feedback-attachment');
    expect(await img.count()).toBe(1);
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(1200);
    const served = await page.request.get(new URL((await img.getAttribute('src'))!, h.url).toString());
    expect(served.headers()['content-type']).toBe('image/jpeg');
    expect(served.headers()['cache-control']).toContain('no-store');
    const bytes = await served.body();
    expect(hasMetadata(bytes)).toBe(false);
    expect(bytes.toString('latin1')).not.toMatch(/GPS|TestPhone|Exif/);
    // The photo is for staff: not for a browser without a session.
    const anonymous = await (await browser.newContext()).request.get(new URL((await img.getAttribute('src'))!, h.url).toString());
    expect(anonymous.status()).toBe(403);
    expect(await page.getByTestId('feedback-location').innerText()).toContain('11.54700, 107.80700');
    expect(await page.getByTestId('feedback-location').getByRole('link').getAttribute('href')).toBe('https://www.openstreetmap.org/?mlat=11.54700&mlon=107.80700#map=18/11.54700/107.80700');

    // Assigned to a colleague of the ward with a native select.
    expect(await page.getByTestId('assign-select').evaluate((el) => el.tagName)).toBe('SELECT');
    await page.getByTestId('assign-select').selectOption(OTHER.username);
    await page.getByTestId('assign-submit').click();
    await expect.poll(() => page.getByTestId('assignee').innerText()).toBe(OTHER.username);
    await expect.poll(async () => (await page.locator('.history').innerText())).toContain(`web:${OFFICER.username} giao cho ${OTHER.username}`);
    // The field, corrected and kept in the history.
    await page.getByTestId('category-select').selectOption('residence');
    await page.getByTestId('category-submit').click();
    await expect.poll(async () => (await page.locator('.history').innerText())).toContain('Đất đai – Xây dựng → Cư trú – Căn cước');
    await page.getByTestId('category-select').selectOption('land');
    await page.getByTestId('category-submit').click();
    await expect.poll(async () => (await page.locator('.history').innerText())).toContain('Cư trú – Căn cước → Đất đai – Xây dựng');

    await page.getByTestId('answer-input').fill('Phường đã mời hai gia đình đến hòa giải ngày 10/02; cán bộ địa chính sẽ đo lại ranh giới.');
    await page.getByTestId('answer-submit').click();
    await expect.poll(() => page.getByRole('status').innerText()).toContain('Đã lưu câu trả lời');
  });

  it('"Của tôi" lists the records assigned to the staff member', async () => {
    const page = await (await browser.newContext()).newPage();
    await login(page, OTHER);
    await page.goto(`${h.url}/staff?mine=1`);
    expect(await page.locator(`[data-testid="inbox-row"][data-code="${code}"]`).count()).toBe(1);
    const mine = await (await browser.newContext()).newPage();
    await login(mine, OFFICER);
    await mine.goto(`${h.url}/staff?mine=1`);
    expect(await mine.getByTestId('inbox-row').count()).toBe(0);
  });

  it('asks the citizen once whether the answer served them, with three buttons, and takes a comment', async () => {
    const rate = citizen.getByTestId('bot-button').filter({ hasText: /^Không hài lòng/ });
    await expect.poll(() => rate.count(), { timeout: 15_000 }).toBe(1);
    for (const label of [/^Hài lòng/, /^Bình thường/]) expect(await citizen.getByTestId('bot-button').filter({ hasText: label }).count()).toBe(1);
    expect(await botText(citizen)).toContain('Bạn có hài lòng với trả lời này không?');
    const before = await citizen.getByTestId('bot-message').count();
    await citizen.getByTestId('bot-button').filter({ hasText: /^Bình thường/ }).click();
    await citizen.waitForFunction((n) => document.querySelectorAll('[data-testid="bot-message"]').length > n, before);
    await say(citizen, 'Cần hẹn ngày đo cụ thể hơn.');
    await shoot(citizen, '20-chat-phone.png', false);
    expect((await h.bot.feedback.get(code))?.satisfaction).toMatchObject({ rating: 'binh-thuong', comment: 'Cần hẹn ngày đo cụ thể hơn.' });

    const page = await (await browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
    await login(page, OFFICER);
    await page.goto(`${h.url}/staff/feedback/${code}`);
    expect(await page.getByTestId('satisfaction').innerText()).toContain('Bình thường');
    await shoot(page, '20-record.png');
  });
});
