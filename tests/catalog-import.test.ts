// The catalogue importer: the table parsers on strings taken from the real portal data,
// the whole import on a small fixture with the real data's defects (tests/fixtures/catalog/
// sample.jsonl: NFD text, a broken line, a blank line, a duplicate code, a non-object line,
// a bad code, a missing title, "{{" in text, records with most fields missing), and the
// real catalogue when ../shared/data is present.
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Command } from 'commander';
import { describeFees } from '../src/catalog/describe-fees.ts';
import { describeProcessingTime } from '../src/catalog/describe-time.ts';
import { importCatalog, type ImportOptions } from '../src/catalog/import.ts';
import { parseDocuments } from '../src/catalog/parse-documents.ts';
import { parseLegalBasis } from '../src/catalog/parse-legal-basis.ts';
import { parseSteps } from '../src/catalog/parse-steps.ts';
import { parseSubmissionMethods } from '../src/catalog/parse-submission-methods.ts';
import { IMPORT_NOTE } from '../src/catalog/to-entry.ts';
import { registerImportCatalog } from '../src/cli/commands/import-catalog.ts';
import { loadKnowledge } from '../src/knowledge/load.ts';
import { stringsWithin } from '../src/knowledge/placeholders.ts';
import { entry as entrySchema, type ProcedureEntry } from '../src/knowledge/schema.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const fixture = join(repoRoot, 'tests/fixtures/catalog/sample.jsonl');
const realCatalog = resolve(repoRoot, '../shared/data/tthc-catalog.jsonl.gz');
const IMPORTED_AT = '2025-11-26';

const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tthc-catalog-'));
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** A knowledge folder with the project's settings, as `loadKnowledge` requires. */
function curatedDir(): string {
  const dir = tempDir();
  copyFileSync(join(repoRoot, 'knowledge/settings.json'), join(dir, 'settings.json'));
  return dir;
}

/** What the importer writes: every fact a plain sentence, never a dated one. */
type Imported = Omit<ProcedureEntry, 'answer'> & { answer: Omit<ProcedureEntry['answer'], 'documents' | 'steps'> & { documents: string[]; steps: string[] } };

function readFiles(dir: string): Record<string, { $schema?: string; entries: Imported[] }> {
  return Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => [f, JSON.parse(readFileSync(join(dir, f), 'utf8'))]),
  );
}

function entriesIn(dir: string): Imported[] {
  return Object.values(readFiles(dir)).flatMap((f) => f.entries);
}

async function importFixture(options: Partial<ImportOptions> = {}) {
  const outDir = tempDir();
  const summary = await importCatalog({ file: fixture, outDir, importedAt: IMPORTED_AT, ...options });
  const entries = entriesIn(outDir);
  const byCode = (code: string) => entries.find((e) => e.catalogCodes[0] === code);
  return { outDir, summary, entries, byCode };
}

/** Every string of an entry, wherever it sits. */
function allStrings(value: unknown): string[] {
  return [...stringsWithin(value)].map(([, s]) => s);
}

