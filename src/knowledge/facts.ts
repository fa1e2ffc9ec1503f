// Which value of a dated fact holds on a given day, and how the bot says it: the value in
// force, with the day it ends and what comes next ("15.000 đồng, đến hết 31/12/2026. Từ
// 01/01/2027: 30.000 đồng."). An ended fact with nothing after it is never shown as current.
import { addDays, daysBetween } from '../time/days.ts';
import { vietnameseDate } from '../time/vietnam-calendar.ts';
import type { Dated, Fact } from './schema.ts';

/** What a fact says on a day. */
export type FactOnDay =
  /** In force: its text, the last day it holds (if it ends) and what follows (if known). */
  | { state: 'current'; text: string; since?: string; until?: string; next?: { from: string; text: string } }
  /** Nothing in force yet: it starts on `from`. */
  | { state: 'upcoming'; from: string; text: string }
  /** It ended on `until` and nothing was written for after. */
  | { state: 'ended'; until: string };

/** How long after a change the bot still says since when the new value holds. */
const NEW_VALUE_NOTICE_DAYS = 90;

/** What a dated value says on a day: the same states as FactOnDay, for any kind of value. */
export type ValueOnDay<T> =
  | { state: 'current'; value: T; since?: string; until?: string; next?: { from: string; value: T } }
  | { state: 'upcoming'; from: string; value: T }
  | { state: 'ended'; until: string };

const isDated = <T>(v: T | Dated<T>): v is Dated<T> => typeof v === 'object' && v !== null && !Array.isArray(v) && 'value' in v && ('from' in v || 'until' in v);

/**
 * Which value of a dated value holds on `today` (YYYY-MM-DD): a plain value always holds; a
 * dated one by its `from`/`until`, with `before`/`after` around them.
 */
export function valueOn<T>(dated: T | Dated<T>, today: string): ValueOnDay<T> {
  if (!isDated(dated)) return { state: 'current', value: dated };
  const { value, from, until, before, after } = dated;
  if (from && today < from) {
    if (before === undefined) return { state: 'upcoming', from, value };
    return { state: 'current', value: before, until: addDays(from, -1), next: { from, value } };
  }
  if (until && today > until) return after !== undefined ? { state: 'current', value: after, since: addDays(until, 1) } : { state: 'ended', until };
  return {
    state: 'current',
    value,
    ...(from ? { since: from } : {}),
    ...(until ? { until } : {}),
    ...(until && after !== undefined ? { next: { from: addDays(until, 1), value: after } } : {}),
  };
}

export function factOn(fact: Fact, today: string): FactOnDay {
  const on = valueOn<string>(fact, today);
  switch (on.state) {
    case 'ended':
      return on;
    case 'upcoming':
      return { state: 'upcoming', from: on.from, text: on.value };
    case 'current': {
      const { value, next, ...rest } = on;
      return { ...rest, state: 'current', text: value, ...(next ? { next: { from: next.from, text: next.value } } : {}) };
    }
  }
}

const withoutFinalStop = (s: string) => s.trimEnd().replace(/[.;]$/, '');

/**
 * The sentence a citizen reads on `today`, dates included; undefined when the fact has
 * ended with nothing after it (the caller says the information is being updated).
 */
export function factText(fact: Fact, today: string): string | undefined {
  const f = factOn(fact, today);
  switch (f.state) {
    case 'ended':
      return undefined;
    case 'upcoming':
      return `Từ ngày ${vietnameseDate(f.from)}: ${f.text}`;
    case 'current': {
      if (!f.until) {
        const recent = f.since && typeof fact !== 'string' && fact.after === f.text && daysBetween(f.since, today) <= NEW_VALUE_NOTICE_DAYS;
        return recent ? `${withoutFinalStop(f.text)} (áp dụng từ ${vietnameseDate(f.since!)}).` : f.text;
      }
      const next = f.next ? ` Từ ${vietnameseDate(f.next.from)}: ${f.next.text}` : '';
      return `${withoutFinalStop(f.text)}, đến hết ${vietnameseDate(f.until)}.${next}`;
    }
  }
}

/** Every dated fact inside a value (an entry's answer), with its dotted path. */
export function* datedFactsWithin(value: unknown, path = ''): Generator<[string, Exclude<Fact, string>]> {
  if (!value || typeof value !== 'object') return;
  if (!Array.isArray(value) && typeof (value as { value?: unknown }).value === 'string' && ('from' in value || 'until' in value)) {
    yield [path, value as Exclude<Fact, string>];
    return;
  }
  for (const [k, v] of Object.entries(value)) yield* datedFactsWithin(v, path ? `${path}.${k}` : k);
}
