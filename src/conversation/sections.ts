// The light formatting every reply is made of: sections with an optional heading and
// lines. Channel adapters decide how sections look (HTML, plain text).

export interface AnswerSection {
  heading?: string;
  lines: string[];
}

/** Plain text for the terminal and for channels without formatting. */
export function sectionsToPlainText(sections: readonly AnswerSection[]): string {
  return sections
    .map((s) => [s.heading && s.heading.toUpperCase(), ...s.lines.map((l) => (s.lines.length > 1 && !/^\d+\. /.test(l) ? `• ${l}` : l))].filter(Boolean).join('\n'))
    .join('\n\n');
}
