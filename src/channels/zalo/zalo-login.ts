// Logging the bot's Zalo account in with zca-js: by QR code (the `zalo login` command,
// which saves the session) and with the saved session (at start). `checkUpdate: false`:
// no calls beyond Zalo itself.
import { join } from 'node:path';
import { rm, writeFile } from 'node:fs/promises';
import { ensurePrivateDir } from '../../files/private-files.ts';
import type { Destination } from '../../outbox/message.ts';
import type { Conversation } from '../../conversation/conversation.ts';
import type { FeedbackRepository } from '../../feedback/record.ts';
import type { OutboxPort } from '../../outbox/message.ts';
import { assertNotCorrupt, LOGIN_HINT, loadCredentials, saveCredentials, type ZaloCredentials } from './credentials.ts';
import { startZalo, type ZaloHandle } from './zalo-adapter.ts';
import type { ZaloApiPort } from './zalo-api.ts';
import { loadZaloConfig } from './zalo-config.ts';
import { STAFF_ZALO_DESTINATION, staffZaloDestination, ZaloOutgoing, zaloCitizenRoute } from './zalo-outgoing.ts';
import { zca, type ZcaTypes } from './zca.ts';

// The real API must fit the port the adapter is written against.
const fits = (api: ZcaTypes.API): ZaloApiPort => api;

const newZalo = () => new zca.Zalo({ checkUpdate: false, selfListen: false, logging: false });

/** Logs in with the saved session; says clearly when there is none or it has expired. */
export async function loginWithSavedCredentials(dataDir: string): Promise<ZaloApiPort> {
  const credentials = await loadCredentials(dataDir);
  try {
    return fits(await newZalo().login(credentials as ZcaTypes.Credentials));
  } catch (err) {
    throw new Error(`Đăng nhập Zalo bằng phiên đã lưu không được, có thể phiên đã hết hạn hoặc bị đăng xuất: chạy lại ${LOGIN_HINT} (${(err as Error).message})`);
  }
}

export interface QrLoginIo {
  /** Told where the QR image is, once it is saved. */
  onQr(pngPath: string): void;
  onScanned(): void;
}

/** Shows a QR code to scan with the bot account's Zalo app, then saves the session. */
export async function loginWithQr(dataDir: string, io: QrLoginIo): Promise<string> {
  // A damaged credentials file is left for a person to look at: fail before the QR, not after.
  await assertNotCorrupt(dataDir);
  const qrPath = join(dataDir, 'zalo-login-qr.png');
  await ensurePrivateDir(dataDir);
  let credentials: ZaloCredentials | undefined;
  const waiting = newZalo().loginQR({ qrPath }, async (event) => {
    switch (event.type) {
      case zca.LoginQRCallbackEventType.QRCodeGenerated:
        await writeFile(qrPath, event.data.image, { encoding: 'base64', mode: 0o600 });
        io.onQr(qrPath);
        break;
      case zca.LoginQRCallbackEventType.QRCodeExpired:
        event.actions.abort();
        break;
      case zca.LoginQRCallbackEventType.QRCodeScanned:
        io.onScanned();
        break;
      case zca.LoginQRCallbackEventType.QRCodeDeclined:
        event.actions.abort();
        break;
      case zca.LoginQRCallbackEventType.GotLoginInfo:
        credentials = { cookie: event.data.cookie as unknown as ZaloCredentials['cookie'], imei: event.data.imei, userAgent: event.data.userAgent };
        break;
    }
  });
  // Aborting (QR expired or declined) rejects; the message below says what to do.
  const failure = await waiting.then(() => undefined, (err: unknown) => err);
  // The QR is a login token until it expires: not left lying around.
  await rm(qrPath, { force: true });
  if (!credentials)
    throw new Error(`Chưa đăng nhập được Zalo (mã QR hết hạn, bị từ chối, hoặc lỗi mạng${failure instanceof Error ? `: ${failure.message}` : ''}). Chạy lại lệnh để lấy mã mới.`);
  return saveCredentials(dataDir, credentials);
}

export interface ZaloBotParts {
  conversation: Conversation;
  feedback: FeedbackRepository;
  outbox: OutboxPort;
}

export interface PreparedZalo {
  citizenRoutes: { zalo: Destination };
  staffDestinations: Destination[];
  /** Logs in with the saved session and starts listening. */
  start(bot: ZaloBotParts): Promise<ZaloHandle>;
}

/**
 * Reads ZALO_*; undefined when the channel is off. The destinations exist before login
 * (openBot needs them): until the channel is connected their deliveries fail and the
 * outbox retries them. Intended use in main.ts:
 *
 *   const zalo = prepareZaloFromEnv(process.env, config.TTHC_DATA_DIR);
 *   const bot = await openBot(config, { citizenRoutes: { ...zalo?.citizenRoutes }, staffDestinations: zalo?.staffDestinations ?? [] });
 *   const zaloHandle = await zalo?.start(bot);
 */
export function prepareZaloFromEnv(env: NodeJS.ProcessEnv, dataDir: string, log: (line: string) => void = (l) => console.error(l)): PreparedZalo | undefined {
  const config = loadZaloConfig(env);
  if (!config.ZALO_ENABLED) return undefined;
  const outgoing = new ZaloOutgoing();
  if (!config.ZALO_STAFF_GROUP_ID) log(`zalo: chưa đặt ZALO_STAFF_GROUP_ID, phản ánh không được chuyển vào nhóm Zalo (vẫn ghi vào staff-inbox.jsonl)`);
  else if (!config.ZALO_STAFF_IDS.length) log('zalo: chưa đặt ZALO_STAFF_IDS, không ai dùng được /traloi và /trangthai trong nhóm');
  return {
    citizenRoutes: { zalo: zaloCitizenRoute(outgoing) },
    staffDestinations: config.ZALO_STAFF_GROUP_ID ? [staffZaloDestination(outgoing, config.ZALO_STAFF_GROUP_ID)] : [],
    async start(bot) {
      const api = await loginWithSavedCredentials(dataDir);
      return startZalo({ api, ...bot, outgoing, staffGroupId: config.ZALO_STAFF_GROUP_ID, staffIds: config.ZALO_STAFF_IDS, log });
    },
  };
}

export { STAFF_ZALO_DESTINATION };
