// How a knowledge entry is told in a chat. A general question gets the overview (the
// essentials and the legal basis); a focused one ("mất bao lâu", "lệ phí bao nhiêu")
// gets that part first, in a few lines that fit a phone screen; every other part is a
// button away.
import { fillPlaceholders } from '../knowledge/placeholders.ts';
import type { Entry, Settings } from '../knowledge/schema.ts';
import type { Aspect } from './aspects.ts';
import { menuButton, payload, type DetailPart } from './payloads.ts';
import { sectionsToPlainText, type AnswerSection } from './sections.ts';
import { type Button, type Reply, reply } from './types.ts';

export { menuButton, payload, type DetailPart };

export const HELPFUL_QUESTION = 'Câu trả lời có hữu ích không?';

/** A focused reply stays under this many characters as plain text (the issue's 1,200, with room for the channel's own additions). */
const FOCUSED_BUDGET = 1_100;

const PART_OF_ASPECT: Record<Aspect, DetailPart> = {
  time: 'time',
  money: 'fees',
  documents: 'documents',
  place: 'place',
  online: 'online',
  who: 'who',
  conditions: 'who',
  steps: 'steps',
};

const PART_LABELS: Record<DetailPart, { button: string; heading: string }> = {
  documents: { button: '📄 Hồ sơ', heading: 'Hồ sơ cần chuẩn bị' },
  place: { button: '📍 Nơi nộp', heading: 'Nơi nộp' },
  time: { button: '⏱️ Thời hạn', heading: 'Thời hạn giải quyết' },
  fees: { button: '💰 Phí, lệ phí', heading: 'Phí, lệ phí' },
  who: { button: '👤 Ai, điều kiện', heading: 'Ai thực hiện, điều kiện' },
  online: { button: '💻 Nộp trực tuyến', heading: 'Nộp trực tuyến' },
  steps: { button: '📋 Các bước thực hiện', heading: 'Các bước thực hiện' },
  notes: { button: '⚠️ Lưu ý, lỗi hay gặp', heading: 'Lưu ý, lỗi hay gặp' },
  related: { button: '🔗 Thủ tục liên quan', heading: 'Thủ tục liên quan' },
};

type Cited = Exclude<Entry, { kind: 'smalltalk' }>;

const filler = (settings: Settings) => (s: string) => fillPlaceholders(s, settings);

function cite(entry: Cited, fill: (s: string) => string): AnswerSection[] {
  return [
    { heading: 'Căn cứ pháp lý', lines: entry.legalBasis.map(fill) },
    { heading: 'Xem thêm', lines: entry.sources.map((s) => `${s.title}: ${s.url}`) },
  ];
}

const rating = (id: string): Button[] => [
  { label: '👍 Hữu ích', payload: payload.helpful(id, true) },
  { label: '👎 Chưa hữu ích', payload: payload.helpful(id, false) },
];

/** The lines of one part of a procedure; undefined where the entry has no such part. */
function partLines(entry: Cited, part: DetailPart, fill: (s: string) => string): string[] | undefined {
  if (part === 'notes') return entry.answer.notes.length ? entry.answer.notes.map(fill) : undefined;
  if (entry.kind !== 'procedure') return undefined;
  const a = entry.answer;
  switch (part) {
    case 'documents':
      return a.documents.map(fill);
    case 'place':
      return [`Trực tiếp: ${fill(a.submission.inPerson)}`, `Trực tuyến: ${fill(a.submission.online)}`];
    case 'online':
      return [fill(a.submission.online)];
    case 'time':
      return [fill(a.processingTime)];
    case 'fees':
      return [fill(a.fees)];
    case 'who':
      return [fill(a.eligibility)];
    case 'steps':
      return a.steps.map(fill);
    case 'related':
      return undefined;
  }
}

/** The overview: what a general question ("thủ tục đăng ký kết hôn") gets. */
export function entryReply(entry: Entry, settings: Settings): Reply {
  const fill = filler(settings);
  if (entry.kind === 'smalltalk') return reply(fill(entry.answer.text), entry.id === 'smalltalk.thanks' ? [] : menuButton());
  const buttons: Button[] = [];
  let body: AnswerSection[];
  if (entry.kind === 'procedure') {
    const a = entry.answer;
    body = [
      { heading: entry.title, lines: [fill(a.summary)] },
      { heading: PART_LABELS.documents.heading, lines: a.documents.map(fill) },
      { heading: PART_LABELS.place.heading, lines: partLines(entry, 'place', fill)! },
      { heading: PART_LABELS.time.heading, lines: [fill(a.processingTime)] },
      { heading: PART_LABELS.fees.heading, lines: [fill(a.fees)] },
    ];
    buttons.push({ label: PART_LABELS.steps.button, payload: payload.details(entry.id, 'steps') });
    if (a.notes.length) buttons.push({ label: PART_LABELS.notes.button, payload: payload.details(entry.id, 'notes') });
  } else {
    body = [{ heading: entry.title, lines: [fill(entry.answer.summary)] }, { lines: entry.answer.details.map(fill) }];
    if (entry.answer.notes.length) buttons.push({ label: '⚠️ Lưu ý', payload: payload.details(entry.id, 'notes') });
  }
  if (entry.related.length) buttons.push({ label: PART_LABELS.related.button, payload: payload.details(entry.id, 'related') });
  buttons.push(...rating(entry.id), ...menuButton());
  return { ...reply([...body, ...cite(entry, fill), { lines: [HELPFUL_QUESTION] }], buttons), about: entry.id };
}

