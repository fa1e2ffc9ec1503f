// The announcements page and the poster in a real browser (Debian's Chromium): the phone
// preview follows what staff type; the poster's QR codes decode (jsQR) to the URLs they
// carry in data-url; the PDF download carries the Vietnamese text (read back with
// pdftotext); the web chat shows "Tin mới". Screenshots go to /work/brief/screens when
// that folder exists, else test-results/screenshots.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { PNG } from 'pngjs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/app/paths.ts';
import { startWeb } from '../src/app/start-web.ts';
import type { RunningWeb } from '../src/web/server.ts';
import { hasChromium, launchBrowser } from './helpers/browser.ts';
import { openWebHarness, type WebHarness } from './helpers/web-harness.ts';

const SHOTS = existsSync('/work/brief') ? '/work/brief/screens' : join(PROJECT_ROOT, 'test-results', 'screenshots');
const STAFF = { username: 'canbo.tuyentruyen', password: 'mat-khau-tuyen-truyen-2026' };
const LINKS = { web: 'https://hoidap.blao.lamdong.gov.vn/', telegram: 'tthc_blao_bot', zalo: 'https://zalo.me/4321987654' };
// jsqr is CommonJS whose types describe an ES default export.
const jsQR = createRequire(import.meta.url)('jsqr') as (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const hasPdftotext = spawnSync('pdftotext', ['-v']).status === 0;

let h: WebHarness;
let web: RunningWeb;
let browser: Browser;

async function login(page: Page): Promise<void> {
  await page.goto(`${web.url}/staff`);
  await page.getByTestId('login-username').fill(STAFF.username);
  await page.getByTestId('login-password').fill(STAFF.password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL(/\/staff/);
}

describe.skipIf(!hasChromium)('announcements page and poster in a browser', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    h = await openWebHarness();
    h.bot.broadcast.start();
    await h.web.close();
    web = await startWeb(h.bot, { WEB_PORT: 0, WEB_HOST: '127.0.0.1', TRUST_PROXY: false, WEB_SESSION_SECRET: undefined, WEB_EMBED_ORIGINS: '*', PUBLIC_WEB_URL: LINKS.web, ZALO_BOT_URL: LINKS.zalo }, () => ({}), h.bot.now, { telegramUsername: () => LINKS.telegram });
    await h.bot.accounts.add(STAFF.username, STAFF.password, 'staff');
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await h?.bot.close();
  });

  it('previews an announcement as a phone shows it while staff type, and sends it', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await login(page);
    await page.goto(`${web.url}/staff/announcements`);
    await page.getByTestId('announcement-title').fill('Thay đổi lệ phí chứng thực từ 01/01/2027');
    await page.getByTestId('announcement-text').fill('Từ ngày 01/01/2027, lệ phí chứng thực bản sao giảm còn 2.000 đồng/trang.\nBà con mang theo bản chính khi đến Bộ phận một cửa.');
    await page.getByTestId('announcement-link').fill('https://lamdong.gov.vn/le-phi');
    const preview = page.getByTestId('announcement-preview');
    await expect.poll(() => preview.innerText()).toContain('Thay đổi lệ phí chứng thực từ 01/01/2027');
    expect(await preview.innerText()).toContain('2.000 đồng/trang');
    expect(await preview.innerText()).toContain('Hủy nhận tin');
    await page.screenshot({ path: join(SHOTS, '19-announcements.png'), fullPage: true });
    await preview.screenshot({ path: join(SHOTS, '19-announcements-phone.png') });
    await page.getByTestId('announcement-send').click();
    await page.waitForURL(/ok=ann-sent/);
    expect(await page.getByTestId('announcement-row').first().innerText()).toContain('Thay đổi lệ phí chứng thực');
    await page.close();
  });

  it('shows the latest announcements when the web chat opens', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${web.url}/`);
    await expect.poll(async () => (await page.getByTestId('chat-news').count()) > 0).toBe(true);
    expect(await page.getByTestId('chat-news').innerText()).toContain('Thay đổi lệ phí chứng thực từ 01/01/2027');
    await page.screenshot({ path: join(SHOTS, '19-web-chat-news.png') });
    await page.close();
  });

  it('prints a poster whose QR codes open the channels configured, and a PDF with its Vietnamese text', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
    await login(page);
    await page.goto(`${web.url}/staff/poster`);
    const images = page.getByTestId('poster-qr');
    expect(await images.count()).toBe(3);
    const urls: string[] = [];
    for (let i = 0; i < 3; i++) {
      const img = images.nth(i);
      const url = (await img.getAttribute('data-url'))!;
      const src = (await img.getAttribute('src'))!;
      const png = PNG.sync.read(Buffer.from(src.replace(/^data:image\/png;base64,/, ''), 'base64'));
      const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
      expect(decoded?.data, url).toBe(url);
      urls.push(url);
    }
    expect(urls).toEqual([LINKS.web, `https://t.me/${LINKS.telegram}`, LINKS.zalo]);
    // The QR codes as printed (a screenshot of the page) still decode.
    const shot = PNG.sync.read(await images.first().screenshot());
    expect(jsQR(new Uint8ClampedArray(shot.data), shot.width, shot.height)?.data).toBe(LINKS.web);
    await page.screenshot({ path: join(SHOTS, '19-poster.png'), fullPage: true });
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: join(SHOTS, '19-poster-print.png'), fullPage: true });
    expect(await page.locator('.staff-header').isVisible()).toBe(false);

    const pdf = await page.request.get(`${web.url}/staff/poster.pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const body = await pdf.body();
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    if (hasPdftotext) {
      const file = join(mkdtempSync(join(tmpdir(), 'tthc-poster-')), 'poster.pdf');
      writeFileSync(file, body);
      const text = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout.normalize('NFC');
      expect(text).toContain('HỎI ĐÁP THỦ TỤC HÀNH CHÍNH');
      expect(text).toContain('Lệ phí, thời gian giải quyết, nơi nộp hồ sơ');
      expect(text).toContain("ỦY BAN NHÂN DÂN PHƯỜNG B'LAO");
      spawnSync('pdftoppm', ['-png', '-r', '60', '-singlefile', file, join(SHOTS, '19-poster-pdf')]);
    }
    await page.close();
  });
});
