// Debian's Chromium driven by playwright-core (no browser download): the flags the machine
// needs (no sandbox as root, no background networking in a closed network).
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`Không có Chromium ở ${CHROMIUM}: bỏ qua các kiểm thử trên trình duyệt (cài gói chromium, .ci/run tự cài).`);

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'],
  });
}
