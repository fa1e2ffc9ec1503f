// `zalo login` by QR code, against a stand-in for zca-js's loginQR that calls back as the
// real one does (QR generated, scanned, expired, login info) and settles only when the
// flow ends or is aborted. The session saved is the live one of the logged-in API.
import { existsSync, mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanInstructions } from '../src/cli/commands/zalo.ts';
import { credentialsPath, loadCredentials } from '../src/channels/zalo/credentials.ts';
import type { ZaloApiPort } from '../src/channels/zalo/zalo-api.ts';
import { loginWithQr, QR_VALID_SECONDS, type ZaloLoginPort } from '../src/channels/zalo/zalo-login.ts';
import { zca } from '../src/channels/zalo/zca.ts';
import { FakeZaloApi } from './helpers/fake-zalo-api.ts';

const tempDir = () => mkdtempSync(join(tmpdir(), 'tthc-zalo-'));
const E = zca.LoginQRCallbackEventType;
type Callback = Parameters<ZaloLoginPort['loginQR']>[1];

/** A tiny valid PNG, base64 as zca-js hands it over (its data: prefix stripped). */
const PNG_BASE64 = (() => {
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    return Buffer.concat([head, data, Buffer.alloc(4)]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.from([0, 0]))), chunk('IEND', Buffer.alloc(0))]).toString('base64');
})();

/** zca-js's loginQR as the bot sees it: drives the callback with `script`; abort() rejects at once. */
function qrZalo(script: (callback: Callback, actions: { abort(): void; retry(): void }) => Promise<ZaloApiPort>): ZaloLoginPort & { aborted: number } {
  const port = {
    aborted: 0,
    login: () => Promise.reject(new Error('not used')),
    loginQR: (_options: { qrPath?: string }, callback: Callback) =>
      new Promise<ZaloApiPort>((resolve, reject) => {
        const actions = {
          abort: () => {
            port.aborted++;
            reject(new zca.ZaloApiLoginQRAborted());
          },
          retry: () => reject(new Error('retry not expected')),
        };
        script(callback, actions).then(resolve, reject);
      }),
  };
  return port;
}

const generated = (abort: () => void) =>
  ({
    type: E.QRCodeGenerated,
    data: { code: 'qr-code', image: PNG_BASE64, options: { enabledCheckOCR: false, enabledMultiLayer: false }, token: 'qr-token' },
    actions: { saveToFile: async () => undefined, retry: () => undefined, abort },
  }) as const;

let unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeEach(() => {
  unhandled = [];
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
});
const settle = () => new Promise((r) => setImmediate(r));

describe('zalo login by QR', () => {
  it('shows the QR (saved 0600), then saves the live session of the logged-in API and removes the QR', async () => {
    const dir = tempDir();
    const api = new FakeZaloApi();
    const shown: { path: string; mode: number }[] = [];
    let scanned = 0;
    let qrShown!: () => void;
    const qrSeen = new Promise<void>((r) => (qrShown = r));
    const zalo = qrZalo(async (callback, actions) => {
      callback(generated(actions.abort));
      await qrSeen;
      callback({ type: E.QRCodeScanned, data: { avatar: '', display_name: 'Bot' }, actions });
      // The cookies of the QR step: logging in afterwards adds its own, which must be the ones saved.
      callback({ type: E.GotLoginInfo, data: { cookie: [{ key: 'zpw_sek', value: 'qr-step' }], imei: 'fake-imei-0001', userAgent: 'Mozilla/5.0 (fake)' }, actions: null });
      api.cookie.set('zpw_sek', 'after-login');
      return api;
    });
    const saved = await loginWithQr(
      dir,
      {
        onQr: (path) => {
          shown.push({ path, mode: statSync(path).mode & 0o777 });
          qrShown();
        },
        onScanned: () => scanned++,
      },
      zalo,
    );
    expect(saved).toBe(credentialsPath(dir));
    expect(shown).toEqual([{ path: join(dir, 'zalo-login-qr.png'), mode: 0o600 }]);
    expect(scanned).toBe(1);
    expect(existsSync(join(dir, 'zalo-login-qr.png'))).toBe(false);
    const credentials = await loadCredentials(dir);
    expect(credentials).toMatchObject({ imei: 'fake-imei-0001', userAgent: 'Mozilla/5.0 (fake)', language: 'vi' });
    expect((credentials.cookie as { key: string; value: string }[]).find((c) => c.key === 'zpw_sek')?.value).toBe('after-login');
    expect(statSync(saved).mode & 0o777).toBe(0o600);
  });

  it('a QR image that cannot be saved aborts the login with a clear message, no unhandled rejection', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'zalo-login-qr.png'));
    const shown: string[] = [];
    const zalo = qrZalo(async (callback, actions) => {
      callback(generated(actions.abort));
      // zca-js waits for the scan here, until aborted.
      return new Promise<never>(() => undefined);
    });
    const err = (await loginWithQr(dir, { onQr: (p) => shown.push(p), onScanned: () => undefined }, zalo).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/^Không lưu được ảnh mã QR vào .*zalo-login-qr\.png \(EISDIR\): kiểm tra quyền ghi/);
    expect(zalo.aborted).toBe(1);
    expect(shown).toEqual([]);
    expect(existsSync(credentialsPath(dir))).toBe(false);
    await settle();
    expect(unhandled).toEqual([]);
  });

  it(`an expired QR says it lasts about ${QR_VALID_SECONDS} seconds and to run the command again`, async () => {
    expect(QR_VALID_SECONDS).toBe(100);
    const dir = tempDir();
    const zalo = qrZalo(async (callback, actions) => {
      callback(generated(actions.abort));
      callback({ type: E.QRCodeExpired, data: null, actions });
      return new Promise<never>(() => undefined);
    });
    await expect(loginWithQr(dir, { onQr: () => undefined, onScanned: () => undefined }, zalo)).rejects.toThrow(
      'Mã QR đã hết hạn: mỗi mã chỉ dùng được khoảng 100 giây, tính cả lúc quét và lúc bấm xác nhận. Chạy lại lệnh để lấy mã mới.',
    );
    expect(existsSync(join(dir, 'zalo-login-qr.png'))).toBe(false);
    await settle();
    expect(unhandled).toEqual([]);
  });

  it('a login declined on the phone is said so', async () => {
    const zalo = qrZalo(async (callback, actions) => {
      callback(generated(actions.abort));
      callback({ type: E.QRCodeDeclined, data: { code: 'qr-code' }, actions });
      return new Promise<never>(() => undefined);
    });
    await expect(loginWithQr(tempDir(), { onQr: () => undefined, onScanned: () => undefined }, zalo)).rejects.toThrow(/bị từ chối trên điện thoại/);
  });

  it('the command tells how long the code lasts: about 100 seconds, not "a minute"', () => {
    for (const drawn of [true, false]) {
      const text = scanInstructions(drawn, '/data/zalo-login-qr.png');
      expect(text).toContain('khoảng 100 giây');
      expect(text).not.toMatch(/phút/);
    }
  });
});
