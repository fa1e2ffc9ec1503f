// Tells Home Affairs staff that the Zalo channel has stopped because its session died, on
// their other destinations (the staff inbox file, Telegram…): the Zalo staff group cannot
// receive anything while the session is dead. The ids carry the day (in Vietnam), so a restart that
// finds the session still dead does not queue the same alert again.
import type { NewOutboxMessage } from '../../outbox/message.ts';
import { vietnamDate } from '../../time/vietnam-calendar.ts';
import { LOGIN_HINT } from './credentials.ts';
import { STAFF_ZALO_DESTINATION } from './zalo-outgoing.ts';

export const SESSION_DEAD_ALERT = [
  '⚠️ KÊNH ZALO CỦA BOT ĐÃ DỪNG',
  'Phiên đăng nhập Zalo của tài khoản bot đã hết hạn hoặc bị đăng xuất: bot không nhận và không trả lời tin nhắn Zalo của người dân, nhóm cán bộ trên Zalo cũng không nhận được phản ánh mới.',
  `Người quản trị máy chủ cần đăng nhập lại: chạy ${LOGIN_HINT}, quét mã QR bằng ứng dụng Zalo của tài khoản bot, rồi khởi động lại bot.`,
].join('\n');

export function sessionDeadAlerts(staffDestinations: readonly string[], now: Date): NewOutboxMessage[] {
  const day = vietnamDate(now.getTime());
  return staffDestinations
    .filter((destination) => destination !== STAFF_ZALO_DESTINATION)
    .map((destination) => ({ id: `zalo-alert:session-dead:${day}:${destination}`, destination, kind: 'channel-alert' as const, text: SESSION_DEAD_ALERT }));
}
