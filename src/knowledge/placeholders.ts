// Answers name locality facts by placeholder ({{office.address}}) so that another ward
// deploys the bot by editing settings.json only.
import { isProvincialFee, provincialFee } from './provincial-fees.ts';
import type { Settings } from './schema.ts';

/** {{office.address}} (a settings value) or {{fee:ho-tich}} (a fee the province sets, see provincial-fees.ts). */
const PLACEHOLDER = /\{\{\s*((?:fee:[a-z-]+)|[a-zA-Z]+(?:\.[a-zA-Z]+)*)\s*\}\}/g;

export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

function lookup(settings: Settings, path: string): string | undefined {
  if (path.startsWith('fee:')) {
    const key = path.slice('fee:'.length);
    return isProvincialFee(key) ? provincialFee(settings, key) : undefined;
  }
  let node: unknown = settings;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === 'string' ? node : undefined;
}

export function isKnownPlaceholder(settings: Settings, path: string): boolean {
  return lookup(settings, path) !== undefined;
}

/** Replaces every placeholder; an unknown one is left visible rather than silently dropped. */
export function fillPlaceholders(text: string, settings: Settings): string {
  return text.replace(PLACEHOLDER, (whole, path: string) => lookup(settings, path) ?? whole);
}

/** Every string inside a value, with its dotted path, for checks that must see all answer text. */
export function* stringsWithin(value: unknown, path = ''): Generator<[string, string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* stringsWithin(v, path ? `${path}.${i}` : String(i));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) yield* stringsWithin(v, path ? `${path}.${k}` : k);
}
