// Why the Zalo channel stopped, and which of those the service must not retry: each one
// past 'stopped' needs a person (close the other session, log in again by QR).
import { LOGIN_HINT } from './credentials.ts';

export type ZaloStopReason =
  /** Asked to (handle.stop()). */
  | 'stopped'
  /** Another Zalo Web session of the bot account opened (close code 3000). */
  | 'session-taken-over'
  /** The account logged in elsewhere (the Zalo PC app, another browser) and Zalo kicked this session (close code 3003). */
  | 'session-kicked'
  /** The session expired or was logged out: Zalo refuses the websocket, or it never opens. */
  | 'session-dead';

const WHY: Record<Exclude<ZaloStopReason, 'stopped'>, string> = {
  'session-taken-over': 'một phiên Zalo Web khác đã giành phiên của bot: đóng phiên kia rồi khởi động lại bot',
  'session-kicked': `tài khoản bot đã đăng nhập ở nơi khác (ví dụ Zalo trên máy tính) nên Zalo đã ngắt phiên của bot: đăng xuất ở nơi kia rồi khởi động lại bot, hoặc chạy ${LOGIN_HINT}`,
  'session-dead': `phiên Zalo đã hết hạn hoặc bị đăng xuất: chạy ${LOGIN_HINT}`,
};

/** The channel ended in a way that retrying cannot mend. */
export class ZaloSessionEndedError extends Error {
  override name = 'ZaloSessionEndedError';
  constructor(readonly reason: Exclude<ZaloStopReason, 'stopped'>) {
    super(WHY[reason]);
  }
}

/** The error a supervisor should fail the channel with, or undefined when it was asked to stop. */
export function zaloStopError(reason: ZaloStopReason): ZaloSessionEndedError | undefined {
  return reason === 'stopped' ? undefined : new ZaloSessionEndedError(reason);
}
