// The light formatting every reply is made of: sections with an optional heading and
// lines. The core says which lines form a list (documents to bring, steps in order);
// every other line is a sentence and is shown as one, never as a bullet. Channel
// adapters decide how sections look (HTML, plain text, the web page).

export interface AnswerSection {
  heading?: string;
  lines: string[];
  /** `list`: bullets; `numbered`: 1., 2., … in order. Absent: each line a paragraph. */
  style?: 'list' | 'numbered';
}

/** The lines as shown: with their bullet or number when the section is a list. */
export function markedLines(section: AnswerSection): string[] {
  if (section.style === 'list') return section.lines.map((l) => `• ${l}`);
  if (section.style === 'numbered') return section.lines.map((l, i) => `${i + 1}. ${l}`);
  return section.lines;
}

/** Plain text for the terminal and for channels without formatting. */
export function sectionsToPlainText(sections: readonly AnswerSection[]): string {
  return sections
    .map((s) => [s.heading && s.heading.toUpperCase(), ...markedLines(s)].filter(Boolean).join('\n'))
    .filter(Boolean)
    .join('\n\n');
}
