// What an imported answer says about place, time, fee and legal basis, and which procedures
// it leaves out: the pieces on strings from the real catalogue, then the whole import on
// tests/fixtures/catalog/audit.jsonl (hand-made records with the defects an outside audit
// found: police procedures sent to the ward centre, căn cước by post, times without units
// or listed twice, cut fee notes, "miễn phí" beside "do HĐND quy định", garbled legal
// bases, an abolished code imported as current).
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { abolishedInRecord, readExclusionList } from '../src/catalog/abolished.ts';
import { describePlace, placeOf } from '../src/catalog/agency.ts';
import { describeFees, shortenNote } from '../src/catalog/describe-fees.ts';
import { describeProcessingTime, TIME_WITHOUT_UNIT, unitFromText } from '../src/catalog/describe-time.ts';
import { importCatalog } from '../src/catalog/import.ts';
import { formatLegalItem } from '../src/catalog/legal-items.ts';
import { parseLegalBasis } from '../src/catalog/parse-legal-basis.ts';
import { parseSubmissionMethods } from '../src/catalog/parse-submission-methods.ts';
import { toCatalogRecord } from '../src/catalog/record.ts';
import type { ProcedureEntry } from '../src/knowledge/schema.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const fixture = join(repoRoot, 'tests/fixtures/catalog/audit.jsonl');
const table = (rows: string) => `Hình thức nộpThời gianPhí, lệ phíMô tả${rows}`;
const record = (fields: Record<string, string>) => toCatalogRecord({ ma_thu_tuc: '1.000001', ten_thu_tuc: 'Thủ tục', ...fields })!;

const temps: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'tthc-answers-'));
  temps.push(dir);
  return dir;
};
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('processing time', () => {
  it('reads the unit of a bare number from the record text, or says to look on the portal, never a bare number', () => {
    const methods = parseSubmissionMethods(table('Trực tuyến5Miễn phíTrực tiếp5Miễn phí'));
    expect(describeProcessingTime(methods, 'b) Trong thời hạn 05 ngày làm việc kể từ ngày nhận đủ hồ sơ, Ủy ban nhân dân cấp tỉnh công bố')).toBe('5 ngày làm việc');
    expect(describeProcessingTime(methods, 'Người khai phải cư trú 05 năm')).toBe(TIME_WITHOUT_UNIT);
    expect(describeProcessingTime(methods)).not.toMatch(/\d/);
    // Two units for the same figure: no guess.
    expect(unitFromText('1', 'trong thời hạn 01 ngày làm việc; chậm nhất 01 giờ sau đó')).toBeUndefined();
    expect(unitFromText('3', 'không quá 03 (ba) ngày làm việc')).toBe('ngày làm việc');
  });

  it('merges a way listed twice into one range, and names ways sharing a time together', () => {
    const twice = parseSubmissionMethods(table('Trực tuyến1 Ngày làm việcKhông có thông tinTrực tuyến2 Ngày làm việcKhông có thông tin'));
    expect(describeProcessingTime(twice)).toBe('từ 1 đến 2 ngày làm việc, tùy trường hợp');
    const shared = parseSubmissionMethods(table('Trực tiếp7 Ngày làm việcMiễn phíTrực tuyến7 Ngày làm việcMiễn phíDịch vụ bưu chính10 Ngày làm việcMiễn phí'));
    expect(describeProcessingTime(shared)).toBe('Trực tiếp, trực tuyến: 7 ngày làm việc; Dịch vụ bưu chính: 10 ngày làm việc');
    // A unit-less figure gives way to a real one for the same way.
    const mixed = parseSubmissionMethods(table('Trực tuyến1Miễn phíTrực tuyến30 Ngày làm việcMiễn phí'));
    expect(describeProcessingTime(mixed)).toBe('30 ngày làm việc');
  });
});

