// Plain-text rendering of replies, for the terminal and for channels without formatting
// or buttons (Zalo personal accounts): buttons become numbered options.
import type { Reply } from '../conversation/types.ts';
import { sectionsToPlainText } from '../conversation/sections.ts';

export function renderPlain(reply: Reply, firstNumber = 1): string {
  const body = sectionsToPlainText(reply.sections);
  if (!reply.buttons.length) return body;
  const options = reply.buttons.map((b, i) => `[${firstNumber + i}] ${b.label.replace(/^\d+\.\s*/, '')}`);
  return `${body}\n\n${options.join('\n')}`;
}
