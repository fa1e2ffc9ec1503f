// The Zalo session (cookies zca-js refreshes on every response) is saved while the channel
// runs and when it stops, so a restart days later logs in without a new QR scan; a save
// that fails is logged without secrets and stops nothing.
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { credentialsPath, loadCredentials, saveCredentials } from '../src/channels/zalo/credentials.ts';
import { SessionSaver, sessionOf } from '../src/channels/zalo/session-saver.ts';
import { CloseReason, type ZaloApiPort } from '../src/channels/zalo/zalo-api.ts';
import { prepareZaloFromEnv } from '../src/channels/zalo/zalo-login.ts';
import { FakeZaloApi } from './helpers/fake-zalo-api.ts';
import { closeScenes, openScene } from './helpers/zalo-scene.ts';
import { cookieHeaderFromSaved, localZaloSocket, realZaloApi } from './helpers/zalo-real-api.ts';

const tempDir = () => mkdtempSync(join(tmpdir(), 'tthc-zalo-'));
const HOUR = 60 * 60_000;

afterEach(closeScenes);

/** A data folder holding the session as `zalo login` left it, and the API logged in with it. */
async function loggedIn(): Promise<{ dir: string; api: FakeZaloApi; logs: string[]; saver: (everyMs?: number) => SessionSaver }> {
  const dir = tempDir();
  const api = new FakeZaloApi();
  await saveCredentials(dir, sessionOf(api.getContext()));
  const logs: string[] = [];
  return { dir, api, logs, saver: (everyMs = HOUR) => new SessionSaver({ dataDir: dir, context: () => api.getContext(), log: (l) => logs.push(l), everyMs }) };
}

const savedCookie = async (dir: string, key: string) => ((await loadCredentials(dir)).cookie as Record<string, unknown>[]).find((c) => c.key === key)?.value;

describe('zalo: saving the refreshed session', () => {
  it('writes the session when a cookie changed (atomically, 0600), and leaves the file alone when nothing did', async () => {
    const { dir, api, saver } = await loggedIn();
    const s = saver();
    const before = statSync(credentialsPath(dir)).ino;
    expect(await s.save()).toBe('unchanged');
    expect(statSync(credentialsPath(dir)).ino).toBe(before);

    api.cookie.set('zpw_sek', 'sek-1');
    expect(await s.save()).toBe('saved');
    expect(await savedCookie(dir, 'zpw_sek')).toBe('sek-1');
    expect(statSync(credentialsPath(dir)).mode & 0o777).toBe(0o600);
    expect(await loadCredentials(dir)).toEqual(JSON.parse(JSON.stringify(sessionOf(api.getContext()))));

    const after = statSync(credentialsPath(dir)).ino;
    expect(await s.save()).toBe('unchanged');
    expect(statSync(credentialsPath(dir)).ino).toBe(after);
  });

  it('saves periodically while the channel runs, each time the session changed', async () => {
    const { dir, api, saver } = await loggedIn();
    await openScene({ session: saver(5) });
    // The scene runs its own fake API; the saver watches this one.
    api.cookie.set('zpw_sek', 'sek-periodic');
    await vi.waitFor(async () => expect(await savedCookie(dir, 'zpw_sek')).toBe('sek-periodic'));
    api.cookie.set('zpw_sek', 'sek-periodic-2');
    await vi.waitFor(async () => expect(await savedCookie(dir, 'zpw_sek')).toBe('sek-periodic-2'));
  });

  it('handle.stop() saves the session (with no timer having fired)', async () => {
    const { dir, api, saver } = await loggedIn();
    const z = await openScene({ session: saver(HOUR) });
    api.cookie.set('zpsid', 'sid-at-shutdown');
    await z.handle.stop();
    expect(await savedCookie(dir, 'zpsid')).toBe('sid-at-shutdown');
  });

  it('a channel that stops by itself (kicked) saves the session before saying it stopped', async () => {
    const { dir, api, saver } = await loggedIn();
    const z = await openScene({ session: saver(HOUR) });
    api.cookie.set('zpw_sek', 'sek-kicked');
    z.api.listener.drop(CloseReason.KickConnection);
    await expect(z.handle.stopped).resolves.toBe('session-kicked');
    expect(await savedCookie(dir, 'zpw_sek')).toBe('sek-kicked');
  });

  it('the prepared channel (as main.ts runs it) saves the session of the API it logged in with', async () => {
    const { dir, api } = await loggedIn();
    const z = await openScene();
    const logs: string[] = [];
    const zalo = prepareZaloFromEnv({ ZALO_ENABLED: 'true' }, dir, (l) => logs.push(l), { login: async () => api, sessionSaveEveryMs: HOUR })!;
    const handle = await zalo.start(z.bot);
    api.cookie.set('zpw_sek', 'sek-prepared');
    await handle.stop();
    expect(await savedCookie(dir, 'zpw_sek')).toBe('sek-prepared');
  });

  it("a refreshed real tough-cookie jar is saved in the form zca-js's login() reads back", async () => {
    const server = await localZaloSocket({ refuseWith: 401 });
    try {
      const api = await realZaloApi(server.url);
      const dir = tempDir();
      await saveCredentials(dir, sessionOf(api.getContext()));
      // What zca-js does with a Set-Cookie header on any API response.
      await api.getContext().cookie.setCookie('zpw_sek=sek-refreshed; Domain=chat.zalo.me; Path=/; Secure; HttpOnly', 'https://chat.zalo.me');
      const s = new SessionSaver({ dataDir: dir, context: () => api.getContext(), log: () => undefined });
      expect(await s.save()).toBe('saved');
      expect(cookieHeaderFromSaved((await loadCredentials(dir)).cookie)).toBe('zpw_sek=sek-refreshed');
    } finally {
      await server.close();
    }
  });
});

