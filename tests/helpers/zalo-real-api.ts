// The real zca-js API, built offline: a session context shaped like the one login()
// builds, with a real tough-cookie jar, and a websocket URL pointing at a local server
// that behaves like Zalo refusing or ending a session. Nothing here talks to Zalo; no
// request is made except the websocket handshake to 127.0.0.1.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CookieJar } from 'tough-cookie';
import type { ZaloApiPort } from '../../src/channels/zalo/zalo-api.ts';
import { zca, type ZcaTypes } from '../../src/channels/zalo/zca.ts';

export interface LocalZaloSocket {
  url: string;
  /** Handshakes received so far. */
  readonly handshakes: number;
  close(): Promise<void>;
}

/**
 * A websocket endpoint that refuses every handshake with an HTTP status (what Zalo does
 * to a session it no longer knows, as ws reports it), or accepts it and at once closes
 * the socket with a close code (3000, 3003…).
 */
export async function localZaloSocket(behaviour: { refuseWith: number } | { closeWith: number }): Promise<LocalZaloSocket> {
  let handshakes = 0;
  const server = createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req, socket) => {
    handshakes++;
    if ('refuseWith' in behaviour) {
      socket.end(`HTTP/1.1 ${behaviour.refuseWith} Refused\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
      return;
    }
    const accept = createHash('sha1').update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    const code = Buffer.alloc(2);
    code.writeUInt16BE(behaviour.closeWith);
    // An unmasked close frame (FIN + opcode 8) carrying only the code.
    socket.write(Buffer.concat([Buffer.from([0x88, 0x02]), code]));
    // The client answers with its own close frame; then the connection is done.
    socket.once('data', () => socket.end());
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/`,
    get handshakes() {
      return handshakes;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type RealZaloApi = ZcaTypes.API & ZaloApiPort;

/** A real zca-js API whose listener connects to `wsUrl`; HTTP services point at a closed local port. */
export async function realZaloApi(wsUrl: string): Promise<RealZaloApi> {
  const cookie = new CookieJar();
  await cookie.setCookie('zpw_sek=sek-before; Domain=chat.zalo.me; Path=/; Secure; HttpOnly', 'https://chat.zalo.me');
  const nowhere = new Proxy({}, { get: () => ['http://127.0.0.1:9'] });
  const context = {
    uid: '900000000000000001',
    imei: 'real-imei-0001',
    cookie,
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
    language: 'vi',
    secretKey: 'MDEyMzQ1Njc4OWFiY2RlZg==',
    zpwServiceMap: nowhere,
    settings: { features: { socket: { retries: {}, close_and_retry_codes: [], rotate_error_codes: [], ping_interval: 60_000 }, sharefile: { max_file: 10 } } },
    options: { selfListen: false, checkUpdate: false, logging: false },
    API_TYPE: 30,
    API_VERSION: 665,
    extraVer: {},
    loginInfo: {},
  };
  return new zca.API(context as never, nowhere as never, [wsUrl]) as RealZaloApi;
}

/** What the real Zalo class makes of saved cookies when logging in with them: the cookie header it would send. */
export function cookieHeaderFromSaved(cookies: unknown): string {
  const zalo = new zca.Zalo({ logging: false, checkUpdate: false }) as unknown as { parseCookies(c: unknown): CookieJar };
  return zalo.parseCookies(cookies).getCookieStringSync('https://chat.zalo.me');
}
