// How a knowledge entry is told in a chat, one phone screen at a time. A general question
// gets an overview: the essentials in a few sentences (time, fee, place), then at most four
// buttons to the rest. A focused question ("mất bao lâu", "lệ phí bao nhiêu", "ở đâu")
// gets what it asked first, "Có"/"Không" leading a yes/no question. The legal basis and
// the official link sit behind "Căn cứ pháp lý" and at the end of the full view, once.
import { fillPlaceholders } from '../knowledge/placeholders.ts';
import { readFacts, readRequired, type Reading } from '../knowledge/reading.ts';
import type { Entry } from '../knowledge/schema.ts';
import { clip } from '../text/sentences.ts';
import type { Aspect } from '../search/aspects.ts';
import { keyLine, PART_LABELS, partLines, partSection, sourceLines, type Cited } from './entry-parts.ts';
import { menuButton, payload, type DetailPart } from './payloads.ts';
import { sectionsToPlainText, type AnswerSection } from './sections.ts';
import { type Button, type Reply, reply } from './types.ts';
import { isYesNoQuestion, yesNoFor } from './yes-no.ts';

export { menuButton, payload, type DetailPart };

export const HELPFUL_QUESTION = 'Câu trả lời có hữu ích không?';

/** A focused reply stays under this many characters as plain text: one phone screen. */
const FOCUSED_BUDGET = 850;
/** An overview's summary is cut to this; the rest is a button away. */
const SUMMARY_CHARS = 420;
/** Buttons to the rest of an entry under a first reply. */
const MAX_NEXT = 4;

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

const rating = (id: string): Button[] => [
  { label: '👍 Hữu ích', payload: payload.helpful(id, true) },
  { label: '👎 Chưa hữu ích', payload: payload.helpful(id, false) },
];

const partButton = (entry: Entry, part: DetailPart): Button => ({ label: PART_LABELS[part].button, payload: payload.details(entry.id, part) });
const fullButton = (entry: Entry): Button => ({ label: '📖 Xem đầy đủ', payload: payload.full(entry.id) });

/** The parts worth a button under a reply, most asked first, those already shown left out. */
function nextParts(entry: Cited, shown: readonly DetailPart[], r: Reading): DetailPart[] {
  const order: DetailPart[] = entry.kind === 'procedure' ? ['documents', 'steps', 'fees', 'place', 'time', 'notes'] : ['notes', 'related'];
  return order.filter((p) => !shown.includes(p) && (p === 'related' ? entry.related.length > 0 : partLines(entry, p, r)));
}

/** Under a first reply: up to three parts, then the full view; the basis when room is left. */
function nextButtons(entry: Cited, shown: readonly DetailPart[], r: Reading): Button[] {
  const parts = nextParts(entry, shown, r).slice(0, MAX_NEXT - 2);
  return [...parts.map((p) => partButton(entry, p)), fullButton(entry), partButton(entry, 'basis')].slice(0, MAX_NEXT);
}

function smalltalkReply(entry: Extract<Entry, { kind: 'smalltalk' }>, r: Reading): Reply {
  return reply(fillPlaceholders(entry.answer.text, r.settings), entry.id === 'smalltalk.thanks' ? [] : menuButton());
}

/** The overview a general question ("thủ tục đăng ký kết hôn") gets: a few lines, then buttons. */
export function entryReply(entry: Entry, r: Reading): Reply {
  if (entry.kind === 'smalltalk') return smalltalkReply(entry, r);
  const summary = clip(readRequired(entry.answer.summary, r), SUMMARY_CHARS);
  const lines =
    entry.kind === 'procedure'
      ? [summary, ...(['time', 'fees', 'place'] as const).flatMap((p) => keyLine(entry, p, r) ?? [])]
      : [summary, ...readFacts(entry.answer.details, r).slice(0, 2).map((d) => clip(d, 260))];
  const shown: DetailPart[] = entry.kind === 'procedure' ? ['time', 'fees', 'place'] : [];
  return { ...reply([{ heading: entry.title, lines }], nextButtons(entry, shown, r)), about: entry.id };
}

