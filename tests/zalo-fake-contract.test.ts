// The fake zca-js API the Zalo tests use must behave like the real library where the
// channel depends on it. Each check runs on both: the real zca-js API (built offline, its
// websocket pointed at a local server refusing the handshake, as Zalo does to a dead
// session) and the fake.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCredentials, saveCredentials } from '../src/channels/zalo/credentials.ts';
import { sessionOf } from '../src/channels/zalo/session-saver.ts';
import { ThreadType, type ZaloApiPort } from '../src/channels/zalo/zalo-api.ts';
import { zca } from '../src/channels/zalo/zca.ts';
import { FakeZaloApi, ownMessage, userMessage } from './helpers/fake-zalo-api.ts';
import { localZaloSocket, realZaloApi, type LocalZaloSocket } from './helpers/zalo-real-api.ts';

interface Subject {
  api: ZaloApiPort;
  /** Starts the listener against a server refusing the handshake with 401. */
  startRefused(): void;
}

const servers: LocalZaloSocket[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

const subjects: [string, () => Promise<Subject>][] = [
  [
    'real zca-js',
    async () => {
      const server = await localZaloSocket({ refuseWith: 401 });
      servers.push(server);
      const api = await realZaloApi(server.url);
      return { api, startRefused: () => api.listener.start() };
    },
  ],
  [
    'fake',
    async () => {
      const api = new FakeZaloApi();
      return {
        api,
        startRefused: () => {
          api.listener.start();
          setImmediate(() => api.listener.refuseHandshake(401));
        },
      };
    },
  ],
];

/** The listener's events until its final close. */
function eventsUntilClosed(api: ZaloApiPort): Promise<[string, ...unknown[]][]> {
  const events: [string, ...unknown[]][] = [];
  return new Promise((resolve) => {
    api.listener.on('error', (e) => events.push(['error', e]));
    api.listener.on('connected', () => events.push(['connected']));
    api.listener.on('closed', (code, reason) => {
      events.push(['closed', code, reason]);
      resolve(events);
    });
  });
}

describe.each(subjects)('zalo fake contract: %s', (_, make) => {
  it('refuses an empty text with ZaloApiError "Missing message content"', async () => {
    const { api } = await make();
    const err = await api.sendMessage('', '1230000000000000001', ThreadType.User).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(zca.ZaloApiError);
    expect(err).toMatchObject({ name: 'ZcaApiError', message: 'Missing message content' });
  });

  it('a refused handshake: error (an ErrorEvent, not an Error, "{}" as JSON) then closed(1006, "")', async () => {
    const { api, startRefused } = await make();
    const events = eventsUntilClosed(api);
    startRefused();
    const seen = await events;
    expect(seen.map(([name]) => name)).toEqual(['error', 'closed']);
    const [, error] = seen[0]!;
    expect(error).not.toBeInstanceOf(Error);
    expect(JSON.stringify(error)).toBe('{}');
    expect(Object.keys(error as object)).toEqual([]);
    expect((error as { type: string }).type).toBe('error');
    expect((error as { message: string }).message).toBe('Unexpected server response: 401');
    expect((error as { error: Error }).error.message).toBe('Unexpected server response: 401');
    expect(seen[1]).toEqual(['closed', 1006, '']);
  });

  it('start() twice without a close throws ZcaApiError "Already started"; after the close it starts again', async () => {
    const { api, startRefused } = await make();
    const first = eventsUntilClosed(api);
    startRefused();
    let thrown: unknown;
    try {
      api.listener.start();
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(zca.ZaloApiError);
    expect(thrown).toMatchObject({ name: 'ZcaApiError', message: 'Already started' });
    await first;
    const second = eventsUntilClosed(api);
    startRefused();
    expect((await second).at(-1)).toEqual(['closed', 1006, '']);
  });

  it('getContext() is the live session, and what sessionOf() makes of it is saved and read back', async () => {
    const { api } = await make();
    expect(api.getContext()).toBe(api.getContext());
    const cookies = api.getContext().cookie.toJSON()?.cookies ?? [];
    expect(cookies.length).toBeGreaterThan(0);
    for (const c of cookies) expect(c).toMatchObject({ key: expect.any(String), value: expect.any(String), domain: expect.any(String), path: '/' });
    const dir = mkdtempSync(join(tmpdir(), 'tthc-zalo-'));
    await saveCredentials(dir, sessionOf(api.getContext()));
    expect(await loadCredentials(dir)).toEqual(JSON.parse(JSON.stringify(sessionOf(api.getContext()))));
  });
});

describe('zalo fake: what only a logged-in socket shows', () => {
  it('sendMessage resolves { message: { msgId: number }, attachment: [] }; received ids are strings', async () => {
    const api = new FakeZaloApi();
    const result = await api.sendMessage('Xin chào', '1230000000000000001', ThreadType.User);
    expect(result).toEqual({ message: { msgId: expect.any(Number) }, attachment: [] });
    const message = userMessage('1230000000000000001', 'chào');
    expect(typeof message.data.msgId).toBe('string');
    expect(message.threadId).toBe('1230000000000000001');
  });

  it("drops the account's own messages while selfListen is off, as zca-js does", () => {
    const api = new FakeZaloApi();
    const got: unknown[] = [];
    api.listener.on('message', (m) => got.push(m));
    const own = ownMessage('1230000000000000001', 'gửi từ điện thoại');
    expect(own.isSelf).toBe(true);
    api.listener.receive(own);
    expect(got).toEqual([]);
    api.listener.selfListen = true;
    api.listener.receive(own);
    expect(got).toEqual([own]);
  });
});