describe('parseDocuments', () => {
  it('splits a flattened table into one item per document with its count', () => {
    const raw =
      '--Tên giấy tờMẫu đơn, tờ khaiSố lượngTài liệu, chứng cứ do các bên cung cấp1 bản chínhQuyết định giải quyết khiếu nại1 bản chính' +
      'Biên bản tổ chức đối thoại (nếu có)1 bản chínhĐơn khiếu nại hoặc bản ghi nội dung khiếu nại1 bản chính';
    expect(parseDocuments(raw)).toEqual([
      'Tài liệu, chứng cứ do các bên cung cấp (1 bản chính)',
      'Quyết định giải quyết khiếu nại (1 bản chính)',
      'Biên bản tổ chức đối thoại (nếu có) (1 bản chính)',
      'Đơn khiếu nại hoặc bản ghi nội dung khiếu nại (1 bản chính)',
    ]);
  });

  it('reads every count format, keeps years glued to counts in the name, and drops zero counts', () => {
    const raw =
      '--Tên giấy tờMẫu đơn, tờ khaiSố lượngQuyết định ban hành năm 20261 bản chính,1 bản sao' +
      'Giấy tờ nhân thânBản chính: 1 Bản sao: 0Văn bản ủy quyền0 bản chính,2 bản saoẢnh chân dung01 bản chínhGiấy tờ khác0 bản chính';
    expect(parseDocuments(raw)).toEqual([
      'Quyết định ban hành năm 2026 (1 bản chính, 1 bản sao)',
      'Giấy tờ nhân thân (1 bản chính)',
      'Văn bản ủy quyền (2 bản sao)',
      'Ảnh chân dung (1 bản chính)',
      'Giấy tờ khác',
    ]);
  });

  it('separates attached form files from the document name', () => {
    const raw =
      '--Tên giấy tờMẫu đơn, tờ khaiSố lượngVăn bản đề nghị hủy tài khoản điện tử (NA20).Mau NA20-BCA.docx1 bản chính' +
      'Đơn đề nghị theo Mẫu số 08 ban hành kèm theo Nghị định số 121/2021/NĐ-CP;Mus08.docx1 bản chính' +
      'Văn bản đề nghị gia hạn giấy phép khai thác khoáng sảnMau 07 - Phu luc II_36.2025.TT-BNNMT_02.7.2025.doc1 bản chính';
    expect(parseDocuments(raw)).toEqual([
      'Văn bản đề nghị hủy tài khoản điện tử (NA20) (1 bản chính; mẫu có trên Cổng Dịch vụ công quốc gia)',
      'Đơn đề nghị theo Mẫu số 08 ban hành kèm theo Nghị định số 121/2021/NĐ-CP (1 bản chính; mẫu có trên Cổng Dịch vụ công quốc gia)',
      'Văn bản đề nghị gia hạn giấy phép khai thác khoáng sản (1 bản chính; mẫu có trên Cổng Dịch vụ công quốc gia)',
    ]);
  });

  it('keeps the caption of each further table as an item of its own', () => {
    const raw =
      '--Tên giấy tờMẫu đơn, tờ khaiSố lượngTờ khai1 bản chính* Trường hợp ủy quyền:Tên giấy tờMẫu đơn, tờ khaiSố lượng- Văn bản ủy quyền1 bản chính';
    expect(parseDocuments(raw)).toEqual(['Tờ khai (1 bản chính)', 'Trường hợp ủy quyền:', 'Văn bản ủy quyền (1 bản chính)']);
  });

  it('returns nothing for a cell without a table', () => {
    expect(parseDocuments('')).toEqual([]);
    expect(parseDocuments('--')).toEqual([]);
    expect(parseDocuments('phải được kê khai và ký chữ ký số trên các biểu mẫu điện tử')).toEqual([]);
  });
});

