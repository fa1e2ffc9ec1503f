// How a knowledge entry is told in a chat: a concise first message with the essentials
// and its legal basis, then details on request, so a phone screen is not flooded.
import { fillPlaceholders } from '../knowledge/placeholders.ts';
import type { AnswerSection } from './sections.ts';
import type { Entry, Settings } from '../knowledge/schema.ts';
import { type Button, type Reply, reply } from './types.ts';

export const payload = {
  menu: 'menu',
  category: (c: string) => `cat:${c}`,
  entry: (id: string) => `entry:${id}`,
  details: (id: string, part: DetailPart) => `more:${part}:${id}`,
  helpful: (id: string, yes: boolean) => `rate:${yes ? 'yes' : 'no'}:${id}`,
  feedbackStart: 'fb:start',
  forwardQuestion: 'fb:forward',
  confirm: 'fb:confirm',
  cancel: 'cancel',
  consent: 'fb:consent',
  edit: (field: 'content' | 'name' | 'contact') => `fb:edit:${field}`,
  statusLookup: 'status',
} as const;

export type DetailPart = 'steps' | 'notes' | 'related';

export const HELPFUL_QUESTION = 'Câu trả lời có hữu ích không?';

function cite(entry: Exclude<Entry, { kind: 'smalltalk' }>, fill: (s: string) => string): AnswerSection[] {
  return [
    { heading: 'Căn cứ pháp lý', lines: entry.legalBasis.map(fill) },
    { heading: 'Xem thêm', lines: entry.sources.map((s) => `${s.title}: ${s.url}`) },
  ];
}

export function entryReply(entry: Entry, settings: Settings): Reply {
  const fill = (s: string) => fillPlaceholders(s, settings);
  if (entry.kind === 'smalltalk') return reply(fill(entry.answer.text), entry.id === 'smalltalk.thanks' ? [] : menuButton());
  const buttons: Button[] = [];
  let body: AnswerSection[];
  if (entry.kind === 'procedure') {
    const a = entry.answer;
    body = [
      { heading: entry.title, lines: [fill(a.summary)] },
      { heading: 'Hồ sơ cần chuẩn bị', lines: a.documents.map(fill) },
      { heading: 'Nơi nộp', lines: [`Trực tiếp: ${fill(a.submission.inPerson)}`, `Trực tuyến: ${fill(a.submission.online)}`] },
      { heading: 'Thời hạn giải quyết', lines: [fill(a.processingTime)] },
      { heading: 'Phí, lệ phí', lines: [fill(a.fees)] },
    ];
    buttons.push({ label: '📋 Các bước thực hiện', payload: payload.details(entry.id, 'steps') });
    if (a.notes.length) buttons.push({ label: '⚠️ Lưu ý, lỗi hay gặp', payload: payload.details(entry.id, 'notes') });
  } else {
    body = [{ heading: entry.title, lines: [fill(entry.answer.summary)] }, { lines: entry.answer.details.map(fill) }];
    if (entry.answer.notes.length) buttons.push({ label: '⚠️ Lưu ý', payload: payload.details(entry.id, 'notes') });
  }
  if (entry.related.length) buttons.push({ label: '🔗 Thủ tục liên quan', payload: payload.details(entry.id, 'related') });
  buttons.push(
    { label: '👍 Hữu ích', payload: payload.helpful(entry.id, true) },
    { label: '👎 Chưa hữu ích', payload: payload.helpful(entry.id, false) },
    ...menuButton(),
  );
  return reply([...body, ...cite(entry, fill), { lines: [HELPFUL_QUESTION] }], buttons);
}

export function detailsReply(entry: Entry, part: DetailPart, settings: Settings, titleOf: (id: string) => string | undefined): Reply {
  const fill = (s: string) => fillPlaceholders(s, settings);
  if (part === 'related') {
    const related = entry.related.flatMap((id) => {
      const title = titleOf(id);
      return title ? [{ label: title, payload: payload.entry(id) }] : [];
    });
    return reply(related.length ? `Các thủ tục liên quan đến "${entry.title}":` : 'Chưa có thủ tục liên quan.', [...related, ...menuButton()]);
  }
  if (entry.kind === 'smalltalk') return reply('Không có thông tin thêm.', menuButton());
  const lines = part === 'steps' ? (entry.kind === 'procedure' ? entry.answer.steps : entry.answer.details) : entry.answer.notes;
  const heading = part === 'steps' ? 'Các bước thực hiện' : 'Lưu ý, lỗi hay gặp';
  const eligibility = part === 'steps' && entry.kind === 'procedure' ? [{ heading: 'Ai thực hiện', lines: [fill(entry.answer.eligibility)] }] : [];
  return reply([{ heading: `${heading}: ${entry.title}`, lines: lines.map(fill) }, ...eligibility], [
    { label: '⬅️ Xem lại câu trả lời', payload: payload.entry(entry.id) },
    ...menuButton(),
  ]);
}

export const menuButton = (): Button[] => [{ label: '☰ Menu', payload: payload.menu }];
