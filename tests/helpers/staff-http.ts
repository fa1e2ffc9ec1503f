// A staff member logged in to the web workspace over real HTTP, keeping cookies as a
// browser does and sending the page's own Origin (the same-origin check of every change).
export interface StaffHttp {
  request(path: string, init?: RequestInit): Promise<Response>;
  get(path: string): Promise<string>;
  status(path: string): Promise<number>;
}

/** Logs in through the login form (with its CSRF token); throws unless the login succeeds. */
export async function staffLogin(url: string, username: string, password: string): Promise<StaffHttp> {
  const jar = new Map<string, string>();
  const request = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(url + path, { ...init, redirect: 'manual', headers: { Origin: url, Cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), ...init.headers } });
    for (const c of response.headers.getSetCookie()) {
      const [pair] = c.split(';');
      jar.set(pair!.slice(0, pair!.indexOf('=')), pair!.slice(pair!.indexOf('=') + 1));
    }
    return response;
  };
  const form = await (await request('/staff')).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form)![1]!;
  const done = await request('/staff/login', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ username, password, _csrf: csrf }).toString() });
  if (done.status !== 303) throw new Error(`đăng nhập ${username} không được: HTTP ${done.status}`);
  return { request, get: async (path) => (await request(path)).text(), status: async (path) => (await request(path)).status };
}