describe('parseSubmissionMethods and the texts made from it', () => {
  it('reads channel, time and fee of each row, and does not take a description for a new row', () => {
    const raw =
      'Hình thức nộpThời gianPhí, lệ phíMô tảTrực tiếp27 Ngày làm việcMiễn phíNộp tại bộ phận một cửa' +
      'Trực tuyến17 Ngày làm việcMiễn phíTrực tuyến: nộp qua Cổng Dịch vụ công quốc gia';
    const methods = parseSubmissionMethods(raw);
    expect(methods).toEqual([
      { channel: 'Trực tiếp', time: { kind: 'span', amount: '27', unit: 'ngày làm việc' }, fee: { kind: 'free', note: undefined } },
      { channel: 'Trực tuyến', time: { kind: 'span', amount: '17', unit: 'ngày làm việc' }, fee: { kind: 'free', note: undefined } },
    ]);
    expect(describeProcessingTime(methods)).toBe('Trực tiếp: 27 ngày làm việc; Trực tuyến: 17 ngày làm việc');
  });

  it('names a shared time once', () => {
    const raw = 'Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến10 NgàyMiễn phíDịch vụ bưu chính10 NgàyMiễn phíTrực tiếp10 NgàyMiễn phí';
    expect(describeProcessingTime(parseSubmissionMethods(raw))).toBe('10 ngày');
  });

  it('formats amounts the Vietnamese way and keeps the fee note', () => {
    const raw =
      'Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến7 Ngày làm việc70,000 Việt Nam Đồng(- Cấp lại thẻ căn cước: 70.000 đồng/thẻ (giảm 50%))Thực hiện trực tuyến';
    const [method] = parseSubmissionMethods(raw);
    expect(method!.fee).toEqual({ kind: 'amount', amount: '70.000 đồng', note: 'Cấp lại thẻ căn cước: 70.000 đồng/thẻ (giảm 50%)' });
  });

  it('splits a time without unit from the amount glued to it', () => {
    const [method] = parseSubmissionMethods('Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến120,000 VNĐ');
    expect(method).toEqual({ channel: 'Trực tuyến', time: { kind: 'bare', amount: '1' }, fee: { kind: 'amount', amount: '20.000 đồng', note: undefined } });
  });

  it('never turns "Không có thông tin" into "Miễn phí"', () => {
    const raw =
      'Hình thức nộpThời gianPhí, lệ phíMô tảDịch vụ bưu chính60 Ngày làm việcKhông có thông tinThời hạn giải quyết…Trực tiếp60 Ngày làm việcKhông có thông tin';
    const methods = parseSubmissionMethods(raw);
    expect(methods.map((m) => m.fee.kind)).toEqual(['unknown', 'unknown']);
    const fees = describeFees(methods);
    expect(fees).not.toMatch(/miễn phí/i);
    expect(fees).toBe(
      'Theo Cổng Dịch vụ công quốc gia: không có thông tin về phí, lệ phí; kiểm tra lại mức phí, lệ phí hiện hành với cơ quan tiếp nhận',
    );
    expect(describeFees([])).toBe(fees);
  });

  it('attributes "Miễn phí" to the portal and asks to check it', () => {
    const fees = describeFees(parseSubmissionMethods('Hình thức nộpThời gianPhí, lệ phíMô tảTrực tiếp5 Ngày làm việcMiễn phí'));
    expect(fees).toBe('Theo Cổng Dịch vụ công quốc gia: miễn phí; kiểm tra lại mức phí, lệ phí hiện hành với cơ quan tiếp nhận');
  });

  it('says so when no time is given', () => {
    const methods = parseSubmissionMethods('Hình thức nộpThời gianPhí, lệ phíMô tảTrực tiếpKhông có thông tinKhông có thông tin');
    expect(methods).toHaveLength(1);
    expect(describeProcessingTime(methods)).toMatch(/chưa ghi thời hạn giải quyết/);
  });
});

describe('parseLegalBasis', () => {
  it('pairs names with codes in a real record, including a name that quotes its own code', () => {
    const raw =
      'Tên văn bản pháp lýMã văn bảnHướng dẫn xử lý khiếu nại, kiến nghị, phản ánh trong công an nhân dân68/2013/TT-BCA' +
      'Luật Khiếu nại  năm 201102/2011/QH13Quy định quy trình giải quyết khiếu nại trong công an nhân dân11/2015/TT-BCANghị định 05/2012/NĐ-CP05/2012/NĐ-CP';
    expect(parseLegalBasis(raw)).toEqual([
      'Thông tư 68/2013/TT-BCA hướng dẫn xử lý khiếu nại, kiến nghị, phản ánh trong công an nhân dân',
      'Luật Khiếu nại số 02/2011/QH13',
      'Thông tư 11/2015/TT-BCA quy định quy trình giải quyết khiếu nại trong công an nhân dân',
      'Nghị định 05/2012/NĐ-CP',
    ]);
  });

  it('finds where a code ends when the next name follows without a space', () => {
    const raw =
      'Tên văn bản pháp lýMã văn bảnLuật 54/2014/QH1354/2014/QH13Quyết định về thủ tục10/2019/QĐ-TTgQuy định chi tiết101/2024/NĐ-CPLUẬT ĐẤT ĐAI31/2024/QH15' +
      'Thông tư số 53/2025/TT-BCAngày 01/7/2025 về cư trú53/2025/TT-BCA73/2025/TT-NHNNSố 73/2025/TT-NHNNLuật Các tổ chức tín dụngLuật số 32/2024/QH15';
    expect(parseLegalBasis(raw)).toEqual([
      'Luật số 54/2014/QH13',
      'Quyết định 10/2019/QĐ-TTg về thủ tục',
      'Nghị định 101/2024/NĐ-CP quy định chi tiết',
      'Luật Đất đai số 31/2024/QH15',
      'Thông tư 53/2025/TT-BCA về cư trú',
      'Thông tư 73/2025/TT-NHNN',
      'Luật Các tổ chức tín dụng số 32/2024/QH15',
    ]);
  });

  it('returns nothing without a table', () => {
    expect(parseLegalBasis('Không có thông tin')).toEqual([]);
  });
});