/**
 * The parts a focused question asks for, first and short; the overview when the entry has
 * none of them (an explanation rather than a procedure), cut to the same budget.
 */
export function focusedReply(entry: Entry, aspects: readonly Aspect[], settings: Settings): Reply {
  if (entry.kind === 'smalltalk') return entryReply(entry, settings);
  const fill = filler(settings);
  const parts = [...new Set(aspects.map((a) => PART_OF_ASPECT[a]))].filter((p) => partLines(entry, p, fill));
  const sections: AnswerSection[] = parts.length
    ? [{ heading: entry.title, lines: [] }, ...parts.map((p) => ({ heading: PART_LABELS[p].heading, lines: partLines(entry, p, fill)! }))]
    : [{ heading: entry.title, lines: [fill(entry.answer.summary)] }, { lines: entry.kind === 'info' ? entry.answer.details.map(fill) : [] }];
  const source = entry.sources[0];
  const tail: AnswerSection[] = [
    { lines: [`Căn cứ: ${fill(entry.legalBasis[0]!)}${source ? `. Xem thêm: ${source.url}` : ''}`] },
    { lines: [HELPFUL_QUESTION] },
  ];
  const others = (['documents', 'place', 'time', 'fees', 'steps'] as const).filter((p) => !parts.includes(p) && partLines(entry, p, fill));
  const buttons: Button[] = [
    ...others.map((p) => ({ label: PART_LABELS[p].button, payload: payload.details(entry.id, p) })),
    { label: '📖 Xem đầy đủ', payload: payload.entry(entry.id) },
    ...rating(entry.id),
    ...menuButton(),
  ];
  return { ...reply(fitBudget(sections, tail), buttons), about: entry.id };
}

/** Drops the last lines of the body until the whole reply fits the budget, saying so. */
function fitBudget(body: AnswerSection[], tail: AnswerSection[]): AnswerSection[] {
  const size = (s: AnswerSection[]) => sectionsToPlainText(s).length;
  const sections = body.filter((s) => s.heading || s.lines.length).map((s) => ({ ...s, lines: [...s.lines] }));
  const more = { lines: ['… (bấm “Xem đầy đủ” để đọc hết)'] };
  let cut = false;
  while (size([...sections, ...(cut ? [more] : []), ...tail]) > FOCUSED_BUDGET) {
    const last = [...sections].reverse().find((s) => s.lines.length > (s === sections[0] ? 0 : 1)) ?? sections.at(-1)!;
    const line = last.lines.pop();
    if (line === undefined) break;
    // A single long line is shortened rather than dropped.
    if (!last.lines.length && line.length > 200) last.lines.push(`${line.slice(0, Math.floor(line.length / 2)).trimEnd()}…`);
    cut = true;
  }
  return [...sections, ...(cut ? [more] : []), ...tail];
}

export function detailsReply(entry: Entry, part: DetailPart, settings: Settings, titleOf: (id: string) => string | undefined): Reply {
  const fill = filler(settings);
  if (part === 'related') {
    const related = entry.related.flatMap((id) => {
      const title = titleOf(id);
      return title ? [{ label: title, payload: payload.entry(id) }] : [];
    });
    return reply(related.length ? `Các thủ tục liên quan đến "${entry.title}":` : 'Chưa có thủ tục liên quan.', [...related, ...menuButton()]);
  }
  if (entry.kind === 'smalltalk') return reply('Không có thông tin thêm.', menuButton());
  const lines = partLines(entry, part, fill) ?? (part === 'steps' && entry.kind === 'info' ? entry.answer.details.map(fill) : undefined);
  if (!lines) return { ...entryReply(entry, settings) };
  const eligibility = part === 'steps' && entry.kind === 'procedure' ? [{ heading: PART_LABELS.who.heading, lines: [fill(entry.answer.eligibility)] }] : [];
  return reply([{ heading: `${PART_LABELS[part].heading}: ${entry.title}`, lines }, ...eligibility], [
    { label: '⬅️ Xem lại câu trả lời', payload: payload.entry(entry.id) },
    ...menuButton(),
  ]);
}
