// What staff must look at before it is too late: a dated fact about to end, one that has
// ended with nothing after it, an entry resting on a document no longer in force, an entry
// nobody has checked for a year, a settings value still standing in for a real one. One
// function, called by `kb check` and by the staff workspace's "Cần rà soát" page.
import { clip } from '../text/sentences.ts';
import { addDays, addMonths, daysBetween } from '../time/days.ts';
import { vietnameseDate } from '../time/vietnam-calendar.ts';
import { datedFactsWithin } from './facts.ts';
import type { KnowledgeBase } from './load.ts';
import type { Problem } from './problems.ts';
import type { Entry, Settings } from './schema.ts';

/** A fact ending within this many days is announced. */
export const EXPIRY_NOTICE_DAYS = 30;
/** An entry not reviewed for this many months is due. */
export const REVIEW_MONTHS = 12;
/** The National Public Service Portal's hotline: not any ward's own number. */
const NATIONAL_HOTLINE = /\b1800\s?1096\b/;
/** Words that mark a value as not yet filled in. */
const STAND_IN = /\b(TODO|TBD|xxx+|chưa cập nhật|cập nhật sau|chưa có)\b|\.\.\.|…/i;

/** A document number inside free text ("Nghị định 70/2024/NĐ-CP …"): such a document belongs in the registry. */
const DOCUMENT_NUMBER = /\d+(\.\d+)?(\/\d{4})?\/[A-ZĐ][A-ZĐa-z0-9-]*/u;

/** The value that takes over, quoted up to a clause boundary: a warning line, not the whole answer. */
const botSays = (value: string) => `bot nói: "${clip(value, 120)}"`;

const isImported = (e: Entry) => 'imported' in e && e.imported !== undefined;

/** The warnings of a knowledge base on `today` (YYYY-MM-DD, Vietnam), in file order. */
export function reviewKnowledge(kb: Pick<KnowledgeBase, 'entries' | 'settings' | 'units' | 'documents' | 'fileOf'>, today: string): Problem[] {
  const problems: Problem[] = [];
  for (const entry of kb.entries) {
    const file = kb.fileOf.get(entry.id) ?? '?';
    const warn = (kind: Problem['kind'], field: string | undefined, message: string) => problems.push({ severity: 'warning', kind, file, entry: entry.id, ...(field ? { field } : {}), message });
    for (const [field, fact] of datedFactsWithin(entry.answer, 'answer')) {
      // What holds before `from` ends the day before it, as surely as a value ends on `until`.
      if (fact.from && fact.before && today < fact.from) {
        const left = daysBetween(today, fact.from) - 1;
        if (left < EXPIRY_NOTICE_DAYS)
          warn('expiring', field, `nội dung đang áp dụng hết hiệu lực sau ${left + 1} ngày (đến hết ${vietnameseDate(addDays(fact.from, -1))}); từ ${vietnameseDate(fact.from)} ${botSays(fact.value)}`);
        continue;
      }
      if (!fact.until) continue;
      const left = daysBetween(today, fact.until);
      if (left < 0 && !fact.after) warn('expired', field, `đã hết hiệu lực từ ${vietnameseDate(addDays(fact.until, 1))} mà chưa có nội dung "after": bot không còn nói nội dung này; hãy viết nội dung đang áp dụng`);
      else if (left >= 0 && left < EXPIRY_NOTICE_DAYS)
        warn('expiring', field, `hết hiệu lực sau ${left + 1} ngày (đến hết ${vietnameseDate(fact.until)}); ${fact.after ? `từ ${vietnameseDate(addDays(fact.until, 1))} ${botSays(fact.after)}` : 'chưa có nội dung "after" cho sau ngày đó'}`);
    }
    if (entry.kind !== 'smalltalk') {
      entry.legalBasis.forEach((ref, i) => {
        const found = kb.documents.resolve(ref);
        if (found && !kb.documents.inForce(found.doc, today)) {
          const by = found.doc.replacedBy ? `, đã được thay bằng ${kb.documents.shortName(found.doc.replacedBy)}` : '';
          warn('repealed-basis', `legalBasis.${i}`, `dẫn ${kb.documents.shortName(found.doc.number)}, hết hiệu lực từ ${vietnameseDate(found.doc.endedOn!)}${by}`);
        } else if (!found && !isImported(entry) && (typeof ref === 'object' || DOCUMENT_NUMBER.test(ref))) {
          warn('unknown-basis', `legalBasis.${i}`, `"${typeof ref === 'string' ? ref.slice(0, 80) : ref.doc}" chưa có trong danh mục văn bản (documents.json): ghi số hiệu văn bản và thêm văn bản vào danh mục`);
        }
      });
    }
    const reviewed = entry.reviewed ?? entry.updated;
    if (!isImported(entry) && addMonths(reviewed, REVIEW_MONTHS) <= today)
      warn('review-due', entry.reviewed ? 'reviewed' : 'updated', `chưa rà soát từ ${vietnameseDate(reviewed)} (quá ${REVIEW_MONTHS} tháng): đối chiếu với văn bản gốc rồi ghi ngày vào "reviewed"`);
  }
  problems.push(...registryGaps(kb.documents), ...standIns('settings.json', kb.settings));
  for (const unit of kb.units) problems.push(...standIns(`units/${unit.id}.json`, unit.settings));
  return problems;
}

