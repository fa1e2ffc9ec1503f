// The legal documents the knowledge cites, as data (documents.json): entries name a
// document by its number, and the answer's "Căn cứ" is written from the registry, so a
// decree replaced next month is corrected in one place and `kb check` can tell which
// entries still rest on it.
import { vietnameseDate } from '../time/vietnam-calendar.ts';
import type { BasisRef, LegalDocument } from './schema.ts';

/** Laws are named before their number ("Luật Căn cước số 26/2023/QH15"), the others after it. */
const NAMED_FIRST = new Set<LegalDocument['type']>(['Hiến pháp', 'Bộ luật', 'Luật', 'Pháp lệnh']);

export class DocumentRegistry {
  private readonly byNumber: ReadonlyMap<string, LegalDocument>;

  constructor(documents: readonly LegalDocument[] = []) {
    this.byNumber = new Map(documents.map((d) => [d.number, d]));
  }

  get size(): number {
    return this.byNumber.size;
  }

  all(): LegalDocument[] {
    return [...this.byNumber.values()];
  }

  get(number: string): LegalDocument | undefined {
    return this.byNumber.get(number);
  }

  /** The document a basis item refers to, when it is a number the registry has. */
  resolve(ref: BasisRef): { doc: LegalDocument; part?: string } | undefined {
    const number = typeof ref === 'string' ? ref.trim() : ref.doc;
    const doc = this.byNumber.get(number);
    return doc ? { doc, ...(typeof ref === 'object' && ref.part ? { part: ref.part } : {}) } : undefined;
  }

  /** False once the document has ended (repealed or replaced) on or before `today`. */
  inForce(doc: LegalDocument, today: string): boolean {
    return !doc.endedOn || today < doc.endedOn;
  }

  /** "Luật Căn cước số 26/2023/QH15", "Nghị định 70/2024/NĐ-CP quy định chi tiết…". */
  name(doc: LegalDocument): string {
    return NAMED_FIRST.has(doc.type) ? `${doc.type} ${doc.title} số ${doc.number}` : `${doc.type} ${doc.number} ${doc.title}`;
  }

  /** "Luật số 43/2024/QH15", for a document mentioned inside another's line. */
  shortName(number: string): string {
    const doc = this.byNumber.get(number);
    if (!doc) return number;
    return NAMED_FIRST.has(doc.type) ? `${doc.type} số ${doc.number}` : `${doc.type} ${doc.number}`;
  }

  /** One line of "Căn cứ pháp lý" as a citizen reads it on `today`; free text stays as written. */
  basisLine(ref: BasisRef, today: string): string {
    const found = this.resolve(ref);
    if (!found) return typeof ref === 'string' ? ref : `${ref.doc}${ref.part ? ` (${ref.part})` : ''}`;
    const { doc, part } = found;
    const amendments = doc.amendedBy.filter((n) => {
      const a = this.byNumber.get(n);
      return !a?.inForceFrom || a.inForceFrom <= today;
    });
    const notes = [
      part,
      amendments.length ? `sửa đổi, bổ sung bởi ${amendments.map((n) => this.shortName(n)).join(', ')}` : undefined,
      !this.inForce(doc, today) ? `hết hiệu lực từ ${vietnameseDate(doc.endedOn!)}${doc.replacedBy ? `, thay bằng ${this.shortName(doc.replacedBy)}` : ''}` : undefined,
      doc.inForceFrom && today < doc.inForceFrom ? `có hiệu lực từ ${vietnameseDate(doc.inForceFrom)}` : undefined,
    ].filter(Boolean);
    return `${this.name(doc)}${notes.length ? ` (${notes.join('; ')})` : ''}`;
  }
}
