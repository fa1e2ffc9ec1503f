// Logging the bot's Zalo account in with zca-js: by QR code (the `zalo login` command,
// which saves the session) and with the saved session (at start), and assembling the
// channel around it. `checkUpdate: false`: no calls beyond Zalo itself.
import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import { ensurePrivateDir, openPrivate } from '../../files/private-files.ts';
import type { Conversation } from '../../conversation/conversation.ts';
import type { FeedbackRepository } from '../../feedback/record.ts';
import type { Destination, OutboxPort } from '../../outbox/message.ts';
import type { HandledIds } from '../../outbox/handled-ids.ts';
import { assertNotCorrupt, LOGIN_HINT, loadCredentials, saveCredentials } from './credentials.ts';
import { SessionSaver, sessionOf } from './session-saver.ts';
import type { SendThrottle } from './throttle.ts';
import { startZalo, zaloNumberedOptions, type ZaloHandle } from './zalo-adapter.ts';
import { MemoryHandledIds } from '../../outbox/handled-ids.ts';
import type { ZaloApiPort } from './zalo-api.ts';
import { loadZaloConfig } from './zalo-config.ts';
import { staffZaloDestination, zaloCitizenRoute, zaloReplyDestination } from './zalo-destinations.ts';
import { STAFF_ZALO_DESTINATION, ZaloOutgoing } from './zalo-outgoing.ts';
import { zca, type ZcaTypes } from './zca.ts';

/** How long a login QR code can be used: zca-js gives up on it after 100 s (hard-coded), scanning and confirming included. */
export const QR_VALID_SECONDS = 100;

type QrLoginEvent = Parameters<NonNullable<Parameters<ZcaTypes.Zalo['loginQR']>[1]>>[0];

/** What logging in needs of zca-js's `Zalo`; tests stand in a fake. */
export interface ZaloLoginPort {
  login(credentials: ZcaTypes.Credentials): Promise<ZaloApiPort>;
  loginQR(options: { qrPath?: string }, callback: (event: QrLoginEvent) => unknown): Promise<ZaloApiPort>;
}

// The real API must fit the port the adapter is written against.
const fits = (zalo: ZcaTypes.Zalo): ZaloLoginPort => zalo;

const newZalo = () => fits(new zca.Zalo({ checkUpdate: false, selfListen: false, logging: false }));