describe('fees', () => {
  it('keeps a long note whole, the half-price sentence included', () => {
    const note =
      'Cấp đổi thẻ căn cước đối với các trường hợp quy định tại khoản 1 Điều 24 Luật Căn cước: 50.000 đồng/thẻ căn cước; Kể từ ngày 01/01/2025 đến hết ngày 31/12/2025, mức thu lệ phí khi công dân nộp hồ sơ theo hình thức trực tuyến bằng 50% mức thu lệ phí quy định. - Kể từ ngày 01/7/2025 đến hết ngày 31/12/2026 mức thu lệ phí cấp đổi, cấp lại thẻ căn cước bằng 50% mức thu nêu trên theo quy định tại Thông tư số 64/2025/TT-BTC ngày 30/6/2025 của Bộ Tài chính.';
    const fees = describeFees(parseSubmissionMethods(table(`Trực tiếp7 Ngày làm việc50,000 Việt Nam Đồng(${note})- Trực tiếp tại trụ sở`)));
    expect(fees).toContain('đến hết ngày 31/12/2026 mức thu lệ phí cấp đổi, cấp lại thẻ căn cước bằng 50%');
    expect(fees).not.toContain('…');
  });

  it('shortens only at the end of a sentence, never inside a figure', () => {
    const long = `Lệ phí 50.000 đồng. ${'Nội dung giải thích thêm về trường hợp miễn, giảm. '.repeat(30)}`;
    const short = shortenNote(long, 200);
    expect(short.length).toBeLessThanOrEqual(200);
    expect(short).toMatch(/^Lệ phí 50\.000 đồng\..*giảm\.$/);
    expect(shortenNote('Lệ phí 1.000.000 đồng cho mỗi lần cấp', 10)).toBe('Lệ phí 1.000.000 đồng cho mỗi lần cấp');
  });

  it('says a province-set fee once, without "miễn phí" for the same way', () => {
    const hdnd = 'Mức lệ phí cụ thể do Hội đồng nhân dân tỉnh, thành phố trực thuộc Trung ương quyết định. Miễn lệ phí cho người thuộc hộ nghèo.';
    const fees = describeFees(parseSubmissionMethods(table(`Trực tuyến5Miễn phí(${hdnd})Dịch vụ bưu chính5Miễn phí(Đồng (${hdnd}))Trực tiếp5Miễn phí(${hdnd})`)));
    expect(fees).not.toMatch(/miễn phí/i);
    expect(fees.match(/Hội đồng nhân dân/g)).toHaveLength(1);
    expect(fees).toContain('Miễn lệ phí cho người thuộc hộ nghèo');
  });

  it('reads a figure printed in thousands from its note, and "miễn phí" beside a fee rule as a fee', () => {
    expect(describeFees(parseSubmissionMethods(table('Trực tiếp3 Ngày làm việc135 VNĐ(Lệ phí cấp giấy phép lái xe: 135.000 đồng/lần.)')))).toMatch(
      /: 135\.000 đồng \(Lệ phí cấp giấy phép lái xe/,
    );
    const rule = describeFees(parseSubmissionMethods(table('Trực tiếp2 Ngày làm việcMiễn phí(Thông tư số 60/2023/TT-BTC quy định mức thu, chế độ thu, nộp, quản lý lệ phí đăng ký xe)')));
    expect(rule).not.toMatch(/miễn phí/i);
    expect(rule).toContain('phí, lệ phí theo quy định (Thông tư số 60/2023/TT-BTC');
    // A note that itself says free stays free.
    expect(describeFees(parseSubmissionMethods(table('Trực tiếp2 Ngày làm việcMiễn phí(Miễn lệ phí (Thông tư số 47/2019/TT-BTC).)')))).toMatch(/: miễn phí \(Miễn lệ phí/);
  });
});

describe('place', () => {
  it('is the ward police for Công an cấp xã, the ward office for a commune body, the agency without another province', () => {
    expect(describePlace(placeOf(record({ co_quan_thuc_hien: 'Công an cấp Xã' })))).toBe('{{police.name}} ({{police.address}})');
    expect(describePlace(placeOf(record({ co_quan_thuc_hien: 'Cục cảnh sát giao thông, Công an tỉnh, Công an cấp Xã' })))).toBe(
      '{{police.name}} ({{police.address}}); hoặc Cục cảnh sát giao thông, Công an tỉnh tùy trường hợp',
    );
    expect(describePlace(placeOf(record({ co_quan_thuc_hien: 'Không có thông tin', dia_chi_tiep_nhan: 'Công an cấp xã' })))).toContain('{{police.name}}');
    expect(describePlace(placeOf(record({ co_quan_thuc_hien: 'Ủy ban Nhân dân xã, phường, thị trấn.' })))).toBe(
      'Ủy ban Nhân dân xã, phường, thị trấn: nộp tại {{office.name}} ({{office.address}})',
    );
    expect(describePlace(placeOf(record({ co_quan_thuc_hien: 'Công an cấp Tỉnh' })))).toBe('Công an cấp tỉnh');
    expect(describePlace(placeOf(record({ co_quan_thuc_hien: 'Sở Tài chính TP.Đà Nẵng' })))).toBe('Sở Tài chính');
    expect(describePlace(placeOf(record({ co_quan_thuc_hien: 'UBND cấp xã - tỉnh Quảng Trị' })))).toBe('UBND cấp xã: nộp tại {{office.name}} ({{office.address}})');
  });
});

describe('legal basis', () => {
  it('is "Type number title", one item per number, and leaves out what it cannot read', () => {
    const raw =
      'Tên văn bản pháp lýMã văn bảnNghị định số 280/2025/NĐ-CP sửa đổi, bổ sung một số điều của Nghị định số 23/2015/NĐ-CP về chứng thực, được sửa đổi, bổ sung bởi Nghị định số 07/2025/NĐ-CP280/2025/NĐ-CP' +
      'Nghị quyết số 66.7/2025/NQ-CP của Chính phủ: Quy định cắt giảm thủ tục dựa trên dữ liệu66.7/2025/NQ-CPThông tư 01/2020/TT-BTP01/2020/TT-BTP' +
      'Luật thú y19/6/2015Cơ quan thực hiệnSở Nông nghiệp và Môi trường';
    expect(parseLegalBasis(raw)).toEqual([
      'Nghị định 280/2025/NĐ-CP sửa đổi, bổ sung một số điều của Nghị định số 23/2015/NĐ-CP về chứng thực, được sửa đổi, bổ sung bởi Nghị định số 07/2025/NĐ-CP',
      'Nghị quyết 66.7/2025/NQ-CP quy định cắt giảm thủ tục dựa trên dữ liệu',
      'Thông tư 01/2020/TT-BTP',
    ]);
  });

  it('drops a title that is a list of amended documents or glued to digits, keeping type and number', () => {
    expect(formatLegalItem('Thông tư số 53/2025/TT-BCAngày 01/7/2025 của Bộ Công an sửa đổi; Thông tư số 56/2021/TT-BCA', '53/2025/TT-BCA')?.text).toBe(
      'Thông tư 53/2025/TT-BCA sửa đổi',
    );
    expect(formatLegalItem(`Nghị định của Chính phủ: ${'quy định chi tiết một số điều '.repeat(10)}`, '70/2024/NĐ-CP')?.text).toBe('Nghị định 70/2024/NĐ-CP');
    expect(formatLegalItem('Quyết định mẫu hồ sơ24/2024', '24/2024/QĐ-UBND')?.text).toBe('Quyết định 24/2024/QĐ-UBND');
    expect(formatLegalItem('ƯMTTQVN')).toBeUndefined();
  });
});

describe('abolished procedures', () => {
  it('are told by status, by a status in the name or by a sentence, not by a name about abolishing something', () => {
    expect(abolishedInRecord(record({ trang_thai: 'Đã bãi bỏ' }))).toMatch(/trạng thái/);
    expect(abolishedInRecord(record({ ten_thu_tuc: 'Cấp giấy phép karaoke (đã bãi bỏ)' }))).toMatch(/tên/);
    expect(abolishedInRecord(record({ yeu_cau_dieu_kien: 'Thủ tục này đã được thay thế bởi thủ tục 1.014064.' }))).toMatch(/nội dung/);
    expect(abolishedInRecord(record({ ten_thu_tuc: 'Cấp phép (đã bị thay thế)' }))).toMatch(/tên/);
    expect(abolishedInRecord(record({ ten_thu_tuc: 'Bãi bỏ đường ngang' }))).toBeUndefined();
    // The procedure that replaces another is the current one.
    expect(abolishedInRecord(record({ ten_thu_tuc: 'Chấp thuận vận chuyển chất thải (thay thế - cấp Bộ) (1.010737)' }))).toBeUndefined();
    expect(abolishedInRecord(record({ yeu_cau_dieu_kien: 'Giấy phép đã cấp hết hiệu lực thì phải nộp lại' }))).toBeUndefined();
  });

  it('on the staff list are read from a checked file, with a clear message when it is wrong', async () => {
    const dir = tempDir();
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ procedures: [{ code: '1.014063', reason: 'đã bãi bỏ', source: 'https://dichvucong.gov.vn' }] }));
    expect((await readExclusionList(good)).get('1.014063')).toBe('đã bãi bỏ (nguồn: https://dichvucong.gov.vn)');
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ procedures: [{ code: '1014063', reason: '' }] }));
    await expect(readExclusionList(bad)).rejects.toThrow(/procedures\.0\.code: mã thủ tục dạng 1\.013978; procedures\.0\.reason: cần ghi lý do/);
    await expect(readExclusionList(join(dir, 'missing.json'))).rejects.toThrow(/không đọc được danh sách/);
  });

  it('the project list names 1.014063 with its reason', async () => {
    const list = await readExclusionList(join(repoRoot, 'knowledge/catalog/abolished.json'));
    expect(list.get('1.014063')).toMatch(/bãi bỏ/);
  });
});

