// Commands on Telegram: the menu the bot registers, reading "/command@Bot args", and how a
// staff member is named in a feedback's history.
import type { User } from 'telegraf/types';

export const BOT_COMMANDS = [
  { command: 'start', description: 'Bắt đầu, xem hướng dẫn' },
  { command: 'menu', description: 'Danh mục thủ tục' },
  { command: 'phananh', description: 'Gửi phản ánh, kiến nghị' },
  { command: 'tracuu', description: 'Tra cứu phản ánh: /tracuu MÃ' },
  { command: 'dangky', description: 'Nhận tin thủ tục mới, lịch nghỉ, lệ phí' },
  { command: 'huydangky', description: 'Thôi nhận tin' },
  { command: 'help', description: 'Hướng dẫn sử dụng' },
];

/** "/traloi@MyBot PA-ABC123 text" → { name: 'traloi', args: 'PA-ABC123 text' }. */
export function parseCommand(text: string): { name: string; args: string } | undefined {
  const m = /^\/([a-zA-Z_]+)(?:@\w+)?(?:\s+([\s\S]*))?$/.exec(text.trim());
  return m ? { name: m[1]!.toLowerCase(), args: m[2] ?? '' } : undefined;
}

export function staffName(from: User | undefined): string {
  if (!from) return 'telegram';
  const name = [from.first_name, from.last_name].filter(Boolean).join(' ');
  return `telegram:${from.id}${name ? ` (${name})` : ''}`;
}

