// Channels cap message length (Telegram 4,096 characters, Zalo about 2,000). Long
// answers are split where a reader expects a break: between paragraphs, then lines,
// then words; never inside a word unless one word is longer than the limit, and even
// then never inside a character (a surrogate pair, a letter and its marks, an emoji).
import { cutAtGrapheme } from '../text/graphemes.ts';

export const CHANNEL_LIMITS = { telegram: 4_096, zalo: 2_000, 'zalo-bot': 2_000, terminal: 100_000, web: 100_000 } as const;

export function splitMessage(text: string, limit: number): string[] {
  if (text.length <= limit) return [text];
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const window = rest.slice(0, limit + 1);
    const cut = [window.lastIndexOf('\n\n'), window.lastIndexOf('\n'), window.lastIndexOf(' ')].find((i) => i > limit / 3) ?? (cutAtGrapheme(rest, limit).length || limit);
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest) parts.push(rest);
  return parts;
}
