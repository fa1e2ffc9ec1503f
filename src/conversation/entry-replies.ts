// How a knowledge entry is told in a chat. A general question gets the overview (the
// essentials and the legal basis); a focused one ("mất bao lâu", "lệ phí bao nhiêu")
// gets that part first, in a few lines that fit a phone screen; every other part is a
// button away.
import { fillPlaceholders } from '../knowledge/placeholders.ts';
import { readBasis, readFacts, readRequired, type Reading } from '../knowledge/reading.ts';
import type { Entry } from '../knowledge/schema.ts';
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

function cite(entry: Cited, r: Reading): AnswerSection[] {
  return [
    { heading: 'Căn cứ pháp lý', lines: readBasis(entry.legalBasis, r) },
    { heading: 'Xem thêm', lines: entry.sources.map((s) => `${s.title}: ${s.url}`) },
  ];
}

const rating = (id: string): Button[] => [
  { label: '👍 Hữu ích', payload: payload.helpful(id, true) },
  { label: '👎 Chưa hữu ích', payload: payload.helpful(id, false) },
];

/** The lines of one part of a procedure; undefined where the entry has no such part. */
function partLines(entry: Cited, part: DetailPart, r: Reading): string[] | undefined {
  if (part === 'notes') {
    const notes = readFacts(entry.answer.notes, r);
    return notes.length ? notes : undefined;
  }
  if (entry.kind !== 'procedure') return undefined;
  const a = entry.answer;
  const one = (f: (typeof a)['fees']) => [readRequired(f, r)];
  switch (part) {
    case 'documents':
      return readFacts(a.documents, r);
    case 'place':
      return [`Trực tiếp: ${readRequired(a.submission.inPerson, r)}`, `Trực tuyến: ${readRequired(a.submission.online, r)}`];
    case 'online':
      return one(a.submission.online);
    case 'time':
      return one(a.processingTime);
    case 'fees':
      return one(a.fees);
    case 'who':
      return one(a.eligibility);
    case 'steps':
      return readFacts(a.steps, r);
    case 'related':
      return undefined;
  }
}

/** The overview: what a general question ("thủ tục đăng ký kết hôn") gets. */
export function entryReply(entry: Entry, r: Reading): Reply {
  if (entry.kind === 'smalltalk') return reply(fillPlaceholders(entry.answer.text, r.settings), entry.id === 'smalltalk.thanks' ? [] : menuButton());
  const buttons: Button[] = [];
  let body: AnswerSection[];
  if (entry.kind === 'procedure') {
    const a = entry.answer;
    body = [
      { heading: entry.title, lines: [readRequired(a.summary, r)] },
      { heading: PART_LABELS.documents.heading, lines: readFacts(a.documents, r) },
      { heading: PART_LABELS.place.heading, lines: partLines(entry, 'place', r)! },
      { heading: PART_LABELS.time.heading, lines: [readRequired(a.processingTime, r)] },
      { heading: PART_LABELS.fees.heading, lines: [readRequired(a.fees, r)] },
    ];
    buttons.push({ label: PART_LABELS.steps.button, payload: payload.details(entry.id, 'steps') });
    if (a.notes.length) buttons.push({ label: PART_LABELS.notes.button, payload: payload.details(entry.id, 'notes') });
  } else {
    body = [{ heading: entry.title, lines: [readRequired(entry.answer.summary, r)] }, { lines: readFacts(entry.answer.details, r) }];
    if (entry.answer.notes.length) buttons.push({ label: '⚠️ Lưu ý', payload: payload.details(entry.id, 'notes') });
  }
  if (entry.related.length) buttons.push({ label: PART_LABELS.related.button, payload: payload.details(entry.id, 'related') });
  buttons.push(...rating(entry.id), ...menuButton());
  return { ...reply([...body, ...cite(entry, r), { lines: [HELPFUL_QUESTION] }], buttons), about: entry.id };
}

/**
 * The parts a focused question asks for, first and short; the overview when the entry has
 * none of them (an explanation rather than a procedure), cut to the same budget.
 */
export function focusedReply(entry: Entry, aspects: readonly Aspect[], r: Reading): Reply {
  if (entry.kind === 'smalltalk') return entryReply(entry, r);
  const parts = [...new Set(aspects.map((a) => PART_OF_ASPECT[a]))].filter((p) => partLines(entry, p, r));
  const sections: AnswerSection[] = parts.length
    ? [{ heading: entry.title, lines: [] }, ...parts.map((p) => ({ heading: PART_LABELS[p].heading, lines: partLines(entry, p, r)! }))]
    : [{ heading: entry.title, lines: [readRequired(entry.answer.summary, r)] }, { lines: entry.kind === 'info' ? readFacts(entry.answer.details, r) : [] }];
  const source = entry.sources[0];
  const tail: AnswerSection[] = [
    { lines: [`Căn cứ: ${readBasis(entry.legalBasis.slice(0, 1), r)[0]}${source ? `. Xem thêm: ${source.url}` : ''}`] },
    { lines: [HELPFUL_QUESTION] },
  ];
  const others = (['documents', 'place', 'time', 'fees', 'steps'] as const).filter((p) => !parts.includes(p) && partLines(entry, p, r));
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

export function detailsReply(entry: Entry, part: DetailPart, r: Reading, titleOf: (id: string) => string | undefined): Reply {
  if (part === 'related') {
    const related = entry.related.flatMap((id) => {
      const title = titleOf(id);
      return title ? [{ label: title, payload: payload.entry(id) }] : [];
    });
    return reply(related.length ? `Các thủ tục liên quan đến "${entry.title}":` : 'Chưa có thủ tục liên quan.', [...related, ...menuButton()]);
  }
  if (entry.kind === 'smalltalk') return reply('Không có thông tin thêm.', menuButton());
  const lines = partLines(entry, part, r) ?? (part === 'steps' && entry.kind === 'info' ? readFacts(entry.answer.details, r) : undefined);
  if (!lines) return { ...entryReply(entry, r) };
  const eligibility = part === 'steps' && entry.kind === 'procedure' ? [{ heading: PART_LABELS.who.heading, lines: [readRequired(entry.answer.eligibility, r)] }] : [];
  return reply([{ heading: `${PART_LABELS[part].heading}: ${entry.title}`, lines }, ...eligibility], [
    { label: '⬅️ Xem lại câu trả lời', payload: payload.entry(entry.id) },
    ...menuButton(),
  ]);
}
