// What a client cannot do from outside, over real HTTP against the real server: pass its
// own X-Forwarded-For off as the proxy's (TRUST_PROXY as an operator writes it, "1" for
// one proxy on this machine), hold event streams open without bound, or open the chat
// page without limit. Other addresses of the loopback range (127.0.0.2 …) stand for
// remote clients.
import { request as httpRequest, type ClientRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/app/config.ts';
import { RATE_LIMITS } from '../src/web/rate-limits.ts';
import { openWebHarness, type WebHarness } from './helpers/web-harness.ts';

let h: WebHarness;
const LIMITS = { perAddress: 4, total: 10 };
beforeAll(async () => {
  h = await openWebHarness({ trustProxy: loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY, streamLimits: LIMITS });
});
afterAll(() => h.close());

/** One HTTP request from a given local address, its status and body; the socket closed after. */
function send(path: string, options: { from?: string; method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: string }> {
  const url = new URL(h.url + path);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method: options.method ?? 'GET', localAddress: options.from, agent: false, headers: { Origin: h.url, ...options.headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => resolve({ status: res.statusCode!, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** An event stream held open from `from`: its status, and how to close it. */
function openStream(from: string): Promise<{ status: number; request: ClientRequest }> {
  const url = new URL(h.url);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: url.hostname, port: url.port, path: '/api/chat/events', localAddress: from, agent: false }, (res) => {
      res.resume();
      resolve({ status: res.statusCode!, request });
    });
    request.on('error', reject);
    request.end();
  });
}

const chat = (headers: Record<string, string>, from?: string) =>
  send('/api/chat/message', { method: 'POST', from, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify({ text: 'giờ làm việc' }) });

describe('TRUST_PROXY', () => {
  it('reads "1" as one proxy, "true" likewise, a list of proxy addresses and CIDRs, and refuses anything else', () => {
    expect(loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5, 192.168.1.0/24' }).TRUST_PROXY).toBe('10.0.0.5,192.168.1.0/24');
    expect(loadConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
    expect(() => loadConfig({ TRUST_PROXY: 'mọi thứ' })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/40' })).toThrow(/TRUST_PROXY/);
  });

  it('counts a client behind the proxy by the address the proxy adds, whatever it writes before it', async () => {
    const login = (first: string) =>
      send('/staff/login', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': `${first}, 198.51.100.77` }, body: 'username=ai&password=doan-mo&_csrf=x' });
    for (let i = 0; i < RATE_LIMITS.login.max; i++) expect((await login(`10.9.${i}.1`)).status).not.toBe(429);
    expect((await login('10.9.200.1')).status).toBe(429);
  });

  it('does not put a client on the loopback allowlist because it writes 127.0.0.1 first', async () => {
    for (let i = 0; i < RATE_LIMITS.chat.max; i++) expect((await chat({ 'X-Forwarded-For': '127.0.0.1, 198.51.100.88' })).status).toBe(200);
    expect((await chat({ 'X-Forwarded-For': '127.0.0.1, 198.51.100.88' })).status).toBe(429);
  });

  it('believes no X-Forwarded-For from a client that reaches the port directly', async () => {
    for (let i = 0; i < RATE_LIMITS.chat.max; i++) expect((await chat({ 'X-Forwarded-For': '127.0.0.1' }, '127.0.0.2')).status).toBe(200);
    expect((await chat({ 'X-Forwarded-For': '127.0.0.1' }, '127.0.0.2')).status).toBe(429);
  });
});

describe('event streams', () => {
  it('are bounded per address and in all, and a closed one makes room again', async () => {
    const open: ClientRequest[] = [];
    try {
      for (let i = 0; i < LIMITS.perAddress; i++) {
        const s = await openStream('127.0.0.3');
        expect(s.status).toBe(200);
        open.push(s.request);
      }
      const refused = await send('/api/chat/events', { from: '127.0.0.3' });
      expect(refused.status).toBe(429);
      expect(refused.body).toMatch(/quá nhiều trang/);
      for (let a = 4; open.length < LIMITS.total; a++) {
        const s = await openStream(`127.0.0.${a}`);
        expect(s.status).toBe(200);
        open.push(s.request);
      }
      const full = await send('/api/chat/events', { from: '127.0.0.30' });
      expect(full.status).toBe(503);
      expect(full.body).toMatch(/bận/);
      open.shift()!.destroy();
      await expect.poll(async () => (await openStream('127.0.0.31').then((s) => (open.push(s.request), s.status)))).toBe(200);
    } finally {
      for (const r of open) r.destroy();
    }
  });
});

describe('the chat page', () => {
  it('is limited per address', async () => {
    for (let i = 0; i < RATE_LIMITS.page.max; i++) expect((await send('/', { from: '127.0.0.40' })).status).toBe(200);
    const refused = await send('/', { from: '127.0.0.40' });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatch(/quá nhanh/);
  });
});
