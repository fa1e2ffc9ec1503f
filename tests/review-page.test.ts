// "Cần rà soát" in the staff workspace: the same warnings as `kb check`, on the day the bot
// takes as today, counted on the inbox header; staff only.
import { afterEach, describe, expect, it } from 'vitest';
import { clockFor } from '../src/time/clock.ts';
import { staffLogin } from './helpers/staff-http.ts';
import { openWebHarness, type WebHarness } from './helpers/web-harness.ts';

let h: WebHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function staffSession(harness: WebHarness) {
  await harness.bot.accounts.add('canbo.rasoat', 'mat-khau-ra-soat-2026-dai', 'admin');
  const staff = await staffLogin(harness.url, 'canbo.rasoat', 'mat-khau-ra-soat-2026-dai');
  return (path: string) => staff.request(path);
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
