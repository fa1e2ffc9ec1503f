// The Zalo channel's smaller parts: send throttling, the saved login, its settings.
import { mkdtempSync, statSync, writeFileSync, readFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { credentialsPath, loadCredentials, saveCredentials, ZaloCredentialsError } from '../src/channels/zalo/credentials.ts';
import { SendThrottle } from '../src/channels/zalo/throttle.ts';
import { loadZaloConfig } from '../src/channels/zalo/zalo-config.ts';
import { prepareZaloFromEnv } from '../src/channels/zalo/zalo-login.ts';
import { HandledIdsFile } from '../src/storage/lowdb/handled-ids-file.ts';
import { PermanentDeliveryError } from '../src/outbox/message.ts';
import { zaloCitizenRoute } from '../src/channels/zalo/zalo-destinations.ts';
import { ZaloOutgoing } from '../src/channels/zalo/zalo-outgoing.ts';
import { FakeZaloApi, ThreadType } from './helpers/fake-zalo-api.ts';

const tempDir = () => mkdtempSync(join(tmpdir(), 'tthc-zalo-'));
const credentials = {
  cookie: [{ key: 'zpw_sek', value: 'secret-value', domain: 'chat.zalo.me', path: '/' }],
  imei: 'a1b2c3d4-imei',
  userAgent: 'Mozilla/5.0 test',
};

describe('zalo: throttling', () => {
  afterEach(() => vi.useRealTimers());

  it('spaces sends out per chat (≈1/s) and globally, keeping each chat in order', async () => {
    vi.useFakeTimers({ now: 0 });
    const api = new FakeZaloApi();
    const outgoing = new ZaloOutgoing(new SendThrottle({ perThreadMs: 1_000, globalMs: 300 }));
    outgoing.attach(api);
    const all = Promise.all([
      outgoing.send('a', ThreadType.User, 'a1'),
      outgoing.send('a', ThreadType.User, 'a2'),
      outgoing.send('b', ThreadType.User, 'b1'),
      outgoing.send('c', ThreadType.User, 'c1'),
      outgoing.send('a', ThreadType.User, 'a3'),
    ]);
    await vi.runAllTimersAsync();
    await all;
    expect(api.sent.map((m) => [m.text, m.at])).toEqual([
      ['a1', 0],
      ['b1', 300],
      ['c1', 600],
      ['a2', 1_000],
      ['a3', 2_000],
    ]);
    const times = api.sent.map((m) => m.at).sort((x, y) => x - y);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(300);
  });

  it('sends a long text as parts of at most 2,000 characters, each throttled', async () => {
    vi.useFakeTimers({ now: 0 });
    const api = new FakeZaloApi();
    const outgoing = new ZaloOutgoing(new SendThrottle({ perThreadMs: 1_000, globalMs: 300 }));
    outgoing.attach(api);
    const paragraph = 'Hồ sơ gồm tờ khai và giấy tờ tùy thân. '.repeat(30);
    const sending = outgoing.send('a', ThreadType.User, [paragraph, paragraph, paragraph].join('\n\n'));
    await vi.runAllTimersAsync();
    await sending;
    expect(api.sent.length).toBeGreaterThan(1);
    expect(api.sent.every((m) => m.text.length <= 2_000)).toBe(true);
    expect(api.sent.map((m) => m.at)).toEqual(api.sent.map((_, i) => i * 1_000));
  });

  it('a route refuses (so the outbox retries) while Zalo is not connected, and never sends an id twice', async () => {
    const api = new FakeZaloApi();
    const outgoing = new ZaloOutgoing(new SendThrottle({ perThreadMs: 0, globalMs: 0 }));
    const route = zaloCitizenRoute(outgoing, new HandledIdsFile(join(tempDir(), 'zalo-sent.txt')));
    const message = { id: 'm1', destination: 'citizen', kind: 'staff-answer' as const, to: { channel: 'zalo' as const, chatId: '123', userId: '123' }, text: 'Trả lời', createdAt: new Date().toISOString() };
    await expect(route.deliver(message)).rejects.toThrow(/chưa kết nối/);
    outgoing.attach(api);
    await route.deliver(message);
    await route.deliver(message);
    expect(api.sent).toEqual([expect.objectContaining({ threadId: '123', type: ThreadType.User, text: 'Trả lời' })]);
    // Addressed elsewhere: retrying cannot help, so the outbox is told to give it up.
    const elsewhere = route.deliver({ ...message, id: 'm2', to: { channel: 'telegram', chatId: '1', userId: '1' } });
    await expect(elsewhere).rejects.toThrow(/không gửi qua Zalo/);
    await expect(elsewhere).rejects.toBeInstanceOf(PermanentDeliveryError);
  });
});

describe('zalo: saved login', () => {
  it('says to log in when there is no credentials file', async () => {
    const err = await loadCredentials(tempDir()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZaloCredentialsError);
    expect((err as Error).message).toBe('chưa đăng nhập Zalo: chạy npm run -s cli -- zalo login');
  });

  it('saves with mode 0600 and reads back', async () => {
    const dir = tempDir();
    const path = await saveCredentials(dir, credentials);
    expect(path).toBe(credentialsPath(dir));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(await loadCredentials(dir)).toEqual(credentials);
    // Saving again (a new login) keeps the mode, even over a file someone opened up.
    chmodSync(path, 0o644);
    await saveCredentials(dir, { ...credentials, imei: 'other' });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect((await loadCredentials(dir)).imei).toBe('other');
  });

  it.each([
    ['not JSON', '{"cookie": [', /JSON không hợp lệ/],
    ['empty', '', /tệp rỗng/],
    ['missing fields', JSON.stringify({ cookie: [], imei: '' }), /cookie, imei, userAgent/],
  ])('names a corrupt file (%s), does not quote it, and never overwrites it', async (_, content, reason) => {
    const dir = tempDir();
    const path = credentialsPath(dir);
    writeFileSync(path, content);
    const err = await loadCredentials(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZaloCredentialsError);
    expect((err as Error).message).toContain(path);
    expect((err as Error).message).toMatch(reason);
    expect((err as Error).message).toMatch(/không ghi đè/);
    await expect(saveCredentials(dir, credentials)).rejects.toThrow(path);
    expect(readFileSync(path, 'utf8')).toBe(content);
  });

  it('a saved secret never appears in the corrupt-file message', async () => {
    const dir = tempDir();
    writeFileSync(credentialsPath(dir), JSON.stringify({ ...credentials, userAgent: 42 }));
    const err = (await loadCredentials(dir).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/userAgent/);
    expect(err.message).not.toMatch(/secret-value|a1b2c3d4/);
  });
});

describe('zalo: settings', () => {
  it('is off by default and reads the staff group and ids', () => {
    expect(loadZaloConfig({})).toEqual({ ZALO_ENABLED: false, ZALO_STAFF_GROUP_ID: undefined, ZALO_STAFF_IDS: [] });
    expect(prepareZaloFromEnv({}, tempDir())).toBeUndefined();
    expect(loadZaloConfig({ ZALO_ENABLED: 'true', ZALO_STAFF_GROUP_ID: ' 555 ', ZALO_STAFF_IDS: '111, 222;333' })).toEqual({
      ZALO_ENABLED: true,
      ZALO_STAFF_GROUP_ID: '555',
      ZALO_STAFF_IDS: ['111', '222', '333'],
    });
  });

  it('refuses values that are not what they should be', () => {
    expect(() => loadZaloConfig({ ZALO_ENABLED: 'maybe' })).toThrow(/ZALO_ENABLED/);
    expect(() => loadZaloConfig({ ZALO_STAFF_IDS: '111,abc' })).toThrow(/ZALO_STAFF_IDS/);
    expect(() => loadZaloConfig({ ZALO_STAFF_GROUP_ID: 'nhom-noi-vu' })).toThrow(/ZALO_STAFF_GROUP_ID/);
  });

  it('prepares the destinations before login, and start() says to log in when there is no saved session', async () => {
    const logs: string[] = [];
    const zalo = prepareZaloFromEnv({ ZALO_ENABLED: '1', ZALO_STAFF_GROUP_ID: '555' }, tempDir(), (l) => logs.push(l))!;
    expect(zalo.staffDestinations.map((d) => d.name)).toEqual(['staff-zalo']);
    expect(zalo.replyDestinations.map((d) => d.name)).toEqual(['reply-zalo']);
    expect(zalo.citizenRoutes.zalo.name).toBe('citizen-zalo');
    expect(logs.join('\n')).toMatch(/ZALO_STAFF_IDS/);
    await expect(zalo.start({} as never)).rejects.toThrow('chưa đăng nhập Zalo: chạy npm run -s cli -- zalo login');
  });
});

describe('zalo: login command', () => {
  it('stops before showing a QR when the saved credentials file is damaged, leaving it as it is', async () => {
    const { loginWithQr } = await import('../src/channels/zalo/zalo-login.ts');
    const dir = tempDir();
    writeFileSync(credentialsPath(dir), 'garbage');
    const shown: string[] = [];
    await expect(loginWithQr(dir, { onQr: (p) => shown.push(p), onScanned: () => undefined })).rejects.toThrow(credentialsPath(dir));
    expect(shown).toEqual([]);
    expect(readFileSync(credentialsPath(dir), 'utf8')).toBe('garbage');
  });
});
