// Text helpers shared by the catalogue parsers. The portal's text is messy (decomposed
// Unicode, stray control characters, tables glued together), so every string that
// reaches an entry passes through `cleanText`.

/**
 * Raw catalogue text made safe to parse: NFC (about 500 records are decomposed, which
 * would defeat every regex below), Windows line ends and invisible characters removed.
 * Line breaks are kept because steps are split on them.
 */
export function normalizeRaw(value: string): string {
  return value
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u2007\u202f\t]/g, ' ')
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}

/**
 * One line of display text: whitespace collapsed and `{{`/`}}` reduced to a single brace,
 * because the bot reads `{{name}}` as a placeholder for a settings value and the portal's
 * text must never be mistaken for one.
 */
export function cleanText(value: string): string {
  return normalizeRaw(value)
    .replace(/\{{2,}/g, '{')
    .replace(/\}{2,}/g, '}')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The portal's filler for an empty cell. */
export const NO_INFORMATION = 'Không có thông tin';

/** True when a cell says nothing: empty, only dashes, or the portal's "no information". */
export function isBlank(value: string): boolean {
  const text = cleanText(value).replace(/^[-–.\s]+|[-–.\s]+$/g, '');
  return text === '' || text.toLowerCase() === NO_INFORMATION.toLowerCase();
}

/** Cuts at a word boundary so that answers stay readable in a chat bubble. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > max * 0.6 ? cut.slice(0, lastSpace) : cut).replace(/[\s,;:.–-]+$/, '')}…`;
}

/** Lower case without diacritics (đ → d): how citizens type when they skip the accents. */
export function foldDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .normalize('NFC');
}

/** ASCII file-name slug, e.g. "Đất đai" → "dat-dai". Long field names are cut at a word. */
export function slugify(text: string, maxLength = 60): string {
  const slug = foldDiacritics(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= maxLength) return slug;
  const cut = slug.slice(0, maxLength + 1);
  return cut.slice(0, cut.lastIndexOf('-') > 0 ? cut.lastIndexOf('-') : maxLength);
}

/**
 * Lower-cases the first letter so a title reads naturally inside a question
 * ("thủ tục cấp lại…"), but leaves acronyms and codes alone ("ABTC", "BHXH").
 */
export function lowerFirst(text: string): string {
  const firstWord = text.split(/\s/, 1)[0] ?? '';
  const isCapitalizedWord = /^\p{Lu}[\p{Ll}\p{M}]*$/u.test(firstWord);
  return isCapitalizedWord ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}
