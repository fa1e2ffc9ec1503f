// Tracking codes citizens read aloud over the phone or type on a phone keypad: short,
// and without characters that sound or look alike (0/O, 1/I/L, 2/Z, 5/S, 8/B).
import { randomInt } from 'node:crypto';

export const CODE_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';
const PREFIX = 'PA';
const LENGTH = 6;

/** A random code such as "PA-K7M3QX" (25⁶ ≈ 244 million of them), drawn again while `taken`. */
export function newTrackingCode(taken: (code: string) => boolean): string {
  for (;;) {
    let body = '';
    for (let i = 0; i < LENGTH; i++) body += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
    const code = `${PREFIX}-${body}`;
    if (!taken(code)) return code;
  }
}

/** The canonical form of a code as typed: "pa k7m3qx", "PAK7M3QX" and "k7m3qx" all give "PA-K7M3QX". */
export function canonicalTrackingCode(typed: string): string {
  const compact = typed.toUpperCase().replace(/[\s\-–—_.]/g, '');
  const body = compact.length === PREFIX.length + LENGTH && compact.startsWith(PREFIX) ? compact.slice(PREFIX.length) : compact;
  return body.length === LENGTH ? `${PREFIX}-${body}` : compact;
}
