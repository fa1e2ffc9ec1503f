// The outside audit's findings, checked over the whole real catalogue (every level, every
// field) rather than on ten samples: police procedures name the ward police, biometric
// procedures are not filed by post, times carry units and name each way once, fee notes
// are whole and consistent, legal bases are clean, abolished codes are not imported. The
// expectations are read from the raw records, independently of the importer's own rules.
// Skips when ../shared/data is absent.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DEFAULT_KNOWLEDGE_DIR, PROJECT_ROOT } from '../src/app/paths.ts';
import { importCatalog, type ImportSummary } from '../src/catalog/import.ts';
import { loadKnowledge } from '../src/knowledge/load.ts';
import type { Fact, ProcedureEntry } from '../src/knowledge/schema.ts';

const CATALOG = resolve(PROJECT_ROOT, '../shared/data/tthc-catalog.jsonl.gz');
const ABOLISHED_LIST = join(DEFAULT_KNOWLEDGE_DIR, 'catalog', 'abolished.json');

type Raw = Record<string, string>;
const TYPES = 'Bộ luật|Luật|Pháp lệnh|Nghị định|Nghị quyết liên tịch|Nghị quyết|Thông tư liên tịch|Thông tư|Quyết định|Chỉ thị|Văn bản hợp nhất|Lệnh';
const LEGAL_ITEM = new RegExp(`^(?:${TYPES}) .*\\d+(?:\\.\\d+)?/(?:\\d{4}/)?[A-ZĐ]`, 'u');
const PORTAL_FALLBACK = /^(?:Cổng Dịch vụ công quốc gia chưa ghi căn cứ pháp lý|Xem căn cứ pháp lý trên Cổng)/u;
/** A figure with no unit after it, "từ 1 đến 2 ngày làm việc" aside. */
const BARE_FIGURE = /(?<![\d.,])\d+(?:[.,]\d+)?(?![\d.,])(?! đến)(?!\s*(?:ngày|giờ|tuần|tháng|năm|phút))/u;

