// Prints each message as a readable block: the destination for terminal mode, where the
// person at the keyboard plays both the citizen and the staff.
import type { Destination, MessageKind, OutboxMessage } from './message.ts';

const KIND_LABELS: Record<MessageKind, string> = {
  feedback: 'Phản ánh, kiến nghị',
  unanswered: 'Câu hỏi chưa có câu trả lời',
  'staff-answer': 'Trả lời của cán bộ',
  'status-change': 'Cập nhật trạng thái',
  reply: 'Trả lời của bot',
  'channel-alert': 'Cảnh báo kênh chat',
  announcement: 'Tin tuyên truyền',
  satisfaction: 'Đánh giá mức độ hài lòng',
  assignment: 'Giao xử lý phản ánh',
  'deadline-reminder': 'Nhắc hạn xử lý',
};

export class ConsoleDestination implements Destination {
  /** Only for this process: a terminal session does not outlive a restart. */
  private readonly shown = new Set<string>();

  constructor(
    readonly name: string,
    private readonly write: (text: string) => void = console.log,
  ) {}

  async deliver(message: OutboxMessage): Promise<void> {
    if (this.shown.has(message.id)) return;
    this.write(formatBlock(message));
    this.shown.add(message.id);
  }
}

function formatBlock(message: OutboxMessage): string {
  const to = message.to ? `người dân (${message.to.channel}, ${message.to.chatId})` : message.destination;
  const code = message.code ? ` · mã ${message.code}` : '';
  return [`──── ${KIND_LABELS[message.kind]}${code} → ${to} ────`, message.text, '─'.repeat(40)].join('\n');
}