describe('zalo: when saving the session fails', () => {
  it('a write error is logged (no secret), retried next time, and throws nothing', async () => {
    const { dir, api, logs, saver } = await loggedIn();
    const s = saver();
    // The temporary file of the atomic write cannot be created: a folder is in its place.
    mkdirSync(join(dir, '.zalo-credentials.json.tmp'));
    api.cookie.set('zpw_sek', 'sek-secret-value');
    expect(await s.save()).toBe('failed');
    expect(logs.join('\n')).toMatch(/không lưu được phiên đăng nhập mới \(EISDIR\)/);
    expect(logs.join('\n')).not.toMatch(/sek-|fake-imei|Mozilla/);
    expect(await savedCookie(dir, 'zpw_sek')).toBe('sek-0');
  });

  it('a damaged file is named, not overwritten, and a broken live session is reported by kind only', async () => {
    const { dir, api, logs, saver } = await loggedIn();
    const s = saver();
    writeFileSync(credentialsPath(dir), '{"cookie": [');
    api.cookie.set('zpw_sek', 'sek-secret-value');
    expect(await s.save()).toBe('failed');
    expect(logs.join('\n')).toMatch(/bị hỏng[\s\S]*không ghi đè/);
    expect(readFileSync(credentialsPath(dir), 'utf8')).toBe('{"cookie": [');

    const broken: ZaloApiPort['getContext'] = () => {
      throw new TypeError('cookie jar gone');
    };
    const t = new SessionSaver({ dataDir: dir, context: broken, log: (l) => logs.push(l) });
    expect(await t.save()).toBe('failed');
    expect(logs.at(-1)).toMatch(/không lưu được phiên đăng nhập mới \(TypeError\)/);
    expect(logs.join('\n')).not.toMatch(/sek-secret-value/);
  });

  it('a file replaced by a new `zalo login` (or deleted) since is never overwritten with the old session', async () => {
    const { dir, api, logs, saver } = await loggedIn();
    const s = saver();
    s.start();
    expect(await s.save()).toBe('unchanged');
    const fresh = { ...sessionOf(api.getContext()), imei: 'new-login-imei' };
    await saveCredentials(dir, fresh);
    api.cookie.set('zpw_sek', 'sek-old-session');
    expect(await s.stop()).toBe('left-alone');
    expect((await loadCredentials(dir)).imei).toBe('new-login-imei');
    expect(logs.join('\n')).toMatch(/không ghi đè/);
  });
});
