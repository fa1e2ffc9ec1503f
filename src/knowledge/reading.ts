// An entry as it reads on a given day for a given ward: dated facts resolved to the value
// in force, placeholders filled from the ward's settings, legal bases written from the
// document registry. Every renderer (chat replies, staff pages) reads entries through this.
import { DocumentRegistry } from './documents.ts';
import { factText } from './facts.ts';
import { fillPlaceholders } from './placeholders.ts';
import type { BasisRef, Fact, Settings } from './schema.ts';

/** What reading an entry depends on besides the entry itself. */
export interface Reading {
  settings: Settings;
  /** Today in Vietnam, YYYY-MM-DD: which value of each dated fact holds. */
  today: string;
  documents: DocumentRegistry;
}

/** Said in place of a required fact that has ended with nothing written after it. */
export const ENDED_FACT = 'Thông tin này đã hết thời hạn áp dụng và đang được cập nhật; bạn xem văn bản gốc ở phần “Căn cứ pháp lý” hoặc hỏi {{office.name}}.';

/** One fact as a citizen reads it today; undefined when it has ended with nothing after. */
export function readFact(fact: Fact, r: Reading): string | undefined {
  const text = factText(fact, r.today);
  return text === undefined ? undefined : fillPlaceholders(text, r.settings);
}

/** A fact that must say something: an ended one says that it is being updated. */
export function readRequired(fact: Fact, r: Reading): string {
  return readFact(fact, r) ?? fillPlaceholders(ENDED_FACT, r.settings);
}

/** A list of facts: ended ones drop out. */
export function readFacts(facts: readonly Fact[], r: Reading): string[] {
  return facts.flatMap((f) => readFact(f, r) ?? []);
}

/** The "Căn cứ pháp lý" lines of an entry. */
export function readBasis(basis: readonly BasisRef[], r: Reading): string[] {
  return basis.map((ref) => fillPlaceholders(r.documents.basisLine(ref, r.today), r.settings));
}

/** A reading with no registry and today's date: for tools that only need text. */
export const plainReading = (settings: Settings, today: string): Reading => ({ settings, today, documents: new DocumentRegistry() });