describe('importCatalog on the audit fixture', () => {
  async function importAudit() {
    const outDir = tempDir();
    const list = join(tempDir(), 'abolished.json');
    writeFileSync(list, JSON.stringify({ procedures: [{ code: '1.200010', reason: 'bãi bỏ theo rà soát' }] }));
    const summary = await importCatalog({ file: fixture, outDir, importedAt: '2026-12-06', levels: ['all'], excludeFields: [], abolishedList: list });
    const entries: ProcedureEntry[] = readdirSync(outDir).flatMap((f) => JSON.parse(readFileSync(join(outDir, f), 'utf8')).entries);
    const byCode = (code: string) => entries.find((e) => e.catalogCodes[0] === code)!;
    return { summary, entries, byCode };
  }

  it('skips abolished and superseded procedures and reports each with its reason', async () => {
    const { summary, entries } = await importAudit();
    expect(summary.abolished.map((a) => [a.code, a.reason])).toEqual([
      ['1.200005', 'đã được thay bằng thủ tục 1.200006 (không còn cấp huyện từ ngày 01/7/2025)'],
      ['1.200007', 'tên thủ tục ghi đã bãi bỏ'],
      ['1.200008', 'Cổng ghi trạng thái "Đã bãi bỏ"'],
      ['1.200010', 'bãi bỏ theo rà soát'],
    ]);
    expect(summary.imported).toBe(10);
    expect(entries.map((e) => e.catalogCodes[0])).not.toContain('1.200010');
    expect(entries.map((e) => e.catalogCodes[0])).toContain('1.200009'); // "Bãi bỏ đường ngang" is a procedure, not a status
  });

  it('sends police procedures to the ward police and keeps căn cước off the post', async () => {
    const { byCode } = await importAudit();
    const absence = byCode('1.200001');
    expect(absence.answer.submission.inPerson).toBe('{{police.name}} ({{police.address}})');
    expect(absence.answer.processingTime).toBe('từ 1 đến 2 ngày làm việc, tùy trường hợp');
    const card = byCode('1.200002');
    expect(card.answer.submission.inPerson).toMatch(/^\{\{police\.name\}\} \(\{\{police\.address\}\}\)\. Cần có mặt trực tiếp để thu nhận ảnh khuôn mặt, vân tay/);
    expect(card.answer.submission.inPerson).toMatch(/không nộp hồ sơ qua bưu chính; có thể nhận kết quả qua bưu điện\.$/);
    expect(card.answer.submission.inPerson).not.toMatch(/hoặc gửi hồ sơ qua dịch vụ bưu chính/);
    // The postal row (10 days) is not a way to file, so it is not a time either.
    expect(card.answer.processingTime).toBe('7 ngày làm việc');
    expect(card.answer.fees).toContain('đến hết ngày 31/12/2026');
    const will = byCode('1.200014');
    expect(will.answer.submission.inPerson).toMatch(/ký trước mặt .* không nộp hồ sơ qua bưu chính/);
    expect(byCode('1.200006').answer.submission.inPerson).toBe('{{police.name}} ({{police.address}}); hoặc gửi hồ sơ qua dịch vụ bưu chính');
  });

  it('states civil-status, land and business fees and times as the record gives them', async () => {
    const { byCode } = await importAudit();
    const death = byCode('1.200003');
    expect(death.answer.fees).not.toMatch(/miễn phí/i);
    expect(death.answer.fees).toMatch(/^Theo Cổng Dịch vụ công quốc gia: Mức lệ phí cụ thể do Hội đồng nhân dân tỉnh/);
    expect(death.answer.processingTime).toBe(TIME_WITHOUT_UNIT);
    expect(death.legalBasis).toEqual(['Luật số 60/2014/QH13', 'Nghị định 123/2015/NĐ-CP']);
    expect(byCode('1.200004').answer.processingTime).toBe('5 ngày làm việc');
    expect(byCode('1.200012').answer.fees).toMatch(/: phí, lệ phí theo quy định của Luật phí và lệ phí;/);
    expect(byCode('1.200012').answer.submission.inPerson).toMatch(/nộp tại \{\{office\.name\}\}/);
    expect(byCode('1.200011').answer.fees).toMatch(/: 100\.000 đồng \(Phí đăng ký/);
    expect(byCode('1.200013').answer.submission.inPerson).toBe('Sở Tư pháp');
    expect(byCode('1.200001').legalBasis).toEqual([
      'Thông tư 66/2023/TT-BCA sửa đổi, bổ sung một số điều của Thông tư số 55/2021/TT-BCA ngày 15/5/2021 quy định chi tiết một số điều và biện pháp thi hành Luật Cư trú',
      'Luật Cư trú số 68/2020/QH14',
      'Thông tư 57/2021/TT-BCA',
      'Nghị quyết 66.7/2025/NQ-CP quy định cắt giảm, đơn giản hóa thủ tục hành chính dựa trên dữ liệu',
    ]);
  });
});
