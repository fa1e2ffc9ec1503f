// The web chat reads like a chat on a phone (390×844, real Chromium): a long answer is
// scrolled to its first line, a menu is buttons and not also a list, a sentence is not a
// bullet, and a reloaded page shows the conversation so far, from the server, for that
// browser only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PROJECT_ROOT } from '../src/app/paths.ts';
import { hasChromium, launchBrowser } from './helpers/browser.ts';
import { openWebHarness, type WebHarness } from './helpers/web-harness.ts';

const SHOTS = join(PROJECT_ROOT, 'test-results', 'screenshots');
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'vi-VN' };

let h: WebHarness;
let browser: Browser;

const bubbles = (page: Page) => page.getByTestId('bot-message');

async function waitForMore(page: Page, before: number): Promise<void> {
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="bot-message"]').length > n, before);
}

async function say(page: Page, text: string): Promise<void> {
  const before = await bubbles(page).count();
  await page.getByTestId('chat-input').fill(text);
  await page.getByTestId('chat-send').click();
  await waitForMore(page, before);
}

async function press(page: Page, label: string): Promise<void> {
  const before = await bubbles(page).count();
  await page.getByTestId('bot-button').filter({ hasText: label }).last().click();
  await waitForMore(page, before);
}

/** Where the newest bot message's first line is, relative to the visible part of the log. */
async function newestTop(page: Page): Promise<{ top: number; logTop: number; logBottom: number; height: number }> {
  return page.evaluate(() => {
    const log = document.getElementById('chat-log')!.getBoundingClientRect();
    const all = document.querySelectorAll('[data-testid="bot-message"]');
    const last = all[all.length - 1]!.getBoundingClientRect();
    return { top: last.top, logTop: log.top, logBottom: log.bottom, height: last.height };
  });
}

async function openPhone(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await page.goto(h.url);
  await expect.poll(() => bubbles(page).count()).toBeGreaterThan(0);
  return { context, page };
}

describe.skipIf(!hasChromium)('the web chat on a phone', () => {
  beforeAll(async () => {
    h = await openWebHarness();
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('shows the first line of a long answer, not its end', async () => {
    const { page, context } = await openPhone();
    await say(page, 'thủ tục làm sổ đỏ lần đầu');
    await press(page, 'Xem đầy đủ');
    const at = await newestTop(page);
    // Longer than the screen, yet its heading is in view at the top of the log.
    expect(at.height).toBeGreaterThan(at.logBottom - at.logTop);
    expect(at.top).toBeGreaterThanOrEqual(at.logTop - 1);
    expect(at.top).toBeLessThan(at.logTop + 40);
    await expect.poll(async () => (await bubbles(page).last().locator('h2').first().innerText())).toMatch(/sổ đỏ lần đầu/i);
    await page.screenshot({ path: join(SHOTS, 'chat-phone-long-answer.png') });
    await context.close();
  });

  it('shows a menu as buttons, never also as a list, and sentences as sentences', async () => {
    const { page, context } = await openPhone();
    await say(page, 'menu');
    await press(page, 'Hộ tịch – Chứng thực');
    const menu = bubbles(page).last();
    expect(await menu.getByTestId('bot-button').count()).toBeGreaterThanOrEqual(8);
    expect(await menu.locator('li').count()).toBe(0);
    expect(await menu.innerText()).not.toMatch(/Đăng ký khai sinh[\s\S]*Đăng ký khai sinh/);
    // The feedback confirmation: its sentences are paragraphs, not bullets.
    await say(page, '/phananh');
    await say(page, 'Đèn đường tổ 3 hỏng đã hai tuần');
    await say(page, 'đồng ý');
    await say(page, 'Trần Văn Bình');
    await say(page, '0987 654 321');
    await say(page, 'gửi');
    const done = bubbles(page).last();
    expect(await done.innerText()).toMatch(/PA-[A-Z0-9]{6}/);
    expect(await done.locator('li').count()).toBe(0);
    await context.close();
  });

  it('shows the conversation so far after a reload, for that browser only', async () => {
    const { page, context } = await openPhone();
    await say(page, 'đăng ký kết hôn cần giấy tờ gì');
    await say(page, 'Trần Văn Bình 0987654321');
    const before = await page.locator('.msg').allInnerTexts();
    await page.reload();
    await expect.poll(async () => (await page.locator('.msg').allInnerTexts()).length).toBe(before.length);
    const after = await page.locator('.msg').allInnerTexts();
    expect(after).toEqual(before);
    // Not greeted again on top of the history.
    expect(after.filter((t) => /Xin chào/.test(t))).toHaveLength(1);
    // Another browser sees none of it.
    const other = await openPhone();
    expect((await other.page.locator('.msg').allInnerTexts()).join('\n')).not.toMatch(/kết hôn|Trần Văn Bình/);
    await other.context.close();
    await context.close();
  });

  it('keeps no name or phone from the feedback flow in the history', async () => {
    const { page, context } = await openPhone();
    await say(page, '/phananh');
    await say(page, 'Hố ga trước nhà số 5 bị vỡ nắp');
    await say(page, 'đồng ý');
    await say(page, 'Lê Thị Hoa');
    await say(page, '0912 111 222');
    await say(page, 'gửi');
    const code = /PA-[A-Z0-9]{6}/.exec(await bubbles(page).last().innerText())![0];
    await page.reload();
    await expect.poll(async () => (await page.locator('.msg').allInnerTexts()).join('\n')).toMatch(/Hố ga/);
    const shown = (await page.locator('.msg').allInnerTexts()).join('\n');
    expect(shown).not.toMatch(/Lê Thị Hoa|0912|111 222/);
    expect(shown).toMatch(/không được lưu lại/);
    // The tracking code is not personal: it is still there to look the feedback up.
    expect(shown).toContain(code);
    await context.close();
  });
});
