// Splits "Trình tự thực hiện" into steps. About a quarter of the records number their
// steps ("Bước 1: …"); the rest are free text with one point per line.
import { cleanText, normalizeRaw } from './text.ts';

// "Bước 2:", "- Bước 2.", "+ Bước 2 –" at the start of a line. Mid-sentence mentions
// ("như Bước 2 nêu trên") are not step boundaries.
const STEP_MARK = /(?:^|\n)[ \-+*•]*Bước\s*\d+\s*[:.)–-]?\s*/gu;
// Lines that continue the previous point: a "+" sub-point or a sentence broken mid-way.
const CONTINUATION = /^(?:\+|\p{Ll})/u;
// Text before "Bước 1" is usually a heading ("Trình tự thực hiện:"); a real introduction is longer.
const MIN_PREAMBLE_LENGTH = 40;

function linesAsPoints(text: string): string[] {
  const points: string[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    if (points.length && CONTINUATION.test(trimmed)) points[points.length - 1] += ` ${trimmed}`;
    else points.push(trimmed);
  }
  return points;
}

/** One numbered step: its first line is usually a heading ("Thụ lý hồ sơ"), the rest its body. */
function joinStep(text: string): string {
  const [heading = '', ...body] = text.split('\n').map((l) => l.trim()).filter(Boolean);
  if (!body.length) return heading;
  return `${heading}${/[.:;,!?]$/.test(heading) ? ' ' : ': '}${body.join(' ')}`;
}

/** The steps in order, each on one line, without the "Bước N:" label (the list keeps the order). */
export function parseSteps(raw: string): string[] {
  const text = normalizeRaw(raw);
  const parts = text.split(STEP_MARK);
  let steps: string[];
  if (parts.length > 1) {
    const [preamble = '', ...numbered] = parts;
    steps = (cleanText(preamble).length >= MIN_PREAMBLE_LENGTH ? [preamble, ...numbered] : numbered).map(joinStep);
  } else {
    steps = linesAsPoints(text);
  }
  return steps.map((s) => cleanText(s).replace(/^[-–+*•]+\s*/, '')).filter(Boolean);
}
