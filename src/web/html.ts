// HTML built from template literals where every interpolated value is escaped unless it
// is itself HTML made here: citizen text can never become markup.
import escapeHtml from 'escape-html';

const SAFE = Symbol('safe html');

export interface SafeHtml {
  readonly [SAFE]: true;
  readonly value: string;
}

const safe = (value: string): SafeHtml => ({ [SAFE]: true, value });
const isSafe = (v: unknown): v is SafeHtml => typeof v === 'object' && v !== null && (v as SafeHtml)[SAFE] === true;

type Part = SafeHtml | string | number | boolean | null | undefined | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (Array.isArray(part)) return part.map(render).join('');
  if (isSafe(part)) return part.value;
  return escapeHtml(String(part));
}

/** `html\`<p>${text}</p>\`` escapes `text`; nested `html` results and arrays of them are kept. */
export function html(strings: TemplateStringsArray, ...values: Part[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((v, i) => (out += render(v) + strings[i + 1]!));
  return safe(out);
}

/** Markup that is known to be safe (a constant, or built by `html`). Never pass user text. */
export const trusted = (value: string): SafeHtml => safe(value);

/** A value for a `<script type="application/json">` block: "</script>" cannot close it. */
export function jsonScript(value: unknown): SafeHtml {
  return safe(JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026'));
}
