// The parts of a knowledge entry a citizen can ask about (documents, place, time, fees…),
// each as it reads today for the citizen's ward, and as the one line an overview shows.
import { readBasis, readFacts, readRequired, type Reading } from '../knowledge/reading.ts';
import type { Entry } from '../knowledge/schema.ts';
import { gist } from '../text/sentences.ts';
import type { DetailPart } from './payloads.ts';
import type { AnswerSection } from './sections.ts';

export type Cited = Exclude<Entry, { kind: 'smalltalk' }>;

const FEE_WORDS = /\b(phí|lệ phí|miễn|giảm)\b/iu;

export const PART_LABELS: Record<DetailPart, { button: string; heading: string }> = {
  documents: { button: '📄 Hồ sơ cần chuẩn bị', heading: 'Hồ sơ cần chuẩn bị' },
  place: { button: '📍 Nơi nộp', heading: 'Nơi nộp' },
  time: { button: '⏱️ Thời hạn', heading: 'Thời hạn giải quyết' },
  fees: { button: '💰 Phí, lệ phí', heading: 'Phí, lệ phí' },
  who: { button: '👤 Ai, điều kiện', heading: 'Ai thực hiện, điều kiện' },
  online: { button: '💻 Nộp trực tuyến', heading: 'Nộp trực tuyến' },
  steps: { button: '📋 Các bước thực hiện', heading: 'Các bước thực hiện' },
  notes: { button: '⚠️ Lưu ý', heading: 'Lưu ý, lỗi hay gặp' },
  related: { button: '🔗 Thủ tục liên quan', heading: 'Thủ tục liên quan' },
  basis: { button: '⚖️ Căn cứ pháp lý', heading: 'Căn cứ pháp lý' },
};

/** How a part's lines are shown: documents and notes are lists, steps go in order, the rest are sentences. */
const STYLE: Partial<Record<DetailPart, AnswerSection['style']>> = { documents: 'list', notes: 'list', steps: 'numbered', basis: 'list' };

/** The lines of one part as they read today; undefined where the entry has no such part. */
export function partLines(entry: Cited, part: DetailPart, r: Reading): string[] | undefined {
  if (part === 'notes') {
    const notes = readFacts(entry.answer.notes, r);
    return notes.length ? notes : undefined;
  }
  if (part === 'basis') return readBasis(entry.legalBasis, r);
  if (entry.kind !== 'procedure') return part === 'steps' ? readFacts(entry.answer.details, r) : undefined;
  const a = entry.answer;
  switch (part) {
    case 'documents':
      return readFacts(a.documents, r);
    case 'place':
      return [`Trực tiếp: ${readRequired(a.submission.inPerson, r)}`, `Trực tuyến: ${readRequired(a.submission.online, r)}`];
    case 'online':
      return [readRequired(a.submission.online, r)];
    case 'time':
      return [readRequired(a.processingTime, r)];
    case 'fees':
      // A time-limited waiver or reduction (a dated note about phí, lệ phí) is news to whoever asks what it costs.
      return [readRequired(a.fees, r), ...readFacts(entry.answer.notes.filter((n) => typeof n !== 'string' && FEE_WORDS.test(n.value)), r)];
    case 'who':
      return [readRequired(a.eligibility, r)];
    case 'steps':
      return readFacts(a.steps, r);
    case 'related':
      return undefined;
  }
}

/** One part as a section: its heading, its lines, shown as a list where it is one. */
export function partSection(entry: Cited, part: DetailPart, r: Reading, heading = PART_LABELS[part].heading): AnswerSection | undefined {
  const lines = partLines(entry, part, r);
  if (!lines?.length) return undefined;
  const style = STYLE[part];
  return { heading, lines, ...(style && lines.length > 1 ? { style } : {}) };
}

/** The official pages an entry cites, as "title: url" lines. */
export const sourceLines = (entry: Cited): string[] => entry.sources.map((s) => `${s.title}: ${s.url}`);

/** The one line an overview shows of a part ("⏱️ Thời hạn: 7 ngày làm việc."), or undefined. */
export function keyLine(entry: Cited, part: 'time' | 'fees' | 'place', r: Reading): string | undefined {
  if (entry.kind !== 'procedure') return undefined;
  const a = entry.answer;
  switch (part) {
    case 'time':
      return `⏱️ Thời hạn: ${gist(readRequired(a.processingTime, r), 170)}`;
    case 'fees':
      return `💰 Phí, lệ phí: ${gist(readRequired(a.fees, r), 220)}`;
    case 'place':
      return `📍 Nơi nộp: ${gist(readRequired(a.submission.inPerson, r), 170)}`;
  }
}