describe('parseSteps', () => {
  it('splits on "Bước N" and joins each step heading with its body', () => {
    const raw = 'Trình tự:\nBước 1: Thụ lý\n\nTrong 10 ngày, cơ quan thụ lý đơn.\n- Bước 2. Xác minh nội dung.\nBước 3 – Ra quyết định';
    expect(parseSteps(raw)).toEqual(['Thụ lý: Trong 10 ngày, cơ quan thụ lý đơn.', 'Xác minh nội dung.', 'Ra quyết định']);
  });

  it('takes one step per line otherwise, and keeps sub-points with their line', () => {
    const raw = '- Nộp hồ sơ tại bộ phận một cửa:\n+ Số 44 Trần Phú;\n\n- Nhận kết quả trong ngày.\ntrường hợp đặc biệt thì hẹn lại.';
    expect(parseSteps(raw)).toEqual([
      'Nộp hồ sơ tại bộ phận một cửa: + Số 44 Trần Phú;',
      'Nhận kết quả trong ngày. trường hợp đặc biệt thì hẹn lại.',
    ]);
  });
});

describe('importCatalog on the fixture', () => {
  it('imports the usable records and reports every skipped line with its number', async () => {
    const { summary } = await importFixture();
    expect(summary.read).toBe(10); // 11 lines, one blank
    expect(summary.imported).toBe(5);
    expect(summary.filteredOut).toBe(0);
    expect(summary.skipped.map((s) => s.line)).toEqual([3, 6, 7, 9, 10]);
    expect(summary.skipped[0]!.reason).toMatch(/JSON không hợp lệ/);
    expect(summary.skipped[1]!.reason).toBe('mã 1.012345 trùng với dòng 1; giữ bản ở dòng 1');
    expect(summary.skipped[2]!.reason).toMatch(/không phải một đối tượng/);
    expect(summary.skipped[3]!.reason).toMatch(/"ABC"/);
    expect(summary.skipped[4]!.reason).toMatch(/thiếu tên/);
  });

  it('writes entries that all pass the knowledge schema, without empty text, with no placeholder but the office\'s own', async () => {
    const { entries } = await importFixture();
    expect(entries).toHaveLength(5);
    for (const e of entries) {
      const result = entrySchema.safeParse(e);
      expect(result.error?.issues ?? []).toEqual([]);
      for (const s of allStrings(e)) {
        expect(s.trim()).not.toBe('');
        expect(s.replace(/\{\{(?:office|police)\.(?:name|address)\}\}/g, '')).not.toContain('{{');
        expect(s).toBe(s.normalize('NFC'));
      }
    }
  });

  it('fills the entry from the record', async () => {
    const { byCode } = await importFixture();
    const land = byCode('1.012345')!;
    expect(land).toMatchObject({
      kind: 'procedure',
      id: 'dvc.1-012345',
      category: 'land',
      // NFD in the file, NFC here, whitespace collapsed; the duplicate on line 6 did not replace it.
      title: 'Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất',
      keywords: [],
      catalogCodes: ['1.012345'],
      updated: IMPORTED_AT,
      sources: [{ title: 'Cổng Dịch vụ công quốc gia – thủ tục 1.012345', url: 'https://dichvucong.gov.vn/thu-tuc-hanh-chinh/land-1' }],
      imported: { catalog: 'dvc', code: '1.012345', level: 'Cấp xã', field: 'Đất đai', importedAt: IMPORTED_AT },
    });
    expect(land.questions.length).toBeGreaterThanOrEqual(6);
    expect(land.questions).toContain('thủ tục đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất');
    expect(land.questions).toContain('thu tuc dang ky bien dong quyen su dung dat, quyen so huu tai san gan lien voi dat');
    expect(land.answer.summary).toBe('Thủ tục hành chính thuộc lĩnh vực Đất đai; cấp thực hiện: cấp xã. Cơ quan thực hiện: Văn phòng đăng ký đất đai.');
    expect(land.answer.documents).toEqual([
      'Đơn đăng ký biến động đất đai theo Mẫu số 11/ĐK (1 bản chính; mẫu có trên Cổng Dịch vụ công quốc gia)',
      'Giấy chứng nhận đã cấp năm 2020 (1 bản chính, 1 bản sao)',
      'Bản sao giấy tờ nhân thân (1 bản chính)',
      // A heading that says which case its items are for is joined to them, so it reads as one line, not a bullet of its own.
      'Trường hợp ủy quyền thực hiện thủ tục: Văn bản ủy quyền (1 bản sao)',
    ]);
    expect(land.answer.steps).toEqual([
      'Nộp hồ sơ: Người sử dụng đất nộp hồ sơ tại Bộ phận Một cửa.',
      'Kiểm tra hồ sơ: Cơ quan tiếp nhận kiểm tra tính đầy đủ của hồ sơ.',
      'Trả kết quả cho người nộp hồ sơ.',
    ]);
    expect(land.answer.submission.inPerson).toBe('Văn phòng đăng ký đất đai; hoặc gửi hồ sơ qua dịch vụ bưu chính');
    expect(land.answer.submission.online).toContain('https://dichvucong.gov.vn/thu-tuc-hanh-chinh/land-1');
    expect(land.answer.processingTime).toBe('Trực tiếp, dịch vụ bưu chính: 27 ngày làm việc; Trực tuyến: 17 ngày làm việc');
    expect(land.answer.fees).toMatch(/^Theo Cổng Dịch vụ công quốc gia: miễn phí; kiểm tra lại mức phí, lệ phí hiện hành/);
    expect(land.answer.notes).toEqual([IMPORT_NOTE]);
    expect(land.legalBasis).toEqual([
      'Luật Đất đai số 31/2024/QH15',
      'Nghị định 101/2024/NĐ-CP',
      'Nghị định 102/2024/NĐ-CP quy định chi tiết một số điều của Luật Đất đai',
      'Thông tư 10/2024/TT-BTNMT quy định về hồ sơ địa chính',
    ]);
  });

  it('falls back to the official page, never to empty text, when fields are missing', async () => {
    const { byCode } = await importFixture();
    const bare = byCode('1.000178')!; // only code, title, field and level in the file
    const portal = 'https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh.html';
    expect(bare.category).toBe('complaint');
    expect(bare.sources[0]!.url).toBe(portal);
    expect(bare.answer.eligibility).toBe('Xem chi tiết trên Cổng Dịch vụ công quốc gia');
    expect(bare.answer.documents).toEqual([`Xem thành phần hồ sơ trên Cổng Dịch vụ công quốc gia: ${portal}`]);
    expect(bare.answer.steps).toEqual([`Xem trình tự thực hiện trên Cổng Dịch vụ công quốc gia: ${portal}`]);
    expect(bare.answer.fees).not.toMatch(/miễn phí/i);
    expect(bare.legalBasis).toEqual(['Cổng Dịch vụ công quốc gia chưa ghi căn cứ pháp lý của thủ tục này']);

    const civil = byCode('2.000635')!; // "Không có thông tin" fees and an http:// link
    expect(civil.answer.fees).not.toMatch(/miễn phí/i);
    expect(civil.answer.fees).toContain('không có thông tin về phí, lệ phí');
    expect(civil.sources[0]!.url).toBe(portal);
    expect(civil.answer.eligibility).toBe('Xem chi tiết trên Cổng Dịch vụ công quốc gia');

    const residence = byCode('2.001194')!; // "Không có thông tin" agency: the competent authority is used
    expect(residence.answer.summary).toContain('Cơ quan thực hiện: Công an cấp tỉnh.');
    expect(residence.answer.fees).toContain('70.000 đồng');
  });

  it('neutralises "{{" so the portal text cannot pose as a placeholder', async () => {
    const { byCode } = await importFixture();
    const civil = byCode('2.000635')!;
    expect(civil.title).toBe('Cấp bản sao trích lục {hộ tịch}');
    expect(civil.answer.steps[0]).toBe('Người yêu cầu nộp tờ khai tại {office.name}. + kèm theo giấy tờ tùy thân');
    expect(civil.answer.notes).toContain('Yêu cầu, điều kiện: Người yêu cầu phải xuất trình giấy tờ tùy thân {có ảnh}.');
  });

  it('writes one file per field, named by an ASCII slug, entries sorted by code', async () => {
    const { outDir } = await importFixture({ schemaPath: join(repoRoot, 'knowledge/schema/knowledge.schema.json') });
    const files = readFiles(outDir);
    expect(Object.keys(files).sort()).toEqual(['cap-quan-ly-can-cuoc.json', 'dat-dai.json', 'ho-tich.json', 'khieu-nai-to-cao.json']);
    expect(files['dat-dai.json']!.entries.map((e) => e.id)).toEqual(['dvc.1-000050', 'dvc.1-012345']);
    const schemaRef = files['dat-dai.json']!.$schema!;
    expect(resolve(outDir, schemaRef)).toBe(join(repoRoot, 'knowledge/schema/knowledge.schema.json'));
    expect(readFileSync(join(outDir, 'dat-dai.json'), 'utf8')).toMatch(/^\{\n {2}"\$schema": /);
  });

  it('leaves $schema out when no schema path is given', async () => {
    const { outDir } = await importFixture();
    expect(Object.values(readFiles(outDir)).every((f) => !('$schema' in f))).toBe(true);
  });

  it('reads the same records from a gzipped copy, recognised by its content', async () => {
    const gzipped = join(tempDir(), 'catalog.data');
    writeFileSync(gzipped, gzipSync(readFileSync(fixture)));
    const plain = await importFixture();
    const fromGzip = await importFixture({ file: gzipped });
    expect(fromGzip.summary).toEqual({ ...plain.summary, files: expect.any(Array) });
    expect(fromGzip.entries).toEqual(plain.entries);
  });

  it('filters by level, after NFC and case folding', async () => {
    const { summary, entries } = await importFixture({ levels: ['CẤP XÃ'.normalize('NFD')] });
    expect(entries.map((e) => e.catalogCodes[0]).sort()).toEqual(['1.000178', '1.012345', '2.000635']);
    expect(summary.filteredOut).toBe(2);
    const provincial = await importFixture({ levels: ['cấp bộ', 'Cấp tỉnh'] });
    expect(provincial.entries.map((e) => e.catalogCodes[0]).sort()).toEqual(['1.000050', '1.000178', '2.000635', '2.001194']);
  });

  it('filters by field, ignoring case and diacritics, and combines with the level filter', async () => {
    const land = await importFixture({ fields: ['DAT DAI'] });
    expect(land.entries.map((e) => e.id).sort()).toEqual(['dvc.1-000050', 'dvc.1-012345']);
    const two = await importFixture({ fields: ['hộ tịch', 'can cuoc'] });
    expect(two.entries.map((e) => e.category).sort()).toEqual(['civil', 'residence']);
    const both = await importFixture({ fields: ['đất đai'], levels: ['cấp xã'] });
    expect(both.entries.map((e) => e.id)).toEqual(['dvc.1-012345']);
    expect(both.summary.filteredOut).toBe(4);
  });

  it('produces files the bot loads next to a curated folder without any problem', async () => {
    const { outDir, summary } = await importFixture();
    const kb = loadKnowledge([curatedDir(), outDir]);
    expect(kb.problems).toEqual([]);
    expect(kb.entries).toHaveLength(summary.imported);
  });

  it('rejects a file that cannot be read', async () => {
    await expect(importCatalog({ file: join(tempDir(), 'missing.jsonl'), outDir: tempDir() })).rejects.toThrow(/ENOENT/);
    const corrupt = join(tempDir(), 'corrupt.jsonl.gz');
    writeFileSync(corrupt, gzipSync(readFileSync(fixture)).subarray(0, 200));
    await expect(importCatalog({ file: corrupt, outDir: tempDir() })).rejects.toThrow();
  });
});

describe('import-catalog command', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });

  async function run(...args: string[]): Promise<{ out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
    const program = new Command('tthc').exitOverride();
    registerImportCatalog(program);
    await program.parseAsync(['import-catalog', ...args], { from: 'user' });
    return { out: out.join('\n'), err: err.join('\n') };
  }

  it('imports with repeated --level and --field and prints a summary with the skipped lines', async () => {
    const outDir = tempDir();
    const { out } = await run(fixture, '--out', outDir, '--level', 'Cấp xã', '--level', 'Cấp tỉnh', '--field', 'dat dai', '--field', 'Hộ tịch');
    expect(process.exitCode).toBeUndefined();
    expect(out).toMatch(/Đã đọc 10 dòng · nhập 3 thủ tục · lọc bỏ 2 · bỏ 0 thủ tục đã bãi bỏ · bỏ qua 5/);
    expect(out).toContain('bỏ qua dòng 3: JSON không hợp lệ');
    expect(out).toContain('Đã ghi 2 tệp');
    expect(readdirSync(outDir).sort()).toEqual(['dat-dai.json', 'ho-tich.json']);
    // The command points each file to the editors' schema.
    expect(readFiles(outDir)['ho-tich.json']!.$schema).toMatch(/knowledge\/schema\/knowledge\.schema\.json$/);
  });

  it('exits non-zero when the file cannot be read', async () => {
    const { err } = await run(join(tempDir(), 'missing.jsonl'), '--out', tempDir());
    expect(process.exitCode).toBe(1);
    expect(err).toMatch(/Không nhập được .*missing\.jsonl: ENOENT/);
  });
});

