// How the Zalo channel tells a dropped connection (reconnect) from a session that has
// ended (stop for good, say why, alert staff): against the fake zca-js API with the real
// bot, and against the real zca-js listener and a local server doing what Zalo does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CLOSES_BEFORE_SESSION_DEAD } from '../src/channels/zalo/connection-health.ts';
import { startZalo } from '../src/channels/zalo/zalo-adapter.ts';
import { CloseReason } from '../src/channels/zalo/zalo-api.ts';
import { zaloStopError, ZaloSessionEndedError } from '../src/channels/zalo/zalo-login.ts';
import { FakeErrorEvent, networkErrorEvent } from './helpers/fake-zalo-api.ts';
import { closeScenes, openScene, type ZaloScene } from './helpers/zalo-scene.ts';
import { localZaloSocket, realZaloApi, type LocalZaloSocket } from './helpers/zalo-real-api.ts';

const HINT = 'phiên Zalo đã hết hạn hoặc bị đăng xuất: chạy npm run -s cli -- zalo login';

const servers: LocalZaloSocket[] = [];
afterEach(async () => {
  await closeScenes();
  for (const s of servers.splice(0)) await s.close();
});

/** Alert ids the outbox knows (waiting or delivered), for the days these tests run on. */
const alertsOf = async (z: ZaloScene) => {
  const days = ['2026-03-02', '2026-03-03', new Date().toISOString().slice(0, 10), new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10)];
  const candidates = days.flatMap((day) => z.bot.staffDestinations.map((d) => `zalo-alert:session-dead:${day}:${d}`));
  return [...(await z.bot.outbox.known(candidates))];
};

describe('zalo: kicked by another login (3003)', () => {
  it('stops for good with its own message, distinct from 3000, and never reconnects', async () => {
    const z = await openScene();
    z.api.listener.drop(CloseReason.KickConnection);
    await expect(z.handle.stopped).resolves.toBe('session-kicked');
    expect(z.reconnects).toEqual([]);
    expect(z.api.listener.starts).toBe(1);
    const log = z.logs.join('\n');
    expect(log).toMatch(/đăng nhập ở nơi khác[\s\S]*Zalo trên máy tính[\s\S]*mã 3003[\s\S]*DỪNG, không tự kết nối lại/);
    expect(log).not.toMatch(/phiên Zalo Web khác/);
    expect(log).not.toMatch(/mất kết nối/);
    // A supervisor is told to give the channel up, with the reason.
    expect(zaloStopError('session-kicked')).toBeInstanceOf(ZaloSessionEndedError);
    expect(zaloStopError('session-kicked')!.message).toMatch(/đăng nhập ở nơi khác/);
    expect(zaloStopError('stopped')).toBeUndefined();
  });
});

