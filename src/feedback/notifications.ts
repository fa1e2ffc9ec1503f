// The messages a feedback record causes: its forward to each Home Affairs destination,
// and each staff answer going back to the citizen. Their outbox ids come from the record
// ("fb:PA-K7M3QX:staff-file"), so they can be worked out again from the record alone:
// after a crash between storing a record and queuing its messages, the start-up
// re-queues whatever is missing, and queuing one twice does nothing.
import type { NewOutboxMessage } from '../outbox/message.ts';
import { CATEGORIES } from '../knowledge/schema.ts';
import { SATISFACTION_QUESTION } from './satisfaction.ts';
import { FEEDBACK_KINDS, FEEDBACK_STATUSES, type FeedbackRecord, type FeedbackStatus } from './record.ts';

/** Outbox destination that routes a message to the channel the citizen wrote from. */
export const CITIZEN_DESTINATION = 'citizen';

/** Messages of one event (a submission, an answer): queued together, missing together. */
export interface NotificationGroup {
  /** The ids' common prefix, before the destination. */
  group: string;
  /** When the event happened. */
  at: string;
  messages: (NewOutboxMessage & { id: string })[];
}

/** The group an outbox id belongs to: everything before its last ":". */
export const groupOf = (id: string) => id.slice(0, id.lastIndexOf(':'));

/** The name of a unit ("phường B'Lao") by its id, for staff reading a forwarded message. */
export type UnitNames = (id: string) => string | undefined;

export function forwardGroup(record: FeedbackRecord, staffDestinations: readonly string[], unitName?: UnitNames): NotificationGroup {
  const group = `fb:${record.code}`;
  return {
    group,
    at: record.createdAt,
    messages: staffDestinations.map((destination) => ({
      id: `${group}:${destination}`,
      destination,
      kind: 'feedback',
      code: record.code,
      ...(record.unit ? { unit: record.unit } : {}),
      text: staffNotice(record, record.unit ? (unitName?.(record.unit) ?? record.unit) : undefined),
    })),
  };
}

export function answerGroup(record: FeedbackRecord): NotificationGroup | undefined {
  const { answer } = record;
  if (!answer) return undefined;
  const group = `ans:${record.code}.${Date.parse(answer.at)}`;
  return {
    group,
    at: answer.at,
    messages: [
      {
        id: `${group}:${CITIZEN_DESTINATION}`,
        destination: CITIZEN_DESTINATION,
        kind: 'staff-answer',
        code: record.code,
        to: record.from,
        text: `Trả lời phản ánh, kiến nghị mã ${record.code}:\n${answer.text}`,
      },
    ],
  };
}

/** The satisfaction question, once the record has been answered: at its first answer, asked once. */
export function satisfactionGroup(record: FeedbackRecord): NotificationGroup | undefined {
  const first = record.history.find((h) => h.status === 'da-tra-loi' && !h.action);
  if (!first || !record.answer) return undefined;
  const group = `rate:${record.code}`;
  return {
    group,
    at: first.at,
    messages: [
      {
        id: `${group}:${CITIZEN_DESTINATION}`,
        destination: CITIZEN_DESTINATION,
        kind: 'satisfaction',
        code: record.code,
        to: record.from,
        text: `${SATISFACTION_QUESTION}\nPhản ánh, kiến nghị mã ${record.code}: bạn chọn một mức bên dưới (có thể đổi trong 7 ngày).`,
      },
    ],
  };
}

/**
 * The citizen is told of each change of status staff make (the answer is told by its own
 * message, and the first status is the filing itself).
 */
export function statusGroups(record: FeedbackRecord): NotificationGroup[] {
  return record.history.flatMap((h): NotificationGroup[] => {
    // Assignments and corrected fields are the office's own business.
    if (h.status === 'moi' || h.status === 'da-tra-loi' || h.by === 'nguoi-dan' || h.action) return [];
    const group = `st:${record.code}.${Date.parse(h.at)}`;
    const label = FEEDBACK_STATUSES[h.status as FeedbackStatus] ?? h.status;
    const text = [`Phản ánh, kiến nghị mã ${record.code}: ${label.toLowerCase()}.`, ...(h.note ? [`Ghi chú của cơ quan: ${h.note}`] : [])].join('\n');
    return [{ group, at: h.at, messages: [{ id: `${group}:${CITIZEN_DESTINATION}`, destination: CITIZEN_DESTINATION, kind: 'status-change', code: record.code, to: record.from, text }] }];
  });
}

/** Every group a record should have caused by now. */
export function expectedNotifications(record: FeedbackRecord, staffDestinations: readonly string[], unitName?: UnitNames): NotificationGroup[] {
  return [forwardGroup(record, staffDestinations, unitName), answerGroup(record), satisfactionGroup(record), ...statusGroups(record)].filter((g): g is NotificationGroup => g !== undefined);
}

/** What Home Affairs reads: compact, with the code first. Contains personal data: staff destinations only. */
export function staffNotice(r: FeedbackRecord, unit?: string): string {
  const contact = [r.sender.phone, r.sender.address].filter(Boolean).join(' · ');
  return [
    `📩 ${FEEDBACK_KINDS[r.kind].toUpperCase()} MỚI · ${r.code}`,
    ...(unit ? [`Đơn vị: ${unit}`] : []),
    `Lĩnh vực: ${r.category ? CATEGORIES[r.category] : 'Chưa phân loại'} · Kênh: ${r.from.channel}`,
    `Nội dung: ${r.content}`,
    `Người gửi: ${r.sender.name} · ${contact}`,
    ...(r.candidates?.length ? [`Bot đã gợi ý: ${r.candidates.map((c) => c.id).join(', ')}`] : []),
    `Trả lời: /traloi ${r.code} <nội dung>`,
  ].join('\n');
}