describe('importCatalog on the real national catalogue', () => {
  it.skipIf(!existsSync(realCatalog))('turns nearly every record into a valid entry', async () => {
    const outDir = tempDir();
    // Every level and field: the defaults keep only what citizens deal with.
    const summary = await importCatalog({ file: realCatalog, outDir, importedAt: IMPORTED_AT, levels: ['all'], excludeFields: [] });
    expect(summary.read).toBeGreaterThanOrEqual(2600);
    expect(summary.imported).toBeGreaterThanOrEqual(2600);
    expect(summary.imported + summary.skipped.length + summary.abolished.length).toBe(summary.read);

    const entries = entriesIn(outDir);
    expect(entries).toHaveLength(summary.imported);
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    // Collected rather than asserted one by one: a failure then lists every offending entry.
    const faults = entries.flatMap((e) => [
      ...(entrySchema.safeParse(e).success ? [] : [`${e.id}: không hợp lệ`]),
      ...(e.answer.steps.length > 10 ? [`${e.id}: ${e.answer.steps.length} bước`] : []),
      ...e.answer.steps.filter((s) => s.length > 400).map(() => `${e.id}: bước quá dài`),
      ...allStrings(e)
        .filter((s) => s.replace(/\{\{(?:office|police)\.(?:name|address)\}\}/g, '').includes('{{') || s !== s.normalize('NFC'))
        .map((s) => `${e.id}: ${s.slice(0, 60)}`),
    ]);
    expect(faults).toEqual([]);

    // The tables really were split: only the records whose cell holds no table fall back.
    const portalFallback = (text: string) => text.startsWith('Xem thành phần hồ sơ');
    expect(entries.filter((e) => portalFallback(e.answer.documents[0]!)).length).toBeLessThan(60);
    expect(entries.reduce((n, e) => n + e.answer.documents.length, 0)).toBeGreaterThan(9_000);
    // No heading is left standing alone as a list item ("• Thành phần hồ sơ:").
    const headings = entries.flatMap((e) => [...e.answer.documents, ...e.answer.steps].filter((l) => l.trim().endsWith(':')).map((l) => `${e.id}: ${l}`));
    expect(headings).toEqual([]);

    // A complaint record whose fee cell says "Không có thông tin" on every row.
    const complaint = entries.find((e) => e.id === 'dvc.1-000178')!;
    expect(complaint.category).toBe('complaint');
    expect(complaint.answer.fees).not.toMatch(/miễn phí/i);
    expect(complaint.answer.processingTime).toBe('60 ngày làm việc');
    expect(complaint.legalBasis).toContain('Luật Khiếu nại số 02/2011/QH13');

    const kb = loadKnowledge([curatedDir(), outDir]);
    expect(kb.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(kb.entries).toHaveLength(summary.imported);
    // The whole catalogue, parsed and loaded: well within a minute, but the machine is shared.
  }, 120_000);
});
