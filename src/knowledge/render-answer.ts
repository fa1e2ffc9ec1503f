// Turns an entry into the sections a citizen reads, with locality placeholders filled.
// Channel adapters decide how sections look (HTML, Markdown, plain text).
import { fillPlaceholders } from './placeholders.ts';
import type { Entry, Settings } from './schema.ts';

export interface AnswerSection {
  heading?: string;
  lines: string[];
}

export function answerSections(entry: Entry, settings: Settings): AnswerSection[] {
  const fill = (s: string) => fillPlaceholders(s, settings);
  const section = (heading: string | undefined, lines: readonly string[]): AnswerSection[] =>
    lines.length ? [{ heading, lines: lines.map(fill) }] : [];
  switch (entry.kind) {
    case 'smalltalk':
      return section(undefined, [entry.answer.text]);
    case 'info':
      return [
        ...section(entry.title, [entry.answer.summary]),
        ...section(undefined, entry.answer.details),
        ...section('Lưu ý', entry.answer.notes),
        ...citations(entry, fill),
      ];
    case 'procedure': {
      const a = entry.answer;
      return [
        ...section(entry.title, [a.summary]),
        ...section('Ai thực hiện', [a.eligibility]),
        ...section('Hồ sơ cần chuẩn bị', a.documents),
        ...section('Nơi nộp', [`Trực tiếp: ${a.submission.inPerson}`, `Trực tuyến: ${a.submission.online}`]),
        ...section('Các bước', a.steps),
        ...section('Thời hạn giải quyết', [a.processingTime]),
        ...section('Phí, lệ phí', [a.fees]),
        ...section('Lưu ý', a.notes),
        ...citations(entry, fill),
      ];
    }
  }
}

function citations(entry: Extract<Entry, { legalBasis: string[] }>, fill: (s: string) => string): AnswerSection[] {
  return [
    { heading: 'Căn cứ pháp lý', lines: entry.legalBasis.map(fill) },
    { heading: 'Nguồn chính thức', lines: entry.sources.map((s) => `${s.title}: ${s.url}`) },
    { lines: [`Cập nhật: ${entry.updated.split('-').reverse().join('/')}`] },
  ];
}

/** Plain text for the terminal and for channels without formatting. */
export function sectionsToPlainText(sections: readonly AnswerSection[]): string {
  return sections
    .map((s) => [s.heading && s.heading.toUpperCase(), ...s.lines.map((l) => (s.lines.length > 1 && !/^\d+\. /.test(l) ? `• ${l}` : l))].filter(Boolean).join('\n'))
    .join('\n\n');
}