/**
 * What one staff member is shown: the knowledge everyone shares, and of the settings files
 * only their own unit's (province-level staff, `unit` undefined, see every file).
 */
export function reviewFor(problems: readonly Problem[], unit?: string): Problem[] {
  if (!unit) return [...problems];
  return problems.filter((p) => !p.file.startsWith('units/') || p.file === `units/${unit}.json`).filter((p) => p.file !== 'settings.json');
}

/** Documents the registry names (amending, replacing) without having them. */
function registryGaps(documents: KnowledgeBase['documents']): Problem[] {
  return documents.all().flatMap((doc) =>
    [...doc.amendedBy.map((n, i) => ({ n, field: `amendedBy.${i}` })), ...(doc.replacedBy ? [{ n: doc.replacedBy, field: 'replacedBy' }] : [])]
      .filter(({ n }) => !documents.get(n))
      .map(({ n, field }): Problem => ({ severity: 'warning', kind: 'unknown-basis', file: 'documents.json', entry: doc.number, field, message: `văn bản ${n} chưa có trong danh mục` })),
  );
}

/** Settings values that stand in for real ones: the national hotline as a ward's phone, "…", "chưa cập nhật". */
function standIns(file: string, settings: Settings): Problem[] {
  const problems: Problem[] = [];
  const walk = (node: unknown, path: string) => {
    if (typeof node === 'string') {
      if (/(^|\.)phone$/.test(path) && NATIONAL_HOTLINE.test(node))
        problems.push({ severity: 'warning', kind: 'placeholder', file, field: path, message: 'đây là tổng đài hỗ trợ của Cổng Dịch vụ công quốc gia, không phải số điện thoại của đơn vị: ghi số của đơn vị' });
      else if (/(^|\.)address$/.test(path) && !/\d/.test(node))
        problems.push({ severity: 'warning', kind: 'placeholder', file, field: path, message: `địa chỉ chưa có số nhà, tên đường ("${node.slice(0, 60)}"): ghi địa chỉ đầy đủ để người dân tìm được` });
      else if (STAND_IN.test(node)) problems.push({ severity: 'warning', kind: 'placeholder', file, field: path, message: `giá trị còn để tạm ("${node.slice(0, 60)}"): ghi thông tin thật` });
    } else if (node && typeof node === 'object' && !Array.isArray(node)) {
      for (const [k, v] of Object.entries(node)) if (k !== '$schema') walk(v, path ? `${path}.${k}` : k);
    }
  };
  walk(settings, '');
  return problems;
}
