// Imported catalogue answers a citizen can read: no heading left as a bullet of its own,
// the place of submission named by level (the ward's own office for commune procedures),
// fees stated rather than contradicted, and only the procedures citizens deal with.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEngine } from '../src/app/live-knowledge.ts';
import { DEFAULT_KNOWLEDGE_DIR, PROJECT_ROOT } from '../src/app/paths.ts';
import { importCatalog } from '../src/catalog/import.ts';
import { detailsReply, fullReply } from '../src/conversation/entry-replies.ts';
import { sectionsToPlainText } from '../src/conversation/sections.ts';
import { loadKnowledge } from '../src/knowledge/load.ts';

const table = (rows: string) => `Hình thức nộpThời gianPhí, lệ phíMô tả${rows}`;

const records = [
  {
    ma_thu_tuc: '1.100001',
    ten_thu_tuc: 'Đăng ký khai sinh lưu động',
    cap_thuc_hien: 'Cấp xã',
    linh_vuc: 'Hộ tịch',
    doi_tuong_thuc_hien: 'Công dân Việt Nam',
    trinh_tu_thuc_hien: 'Thành phần hồ sơ:\nNộp tờ khai.\nTrường hợp trẻ bị bỏ rơi:\nBiên bản xác nhận việc trẻ bị bỏ rơi.\nBản sao giấy tờ của người nhận nuôi dưỡng.',
    cach_thuc_thuc_hien: table('Trực tiếp5 Ngày làm việcMiễn phí(Lệ phí cấp bản sao trích lục: 8.000 đồng/bản)Nộp tại Ủy ban'),
    thanh_phan_ho_so: '',
    can_cu_phap_ly: 'Luật Hộ tịch 2014',
    detail_url: 'https://dichvucong.gov.vn/thu-tuc-hanh-chinh/x1',
  },
  {
    ma_thu_tuc: '1.100002',
    ten_thu_tuc: 'Cấp giấy phép kinh doanh rượu',
    cap_thuc_hien: 'Cấp tỉnh',
    linh_vuc: 'Lưu thông hàng hóa trong nước',
    cach_thuc_thuc_hien: table('Trực tiếp15 Ngày làm việc1,200,000 Việt Nam ĐồngNộp tại Sở'),
    detail_url: 'https://dichvucong.gov.vn/thu-tuc-hanh-chinh/x2',
  },
  { ma_thu_tuc: '1.100003', ten_thu_tuc: 'Cấp giấy phép kinh doanh dịch vụ hàng không tại cảng hàng không', cap_thuc_hien: 'Cấp bộ', linh_vuc: 'Hàng không' },
  { ma_thu_tuc: '1.100004', ten_thu_tuc: 'Cấp giấy phép kinh doanh dịch vụ kho ngoại quan', cap_thuc_hien: 'Cấp tỉnh', linh_vuc: 'Hải quan' },
];

function catalogFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tthc-cat-'));
  const file = join(dir, 'catalog.jsonl');
  writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return file;
}

const readingOf = (kb: ReturnType<typeof loadKnowledge>) => ({ settings: kb.settings, documents: kb.documents, today: '2026-12-06' });

const entriesIn = (dir: string) => readdirSync(dir).flatMap((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')).entries);

describe('imported answers', () => {
  it('read like curated ones: no heading bullets, the office for commune procedures, fees stated', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tthc-cat-out-'));
    await importCatalog({ file: catalogFile(), outDir: out, importedAt: '2026-11-30' });
    const kb = loadKnowledge([DEFAULT_KNOWLEDGE_DIR, out]);
    const birth = kb.entries.find((e) => e.id === 'dvc.1-100001')!;
    expect(birth.kind).toBe('procedure');
    const text = sectionsToPlainText(fullReply(birth, readingOf(kb)).sections);
    const steps = sectionsToPlainText(detailsReply(birth, 'steps', readingOf(kb), () => undefined).sections);
    for (const shown of [text, steps]) expect(shown).not.toMatch(/•[^\n]{0,80}:\n/);
    expect(steps).not.toMatch(/Thành phần hồ sơ:/);
    expect(steps).toMatch(/Trường hợp trẻ bị bỏ rơi: Biên bản xác nhận việc trẻ bị bỏ rơi\.; Bản sao/);
    expect(text).toContain(`Trực tiếp: ${kb.settings.office.name}`);
    expect(text).not.toMatch(/cơ quan có thẩm quyền/);
    expect(text).toMatch(/8\.000 đồng\/bản/);
    expect(text).not.toMatch(/miễn phí \(Lệ phí/i);
    const liquor = kb.entries.find((e) => e.id === 'dvc.1-100002')!;
    expect(sectionsToPlainText(fullReply(liquor, readingOf(kb)).sections)).toMatch(/Trung tâm Phục vụ hành chính công cấp tỉnh/);
  });

  it('are only the procedures citizens deal with, by default, and the import says what it kept and why', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tthc-cat-out-'));
    const summary = await importCatalog({ file: catalogFile(), outDir: out, importedAt: '2026-11-30' });
    expect(entriesIn(out).map((e: { id: string }) => e.id).sort()).toEqual(['dvc.1-100001', 'dvc.1-100002']);
    expect(summary.filteredBy.level).toEqual({ 'Cấp bộ': 1 });
    expect(summary.filteredBy.excludedField).toEqual({ 'Hải quan': 1 });
    expect(openEngine([DEFAULT_KNOWLEDGE_DIR, out]).engine.search('cap giay phep kinh doanh ruou').hits[0]?.entry.id).toBe('dvc.1-100002');

    const everything = mkdtempSync(join(tmpdir(), 'tthc-cat-all-'));
    const cli = spawnSync('npm', ['run', '-s', 'cli', '--', 'import-catalog', catalogFile(), '--out', everything, '--level', 'xa,tinh,bo', '--all-fields'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    expect(cli.status, cli.stderr).toBe(0);
    expect(entriesIn(everything)).toHaveLength(4);
    const log = spawnSync('npm', ['run', '-s', 'cli', '--', 'import-catalog', catalogFile(), '--out', mkdtempSync(join(tmpdir(), 'tthc-cat-log-'))], { cwd: PROJECT_ROOT, encoding: 'utf8' }).stdout;
    expect(log).toMatch(/Giữ thủ tục ở Cấp xã, Cấp tỉnh/);
    expect(log).toMatch(/bỏ 1 thủ tục chỉ thực hiện ở cấp khác: Cấp bộ 1/);
    expect(log).toMatch(/bỏ 1 thủ tục thuộc lĩnh vực dành cho doanh nghiệp.*Hải quan 1/);
    // Two CLI processes: each starts tsx, which takes seconds on a loaded machine.
  }, 90_000);

  const realCatalog = join(PROJECT_ROOT, '..', 'shared', 'data', 'tthc-catalog.jsonl.gz');
  it.skipIf(!existsSync(realCatalog))('from the real catalogue never offer an airport licence for a liquor licence', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tthc-cat-real-'));
    await importCatalog({ file: realCatalog, outDir: out });
    const { engine } = openEngine([DEFAULT_KNOWLEDGE_DIR, out]);
    const hits = engine.search('cap giay phep kinh doanh ruou', 5).hits.map((h) => h.entry.title);
    expect(hits.join('\n')).not.toMatch(/hàng không|sân bay/i);
  }, 60_000);
});