function rawRecords(): Map<string, Raw> {
  const records = new Map<string, Raw>();
  for (const line of gunzipSync(readFileSync(CATALOG)).toString('utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as Raw;
    const nfc = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' ? v.normalize('NFC') : '']));
    if (!records.has(nfc.ma_thu_tuc!)) records.set(nfc.ma_thu_tuc!, nfc);
  }
  return records;
}

/** The parenthesised notes right after each fee cell ("50,000 Việt Nam Đồng(…)", "Miễn phí(…)"). */
function feeNotes(cell: string): string[] {
  const notes: string[] = [];
  for (const m of cell.matchAll(/(?:Việt Nam Đồng|VNĐ|Đồng|đồng|USD|Miễn phí)\(/gu)) {
    let depth = 0;
    for (let i = m.index + m[0].length - 1; i < cell.length; i++) {
      if (cell[i] === '(') depth++;
      else if (cell[i] === ')' && --depth === 0) {
        notes.push(cell.slice(m.index + m[0].length, i));
        break;
      }
    }
  }
  return notes;
}

function faultsOf(e: ProcedureEntry, raw: Raw): string[] {
  const faults: string[] = [];
  const fault = (what: string, text = '') => faults.push(`${e.id}: ${what}${text ? ` — ${text.slice(0, 120)}` : ''}`);
  // The importer writes every fact as a plain sentence, never a dated one.
  const plain = (f: Fact) => (typeof f === 'string' ? f : f.value);
  const inPerson = plain(e.answer.submission.inPerson);
  const [time, fees] = [plain(e.answer.processingTime), plain(e.answer.fees)];

  if (BARE_FIGURE.test(time)) fault('thời hạn có số không có đơn vị', time);
  for (const way of ['Trực tiếp', 'Trực tuyến', 'Dịch vụ bưu chính']) if ((time.match(new RegExp(way, 'giu')) ?? []).length > 1) fault(`"${way}" lặp trong thời hạn`, time);

  if (/công an cấp xã/iu.test(raw.co_quan_thuc_hien ?? '')) {
    if (!inPerson.includes('{{police.name}}')) fault('thủ tục của Công an cấp xã không nêu {{police.name}}', inPerson);
    if (inPerson.includes('{{office.name}}')) fault('thủ tục của Công an cấp xã gửi đến bộ phận một cửa', inPerson);
  }
  if (/thu nhận vân tay|ảnh khuôn mặt|mống mắt/iu.test(`${raw.trinh_tu_thuc_hien} ${raw.cach_thuc_thuc_hien}`)) {
    if (/hoặc gửi hồ sơ qua dịch vụ bưu chính|gửi hồ sơ qua dịch vụ bưu chính đến/u.test(inPerson)) fault('thủ tục sinh trắc học nhận hồ sơ qua bưu chính', inPerson);
    if (/bưu chính/iu.test(`${time} ${fees}`)) fault('thủ tục sinh trắc học có thời hạn, phí qua bưu chính', time);
  }

  if (fees.includes('…')) fault('ghi chú phí bị cắt', fees);
  if (/miễn phí/iu.test(fees) && /Hội đồng nhân dân|HĐND/u.test(fees)) fault('vừa "miễn phí" vừa "do HĐND quy định"', fees);
  if (feeNotes(raw.cach_thuc_thuc_hien ?? '').some((note) => note.includes('50%')) && !fees.includes('50%')) fault('mất ghi chú giảm 50%', fees);

  const numbers = new Set<string>();
  for (const ref of e.legalBasis) {
    const item = typeof ref === 'string' ? ref : ref.doc;
    if (PORTAL_FALLBACK.test(item)) continue;
    if (!LEGAL_ITEM.test(item)) fault('căn cứ pháp lý không có dạng "Loại số hiệu tên"', item);
    if (item.includes('…') || /\(\p{L}{0,4}$/u.test(item) || (item.match(/\(/g) ?? []).length !== (item.match(/\)/g) ?? []).length) fault('căn cứ pháp lý bị cắt', item);
    const number = /\d+(?:\.\d+)?\/(?:\d{4}\/)?[A-ZĐ][A-ZĐa-z\d-]*/u.exec(item)?.[0];
    if (number && numbers.has(number)) fault(`căn cứ ${number} lặp`, item);
    if (number) numbers.add(number);
  }
  return faults;
}

describe('the real national catalogue, imported whole', () => {
  it.skipIf(!existsSync(CATALOG))('states place, time, fee and legal basis cleanly and leaves abolished procedures out', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tthc-quality-'));
    try {
      const summary: ImportSummary = await importCatalog({ file: CATALOG, outDir: out, importedAt: '2026-12-06', levels: ['all'], excludeFields: [], abolishedList: ABOLISHED_LIST });
      const kb = loadKnowledge([DEFAULT_KNOWLEDGE_DIR, out]);
      expect(kb.problems.filter((p) => p.severity === 'error')).toEqual([]);
      const entries = kb.entries.filter((e): e is ProcedureEntry => e.kind === 'procedure' && e.id.startsWith('dvc.'));
      expect(entries.length).toBe(summary.imported);
      expect(entries.length).toBeGreaterThan(2600);

      const raw = rawRecords();
      expect(entries.flatMap((e) => faultsOf(e, raw.get(e.catalogCodes[0]!)!))).toEqual([]);

      // Some procedures of each kind the audit sampled really are there and say the right place.
      const police = entries.filter((e) => String(e.answer.submission.inPerson).includes('{{police.name}}'));
      expect(police.length).toBeGreaterThan(50);
      expect(police.map((e) => e.title)).toEqual(expect.arrayContaining(['Khai báo tạm vắng', 'Tách hộ', 'Cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên']));

      const codes = new Set(entries.map((e) => e.catalogCodes[0]));
      for (const code of ['1.014063', '1.010385', '1.011727']) expect(codes.has(code), code).toBe(false);
      expect(summary.abolished.map((a) => a.code)).toEqual(['1.010385', '1.011727', '1.014063']);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