/** The whole entry: every part, then the legal basis and the official pages, once. */
export function fullReply(entry: Entry, r: Reading): Reply {
  if (entry.kind === 'smalltalk') return smalltalkReply(entry, r);
  const parts: DetailPart[] = entry.kind === 'procedure' ? ['who', 'documents', 'place', 'time', 'fees', 'steps', 'notes', 'basis'] : ['steps', 'notes', 'basis'];
  const body: AnswerSection[] = [
    { heading: entry.title, lines: [readRequired(entry.answer.summary, r)] },
    ...parts.flatMap((p) => partSection(entry, p, r, entry.kind === 'info' && p === 'steps' ? undefined : PART_LABELS[p].heading) ?? []),
    { heading: 'Xem thêm', lines: sourceLines(entry) },
    { lines: [HELPFUL_QUESTION] },
  ];
  const buttons = [...rating(entry.id), ...(entry.related.length ? [partButton(entry, 'related')] : []), ...menuButton()];
  return { ...reply(body, buttons), about: entry.id };
}

/**
 * What a focused question asked, first and short: "Có"/"Không" for a yes/no question the
 * text settles, then the parts asked for; the overview when the entry has none of them.
 */
export function focusedReply(entry: Entry, aspects: readonly Aspect[], r: Reading, question = ''): Reply {
  if (entry.kind === 'smalltalk') return smalltalkReply(entry, r);
  const parts = [...new Set(aspects.map((a) => PART_OF_ASPECT[a]))].filter((p) => partLines(entry, p, r)).slice(0, 3);
  if (!parts.length) return entryReply(entry, r);
  const sections = parts.map((p) => partSection(entry, p, r)!);
  const lead = isYesNoQuestion(question) ? yesNoLead(question, aspects, sections) : undefined;
  const body: AnswerSection[] = [{ heading: entry.title, lines: lead ? [lead] : [] }, ...sections];
  return { ...reply(fitBudget(body, parts.map((p) => PART_LABELS[p].button)), nextButtons(entry, parts, r)), about: entry.id };
}

/** "Có." / "Không." when the first asked part settles it. */
function yesNoLead(question: string, aspects: readonly Aspect[], sections: readonly AnswerSection[]): string | undefined {
  for (const aspect of aspects) {
    const part = PART_OF_ASPECT[aspect];
    const section = sections.find((s) => s.heading === PART_LABELS[part].heading);
    const word = section && yesNoFor(question, aspect, section.lines.join(' '));
    if (word) return `${word}.`;
  }
  return undefined;
}

/**
 * Shortens a reply to the budget: long lists keep their first items and say how many more
 * are a button away; a long sentence is cut at a clause. Never drops a part entirely.
 */
function fitBudget(body: AnswerSection[], buttons: readonly string[]): AnswerSection[] {
  const size = (s: AnswerSection[]) => sectionsToPlainText(s).length;
  const sections = body.map((s) => ({ ...s, lines: [...s.lines] }));
  const parts = sections.slice(1);
  const share = Math.floor((FOCUSED_BUDGET - size(sections.slice(0, 1))) / Math.max(1, parts.length));
  parts.forEach((s, i) => {
    if (size([s]) <= share) return;
    if (s.style) {
      const all = s.lines.length;
      while (s.lines.length > 1 && size([s]) > share - 40) s.lines.pop();
      if (s.lines.length < all) s.lines.push(`… và ${all - s.lines.length} mục nữa (bấm “${buttons[i] ?? PART_LABELS.documents.button}”).`);
    }
    const room = Math.max(120, Math.floor(share / s.lines.length) - 10);
    s.lines = s.lines.map((l) => clip(l, room));
  });
  return sections;
}

/** One part on its own ("📄 Hồ sơ cần chuẩn bị"), or the related procedures as buttons. */
export function detailsReply(entry: Entry, part: DetailPart, r: Reading, titleOf: (id: string) => string | undefined): Reply {
  if (part === 'related') {
    const related = entry.related.flatMap((id) => {
      const title = titleOf(id);
      return title ? [{ label: title, payload: payload.entry(id) }] : [];
    });
    return reply(related.length ? `Các thủ tục liên quan đến "${entry.title}":` : 'Chưa có thủ tục liên quan.', [...related, ...menuButton()]);
  }
  if (entry.kind === 'smalltalk') return reply('Không có thông tin thêm.', menuButton());
  const section = partSection(entry, part, r, `${PART_LABELS[part].heading}: ${entry.title}`);
  if (!section) return entryReply(entry, r);
  const extra: AnswerSection[] = [];
  if (part === 'steps' && entry.kind === 'procedure') extra.push({ heading: PART_LABELS.who.heading, lines: [readRequired(entry.answer.eligibility, r)] });
  if (part === 'basis') extra.push({ heading: 'Xem thêm', lines: sourceLines(entry) });
  return {
    ...reply([section, ...extra], [{ label: '⬅️ Xem lại tóm tắt', payload: payload.entry(entry.id) }, fullButton(entry), ...rating(entry.id)]),
    about: entry.id,
  };
}
