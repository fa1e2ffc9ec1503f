// Cleaning what citizens type before anything else sees it.
import { cutAtGrapheme } from '../text/graphemes.ts';
import { withoutInvisible } from '../text/invisible.ts';

/** Longest message the bot accepts; the rest is cut, and the citizen told. */
export const MAX_MESSAGE_CHARS = 2_000;

// C0/C1 control characters except tab and newline, and bidi overrides that can disguise text.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

export interface CleanText {
  text: string;
  truncated: boolean;
}

/** Composed, without control, invisible or half characters, spaces collapsed, cut at MAX_MESSAGE_CHARS. */
export function cleanUserText(raw: string): CleanText {
  const text = withoutInvisible(raw).normalize('NFC').replace(CONTROL, '').replace(/[ \t]+/g, ' ').trim();
  return text.length > MAX_MESSAGE_CHARS ? { text: cutAtGrapheme(text, MAX_MESSAGE_CHARS), truncated: true } : { text, truncated: false };
}

/**
 * A Vietnamese phone number in any usual spelling ("0912 345 678", "+84 912.345.678",
 * "(028) 3822 1234"), returned as 0XXXXXXXXX, or undefined when it is not one.
 */
export function parseVietnamesePhone(input: string): string | undefined {
  const compact = input.replace(/[\s.\-()]/g, '');
  const national = compact.replace(/^(\+84|0084|84(?=\d{9,10}$))/, '0');
  // Mobile: 03, 05, 07, 08, 09 + 8 digits. Landline: 02x + 8 digits. Hotlines 1800/1900.
  if (/^0[35789]\d{8}$/.test(national) || /^02\d{9}$/.test(national) || /^1[89]00\d{4,6}$/.test(national)) return national;
  return undefined;
}
