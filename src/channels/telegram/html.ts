// Telegram HTML formatting: every piece of text escaped, headings in <b>, and long
// messages split under Telegram's limit without cutting a tag or an entity in two.
import { markedLines, type AnswerSection } from '../../conversation/sections.ts';
import { splitMessage } from '../split-message.ts';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Sections as Telegram HTML: a bold heading, then the lines (bulleted or numbered when a list). */
export function sectionsToHtml(sections: readonly AnswerSection[]): string {
  return sections
    .map((s) => {
      const lines = markedLines(s).map(escapeHtml);
      return [s.heading ? `<b>${escapeHtml(s.heading)}</b>` : '', ...lines].filter(Boolean).join('\n');
    })
    .filter(Boolean)
    .join('\n\n');
}

/** A plain notice (forwarded feedback, a staff answer): the first line bold, all escaped. */
export function noticeToHtml(text: string): string {
  const [first = '', ...rest] = text.split('\n');
  return [`<b>${escapeHtml(first)}</b>`, ...rest.map(escapeHtml)].join('\n');
}

/**
 * Splits HTML made by this module into parts of at most `limit` characters. A part never
 * ends inside a tag or an entity, and a <b> left open is closed and reopened in the next part.
 */
export function splitHtml(html: string, limit: number): string[] {
  const margin = 16;
  const parts = splitMessage(html, limit - margin);
  for (let i = 0; i < parts.length - 1; i++) {
    const broken = /(&[#a-zA-Z0-9]*|<\/?[a-zA-Z]*)$/.exec(parts[i]!);
    if (broken) {
      parts[i] = parts[i]!.slice(0, broken.index);
      parts[i + 1] = broken[0] + parts[i + 1]!;
    }
  }
  let open = false;
  return parts
    .filter((p) => p.length > 0)
    .map((p) => {
      let part = open ? `<b>${p}` : p;
      open = part.lastIndexOf('<b>') > part.lastIndexOf('</b>');
      if (open) part += '</b>';
      return part;
    });
}