describe('zalo: a session that died while running', () => {
  it.each([401, 403])('a handshake refused with %i: says to log in again, stops, and alerts staff (not in the dead Zalo group)', async (status) => {
    const z = await openScene();
    z.api.listener.refuseHandshake(status);
    await expect(z.handle.stopped).resolves.toBe('session-dead');
    expect(z.reconnects).toEqual([]);
    const log = z.logs.join('\n');
    expect(log).toContain(HINT);
    expect(log).toContain(`lỗi kết nối: Unexpected server response: ${status}`);
    expect(log).not.toMatch(/\(object\)/);
    expect(zaloStopError('session-dead')!.message).toContain(HINT);

    // The alert is queued for every staff destination but the Zalo group, and delivered.
    const pending = (await z.bot.outbox.pending()).filter((m) => m.kind === 'channel-alert');
    expect(pending.map((m) => m.destination)).toEqual(['staff-file']);
    expect(z.bot.staffDestinations).toContain('staff-zalo');
    await z.bot.outbox.flush();
    expect(readFileSync(join(z.dataDir, 'staff-inbox.jsonl'), 'utf8')).toMatch(/KÊNH ZALO CỦA BOT ĐÃ DỪNG[\s\S]*npm run -s cli -- zalo login/);
    expect(z.api.sent).toEqual([]);
  });

  it('the same day, a restart that finds the session still dead does not alert twice; the next day it does', async () => {
    let now = new Date('2026-03-02T08:00:00Z');
    const z = await openScene({ now: () => now });
    z.api.listener.refuseHandshake(401);
    await z.handle.stopped;
    await z.bot.outbox.flush();
    await z.restart();
    z.api.listener.refuseHandshake(401);
    await expect(z.handle.stopped).resolves.toBe('session-dead');
    expect(await alertsOf(z)).toEqual(['zalo-alert:session-dead:2026-03-02:staff-file']);
    now = new Date('2026-03-03T08:00:00Z');
    await z.restart();
    z.api.listener.refuseHandshake(401);
    await z.handle.stopped;
    expect((await alertsOf(z)).sort()).toEqual(['zalo-alert:session-dead:2026-03-02:staff-file', 'zalo-alert:session-dead:2026-03-03:staff-file']);
  });

  it(`${CLOSES_BEFORE_SESSION_DEAD} abnormal closes in a row without ever connecting: the session is taken for dead`, async () => {
    const z = await openScene();
    for (let close = 1; close < CLOSES_BEFORE_SESSION_DEAD; close++) {
      z.api.listener.drop(CloseReason.AbnormalClosure);
      await vi.waitFor(() => expect(z.api.listener.starts).toBe(close + 1));
    }
    expect(z.logs.join('\n')).not.toMatch(/DỪNG/);
    z.api.listener.drop(CloseReason.AbnormalClosure);
    await expect(z.handle.stopped).resolves.toBe('session-dead');
    expect(z.reconnects).toEqual([1, 2, 3, 4]);
    expect(z.logs.join('\n')).toMatch(new RegExp(`${HINT}[\\s\\S]*nhiều lần liên tiếp mà chưa lần nào thông`));
    expect(await alertsOf(z)).toHaveLength(1);
  });

  it('closes explained by the network, or with a connection in between, never count as a dead session', async () => {
    const z = await openScene();
    const total = CLOSES_BEFORE_SESSION_DEAD * 2;
    for (let close = 1; close <= total; close++) {
      if (close % 2) z.api.listener.drop(CloseReason.AbnormalClosure, '', networkErrorEvent(close % 3 ? 'ECONNREFUSED' : 'ENOTFOUND'));
      else {
        z.api.listener.connect();
        z.api.listener.drop(CloseReason.AbnormalClosure);
      }
      await vi.waitFor(() => expect(z.api.listener.starts).toBe(close + 1));
    }
    expect(z.logs.join('\n')).not.toMatch(/DỪNG|hết hạn/);
    expect(z.logs.join('\n')).toMatch(/lỗi kết nối: connect ECONNREFUSED/);
    expect(await alertsOf(z)).toEqual([]);
  });

  it('logs what an error says without quoting what was received', async () => {
    const z = await openScene();
    z.api.listener.emit('error', new SyntaxError('Unexpected token \'N\', "Nguyễn Văn An 0912345678" is not valid JSON'));
    z.api.listener.emit('error', new FakeErrorEvent('read ECONNRESET'));
    z.api.listener.emit('error', { error: new Error('getaddrinfo EAI_AGAIN ws1.chat.zalo.me') });
    const log = z.logs.join('\n');
    expect(log).toMatch(/lỗi kết nối: Unexpected token "…", "…" is not valid JSON/);
    expect(log).toMatch(/lỗi kết nối: read ECONNRESET/);
    expect(log).toMatch(/lỗi kết nối: getaddrinfo EAI_AGAIN ws1\.chat\.zalo\.me/);
    expect(log).not.toMatch(/Nguyễn|0912345678/);
  });
});

describe('zalo: with the real zca-js listener and a local server acting as Zalo', () => {
  async function run(behaviour: { refuseWith: number } | { closeWith: number }) {
    const server = await localZaloSocket(behaviour);
    servers.push(server);
    const z = await openScene();
    // The scene's fake channel stands aside; the real listener takes its place on the same bot.
    await z.handle.stop();
    const api = await realZaloApi(server.url);
    const logs: string[] = [];
    const handle = startZalo({
      api,
      conversation: z.bot.conversation,
      feedback: z.bot.feedback,
      outbox: z.bot.outbox,
      replies: z.bot.replies,
      staffDestinations: z.bot.staffDestinations,
      staffIds: [],
      log: (line) => logs.push(line),
      reconnectDelayMs: () => 1,
    });
    return { z, server, handle, logs };
  }

  it('a dead session (handshake refused with 401) stops the channel as session-dead, once', async () => {
    const { z, server, handle, logs } = await run({ refuseWith: 401 });
    await expect(handle.stopped).resolves.toBe('session-dead');
    expect(server.handshakes).toBe(1);
    expect(logs.join('\n')).toContain('lỗi kết nối: Unexpected server response: 401');
    expect(logs.join('\n')).toContain(HINT);
    expect(await alertsOf(z)).toHaveLength(1);
  });

  it('a kicked session (closed with 3003) stops the channel as session-kicked, once', async () => {
    const { server, handle, logs } = await run({ closeWith: CloseReason.KickConnection });
    await expect(handle.stopped).resolves.toBe('session-kicked');
    expect(server.handshakes).toBe(1);
    expect(logs.join('\n')).toMatch(/đã kết nối[\s\S]*mã 3003/);
  });
});
