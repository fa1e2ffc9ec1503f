// "Cần rà soát" in the staff workspace: the same warnings as `kb check`, on the day the bot
// takes as today, counted on the inbox header; staff only.
import { afterEach, describe, expect, it } from 'vitest';
import { clockFor } from '../src/time/clock.ts';
import { openWebHarness, type WebHarness } from './helpers/web-harness.ts';

let h: WebHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function staffSession(harness: WebHarness) {
  await harness.bot.accounts.add('canbo.rasoat', 'mat-khau-ra-soat-2026-dai', 'admin');
  const jar = new Map<string, string>();
  const request = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(harness.url + path, { ...init, redirect: 'manual', headers: { Origin: harness.url, Cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), ...init.headers } });
    for (const c of response.headers.getSetCookie()) {
      const [pair] = c.split(';');
      jar.set(pair!.slice(0, pair!.indexOf('=')), pair!.slice(pair!.indexOf('=') + 1));
    }
    return response;
  };
  const form = await (await request('/staff')).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form)![1]!;
  const done = await request('/staff/login', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ username: 'canbo.rasoat', password: 'mat-khau-ra-soat-2026-dai', _csrf: csrf }).toString() });
  expect(done.status).toBe(303);
  return (path: string) => request(path);
}

describe('the review page', () => {
  it('lists the căn cước fee about to change and counts what waits on the inbox header', async () => {
    h = await openWebHarness({ now: clockFor('2026-12-20') });
    expect((await fetch(`${h.url}/staff/review`, { redirect: 'manual' })).status).toBe(303);
    const get = await staffSession(h);
    const page = await (await get('/staff/review')).text();
    expect(page).toMatch(/data-testid="review-item" data-kind="expiring"><span class="where">residence\.json › mục identity\.citizen-id › trường answer\.fees<\/span>: hết hiệu lực sau 12 ngày \(đến hết 31\/12\/2026\)/);
    const total = Number(/data-testid="review-total"><strong>(\d+)/.exec(page)![1]);
    expect(total).toBe((page.match(/data-testid="review-item"/g) ?? []).length);
    const inbox = await (await get('/staff')).text();
    expect(inbox).toContain(`data-testid="review-count">⚠️ ${total} mục kiến thức cần rà soát`);
  });

  it('no longer lists the fee once the day has passed and its next value holds', async () => {
    h = await openWebHarness({ now: clockFor('2027-01-05') });
    const get = await staffSession(h);
    const page = await (await get('/staff/review')).text();
    expect(page).not.toMatch(/identity\.citizen-id › trường answer\.fees/);
  });
});
