// Per-address limits on the web chat and the login form, over real HTTP, behind a trusted
// proxy that names each client in X-Forwarded-For.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RATE_LIMITS } from '../src/web/rate-limits.ts';
import { openWebHarness, type WebHarness } from './helpers/web-harness.ts';

let h: WebHarness;
beforeAll(async () => {
  h = await openWebHarness({ trustProxy: 1 });
});
afterAll(() => h.close());

const ask = (from: string) =>
  fetch(`${h.url}/api/chat/message`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: h.url, 'X-Forwarded-For': from },
    body: JSON.stringify({ text: 'giờ làm việc' }),
  });

describe('web rate limits', () => {
  it('answers one address up to its limit, then 429 with a Vietnamese message, while another address goes on', async () => {
    for (let i = 0; i < RATE_LIMITS.chat.max; i++) expect((await ask('203.0.113.7')).status).toBe(200);
    const refused = await ask('203.0.113.7');
    expect(refused.status).toBe(429);
    expect(await refused.text()).toMatch(/quá nhanh/);
    expect((await ask('198.51.100.20')).status).toBe(200);
  });

  it('limits login attempts from one address across accounts', async () => {
    const attempt = (username: string) =>
      fetch(`${h.url}/staff/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: h.url, 'X-Forwarded-For': '192.0.2.9' },
        body: new URLSearchParams({ username, password: 'doan-mo', _csrf: 'x' }),
        redirect: 'manual',
      });
    for (let i = 0; i < RATE_LIMITS.login.max; i++) expect((await attempt(`nguoi-${i}`)).status).not.toBe(429);
    expect((await attempt('nguoi-cuoi')).status).toBe(429);
  });
});
