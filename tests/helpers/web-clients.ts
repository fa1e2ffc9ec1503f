// Clients of the real web server over HTTP, each with its own cookie jar as a browser
// keeps one: a citizen on the chat page, a staff member in the workspace.
import { expect } from 'vitest';

export interface CookieClient {
  request(path: string, init?: RequestInit): Promise<Response>;
  readonly jar: Map<string, string>;
}

/** Requests to `base` that keep the cookies they are given; `headers` go with every request. */
export function cookieClient(base: string, headers: Record<string, string> = {}): CookieClient {
  const jar = new Map<string, string>();
  return {
    jar,
    async request(path, init = {}) {
      const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
      const response = await fetch(base + path, { ...init, redirect: 'manual', headers: { Origin: base, ...(cookie ? { Cookie: cookie } : {}), ...headers, ...(init.headers as Record<string, string>) } });
      for (const c of response.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const name = pair!.slice(0, pair!.indexOf('='));
        const value = pair!.slice(pair!.indexOf('=') + 1);
        if (value && !/max-age=0|expires=thu, 01 jan 1970/i.test(c)) jar.set(name, value);
        else jar.delete(name);
      }
      return response;
    },
  };
}

interface ChatJson {
  replies: { sections: { heading?: string; lines: string[] }[]; buttons: { label: string; payload: string }[] }[];
}

/** A citizen of the web chat: opens the page (which gives the cookie), then talks. */
export async function webCitizen(base: string, headers: Record<string, string> = {}) {
  const client = cookieClient(base, headers);
  const page = await client.request('/');
  expect(page.status).toBe(200);
  await page.text();
  const post = async (path: string, body: object) => {
    const response = await client.request(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const json = response.status === 200 ? ((await response.json()) as ChatJson) : { replies: [] };
    if (response.status !== 200) await response.body?.cancel();
    return { status: response.status, json, text: json.replies.flatMap((r) => r.sections.flatMap((s) => [s.heading ?? '', ...s.lines])).join('\n') };
  };
  return {
    client,
    say: (text: string) => post('/api/chat/message', { text }),
    press: (button: string) => post('/api/chat/message', { button }),
  };
}

/** A staff member of the workspace, logged in over HTTP. */
export async function staffClient(base: string, username: string, password: string, headers: Record<string, string> = {}) {
  const client = cookieClient(base, headers);
  const csrfOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)?.[1];
  const form = await (await client.request('/staff')).text();
  const login = await client.request('/staff/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password, _csrf: csrfOf(form)! }).toString(),
  });
  await login.text();
  return {
    client,
    loginStatus: login.status,
    get: (path: string) => client.request(path),
    /** A form posted from a page of the workspace, with that page's CSRF token. */
    async post(path: string, fields: Record<string, string>, tokenFrom = '/staff') {
      const token = csrfOf(await (await client.request(tokenFrom)).text()) ?? '';
      return client.request(path, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: token, ...fields }).toString() });
    },
  };
}