/** Logs in with the saved session; says clearly when there is none or it has expired. */
export async function loginWithSavedCredentials(dataDir: string, zalo: ZaloLoginPort = newZalo()): Promise<ZaloApiPort> {
  const credentials = await loadCredentials(dataDir);
  try {
    return await zalo.login(credentials as ZcaTypes.Credentials);
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
export async function loginWithQr(dataDir: string, io: QrLoginIo, zalo: ZaloLoginPort = newZalo()): Promise<string> {
  // A damaged credentials file is left for a person to look at: fail before the QR, not after.
  await assertNotCorrupt(dataDir);
  const qrPath = join(dataDir, 'zalo-login-qr.png');
  await ensurePrivateDir(dataDir);
  let ended: 'expired' | 'declined' | undefined;
  let problem: Error | undefined;
  // zca-js ignores what the callback returns: whatever fails in it must be caught here,
  // or it becomes an unhandled rejection while the login waits for a scan that never comes.
  const showQr = async (image: string, abort: () => unknown) => {
    try {
      await savePrivatePng(qrPath, image);
    } catch (err) {
      problem = new Error(`Không lưu được ảnh mã QR vào ${qrPath} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): kiểm tra quyền ghi và chỗ trống của thư mục dữ liệu rồi chạy lại lệnh.`);
      abort();
      return;
    }
    try {
      io.onQr(qrPath);
    } catch (err) {
      problem = new Error(`Không hiện được mã QR (${(err as Error).message}). Chạy lại lệnh để lấy mã mới.`);
      abort();
    }
  };
  let api: ZaloApiPort | undefined;
  let failure: unknown;
  try {
    api = await zalo.loginQR({ qrPath }, (event) => {
      switch (event.type) {
        case zca.LoginQRCallbackEventType.QRCodeGenerated:
          void showQr(event.data.image, event.actions.abort);
          break;
        // Aborted at once: a later retry() or abort() leaves zca-js's flow hanging or orphaned.
        case zca.LoginQRCallbackEventType.QRCodeExpired:
          ended = 'expired';
          event.actions.abort();
          break;
        case zca.LoginQRCallbackEventType.QRCodeDeclined:
          ended = 'declined';
          event.actions.abort();
          break;
        case zca.LoginQRCallbackEventType.QRCodeScanned:
          io.onScanned();
          break;
      }
    });
  } catch (err) {
    failure = err;
  } finally {
    // The QR is a login token until it expires: not left lying around.
    await rm(qrPath, { force: true }).catch(() => undefined);
  }
  if (problem) throw problem;
  if (!api) {
    if (ended === 'expired') throw new Error(`Mã QR đã hết hạn: mỗi mã chỉ dùng được khoảng ${QR_VALID_SECONDS} giây, tính cả lúc quét và lúc bấm xác nhận. Chạy lại lệnh để lấy mã mới.`);
    if (ended === 'declined') throw new Error('Đăng nhập đã bị từ chối trên điện thoại. Chạy lại lệnh nếu muốn thử lại.');
    throw new Error(`Chưa đăng nhập được Zalo${failure instanceof Error ? ` (${failure.message})` : ''}. Chạy lại lệnh để lấy mã mới.`);
  }
  // The live session, not the cookies of the QR step: logging in added cookies of its own.
  return saveCredentials(dataDir, sessionOf(api.getContext()));
}

/** Writes the QR image readable by its owner only, even over a file left by an earlier run. */
async function savePrivatePng(path: string, base64: string): Promise<void> {
  const file = await openPrivate(path, 'w');
  try {
    await file.writeFile(Buffer.from(base64, 'base64'));
  } finally {
    await file.close();
  }
}

export interface ZaloBotParts {
  conversation: Conversation;
  feedback: FeedbackRepository;
  /** Notifications (staff answers, the alert when the session dies). */
  outbox: OutboxPort;
  /** The reply outbox, whose destinations include `replyDestinations`. */
  replies: OutboxPort;
  /** Names of the outbox's staff destinations. */
  staffDestinations: readonly string[];
}

export interface PreparedZalo {
  citizenRoutes: { zalo: Destination };
  staffDestinations: Destination[];
  /** For openBot's `replyDestinations`: the bot's replies to citizens on Zalo. */
  replyDestinations: Destination[];
  /** Logs in with the saved session and starts listening. */
  start(bot: ZaloBotParts): Promise<ZaloHandle>;
}

/** Stand-ins for tests. */
export interface ZaloChannelDeps {
  login?: (dataDir: string) => Promise<ZaloApiPort>;
  /** Where sent part ids are kept; a file in the data folder by default, the database in a province deployment. */
  sent?: HandledIds;
  /** Unit id → its staff Zalo group, in a deployment serving several units. */
  unitGroups?: () => ReadonlyMap<string, string>;
  throttle?: SendThrottle;
  sessionSaveEveryMs?: number;
  reconnectDelayMs?: (attempt: number) => number;
}

/**
 * Reads ZALO_*; undefined when the channel is off. The destinations exist before login
 * (openBot needs them): until the channel is connected their deliveries fail and the
 * outboxes retry them. Intended use in main.ts:
 *
 *   const zalo = prepareZaloFromEnv(process.env, config.TTHC_DATA_DIR);
 *   const bot = await openBot(config, { citizenRoutes: { ...zalo?.citizenRoutes }, staffDestinations: zalo?.staffDestinations ?? [], replyDestinations: zalo?.replyDestinations ?? [] });
 *   bot.replies.start();
 *   const zaloHandle = await zalo?.start(bot);
 */
export function prepareZaloFromEnv(env: NodeJS.ProcessEnv, dataDir: string, log: (line: string) => void = (l) => console.error(l), deps: ZaloChannelDeps = {}): PreparedZalo | undefined {
  const config = loadZaloConfig(env);
  if (!config.ZALO_ENABLED) return undefined;
  const outgoing = new ZaloOutgoing(deps.throttle);
  // One record of what was sent, shared by every Zalo destination and kept across restarts.
  const sent = deps.sent ?? new MemoryHandledIds();
  if (!config.ZALO_STAFF_GROUP_ID) log(`zalo: chưa đặt ZALO_STAFF_GROUP_ID, phản ánh không được chuyển vào nhóm Zalo (vẫn ghi vào staff-inbox.jsonl)`);
  else if (!config.ZALO_STAFF_IDS.length) log('zalo: chưa đặt ZALO_STAFF_IDS, không ai dùng được /traloi và /trangthai trong nhóm');
  const login = deps.login ?? ((dir: string) => loginWithSavedCredentials(dir));
  const numbered = zaloNumberedOptions();
  return {
    citizenRoutes: { zalo: zaloCitizenRoute(outgoing, sent, numbered) },
    staffDestinations: config.ZALO_STAFF_GROUP_ID || deps.unitGroups ? [staffZaloDestination(outgoing, config.ZALO_STAFF_GROUP_ID, sent, deps.unitGroups)] : [],
    replyDestinations: [zaloReplyDestination(outgoing, sent)],
    async start(bot) {
      const api = await login(dataDir);
      const session = new SessionSaver({ dataDir, context: () => api.getContext(), log, everyMs: deps.sessionSaveEveryMs });
      return startZalo({
        api,
        conversation: bot.conversation,
        feedback: bot.feedback,
        outbox: bot.outbox,
        replies: bot.replies,
        staffDestinations: bot.staffDestinations,
        outgoing,
        numbered,
        session,
        staffGroupId: config.ZALO_STAFF_GROUP_ID,
        unitGroups: deps.unitGroups,
        staffIds: config.ZALO_STAFF_IDS,
        log,
        reconnectDelayMs: deps.reconnectDelayMs,
      });
    },
  };
}

export { STAFF_ZALO_DESTINATION };
export { zaloStopError, ZaloSessionEndedError, type ZaloStopReason } from './stop-reason.ts';
