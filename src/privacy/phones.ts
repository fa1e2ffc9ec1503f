// Phone numbers (and ID card numbers, which look alike) in free text, in whatever spelling
// citizens use: "0912 345 678", "0912/345/678", "+84.912.345.678", full-width digits
// "０９１２３４５６７８", or a letter for a digit ("O912 345 678", "09l2345678"). Outside the
// feedback record itself (unanswered questions, sessions, reports, logs) they are masked.

export const MASK = '[số đã ẩn]';

/** Letters typed for digits that look like them. */
const LOOKALIKE = 'OoIl|';
/** A run of digit-like characters with the separators people put between groups. */
const RUN = new RegExp(`(?<!\\p{L})\\+?[0-9${LOOKALIKE}](?:[\\s.\\-/()_,]{0,3}[0-9${LOOKALIKE}])+(?!\\p{L})`, 'gu');
/** Shortest run taken for a number worth hiding: a 9-digit local number, 10 for a mobile. */
const MIN_DIGITS = 9;
/** Real digits a run needs, so that "lOl lol" or "IOI" is not mistaken for a number. */
const MIN_REAL_DIGITS = 7;

/** Full-width and other compatibility digits become ASCII, so every spelling is seen. */
const compatible = (text: string) => text.normalize('NFKC');

export function maskPhones(text: string): string {
  return compatible(text).replace(RUN, (run) => {
    const digits = run.replace(/[^0-9]/g, '').length;
    const likes = run.replace(new RegExp(`[^0-9${LOOKALIKE}]`, 'g'), '').length;
    // A look-alike letter inside a word ("Lời", "lo") is not part of a number.
    return likes >= MIN_DIGITS && digits >= MIN_REAL_DIGITS ? MASK : run;
  });
}

/** True when the text holds something maskPhones would hide. */
export function containsPhone(text: string): boolean {
  return maskPhones(text) !== compatible(text);
}
