// A re-import says what is new, changed and gone since the import already in the folder,
// and leaves no stale entry behind: diffImports on its own, importCatalog twice into one
// folder, and `import-catalog --json` run as a real process (the contract: the
// last line of stdout is {"added":[ids],"changed":[ids],"removed":[ids]}).
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/app/paths.ts';
import { diffImports } from '../src/catalog/diff-imports.ts';
import { importCatalog } from '../src/catalog/import.ts';

const table = (rows: string) => `Hình thức nộpThời gianPhí, lệ phíMô tả${rows}`;
const birth = { ma_thu_tuc: '1.300001', ten_thu_tuc: 'Đăng ký khai sinh', cap_thuc_hien: 'Cấp xã', linh_vuc: 'Hộ tịch', co_quan_thuc_hien: 'Ủy ban nhân dân xã', cach_thuc_thuc_hien: table('Trực tiếp3 Ngày làm việcMiễn phí') };
const death = { ma_thu_tuc: '1.300002', ten_thu_tuc: 'Đăng ký khai tử', cap_thuc_hien: 'Cấp xã', linh_vuc: 'Hộ tịch', co_quan_thuc_hien: 'Ủy ban nhân dân xã', cach_thuc_thuc_hien: table('Trực tiếp3 Ngày làm việcMiễn phí') };
const residence = { ma_thu_tuc: '1.300003', ten_thu_tuc: 'Đăng ký tạm trú', cap_thuc_hien: 'Cấp xã', linh_vuc: 'Đăng ký, quản lý cư trú', co_quan_thuc_hien: 'Công an cấp Xã', cach_thuc_thuc_hien: table('Trực tiếp3 Ngày làm việc20,000 VNĐ') };
const land = { ma_thu_tuc: '1.300004', ten_thu_tuc: 'Đăng ký biến động đất đai', cap_thuc_hien: 'Cấp xã', linh_vuc: 'Đất đai', co_quan_thuc_hien: 'Văn phòng đăng ký đất đai', cach_thuc_thuc_hien: table('Trực tiếp10 Ngày làm việcMiễn phí') };

const temps: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'tthc-reimport-'));
  temps.push(dir);
  return dir;
};
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

function catalogue(...records: object[]): string {
  const file = join(tempDir(), 'catalog.jsonl');
  writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return file;
}

const fileEntries = (dir: string, name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8')).entries as { id: string }[];

describe('diffImports', () => {
  const entry = (id: string, fees: string, importedAt = '2026-11-01') => ({ id, updated: importedAt, answer: { fees, time: '3 ngày' }, imported: { code: id, importedAt } });

  it('lists ids added, changed and removed, sorted, ignoring the dates an import stamps and the order of keys', () => {
    const before = [entry('dvc.1-000010', '10.000 đồng'), entry('dvc.1-000009', 'miễn phí'), entry('dvc.1-000002', 'miễn phí')];
    const reordered = { imported: { importedAt: '2026-12-06', code: 'dvc.1-000009' }, answer: { time: '3 ngày', fees: 'miễn phí' }, updated: '2026-12-06', id: 'dvc.1-000009' };
    const after = [entry('dvc.1-000010', '20.000 đồng', '2026-12-06'), reordered, entry('dvc.1-000100', 'miễn phí'), entry('dvc.1-000011', 'miễn phí')];
    expect(diffImports(before, after)).toEqual({ added: ['dvc.1-000011', 'dvc.1-000100'], changed: ['dvc.1-000010'], removed: ['dvc.1-000002'] });
    expect(diffImports(after, after)).toEqual({ added: [], changed: [], removed: [] });
  });
});

describe('importing again into the same folder', () => {
  it('reports what changed, rewrites files without removed entries, removes emptied files and keeps staff entries', async () => {
    const out = tempDir();
    const first = await importCatalog({ file: catalogue(birth, death, residence, land), outDir: out, importedAt: '2026-11-01' });
    expect(first.diff).toEqual({ added: ['dvc.1-300001', 'dvc.1-300002', 'dvc.1-300003', 'dvc.1-300004'], changed: [], removed: [] });
    // Staff add an entry of their own to an imported file: a re-import must not lose it.
    const civil = JSON.parse(readFileSync(join(out, 'ho-tich.json'), 'utf8'));
    civil.entries.push({ kind: 'info', id: 'civil.staff-note', title: 'Ghi chú của cán bộ' });
    writeFileSync(join(out, 'ho-tich.json'), JSON.stringify(civil));

    const same = await importCatalog({ file: catalogue(birth, death, residence, land), outDir: out, importedAt: '2026-12-06' });
    expect(same.diff).toEqual({ added: [], changed: [], removed: [] });

    const slower = { ...birth, cach_thuc_thuc_hien: table('Trực tiếp5 Ngày làm việcMiễn phí') };
    const newcomer = { ...birth, ma_thu_tuc: '1.300005', ten_thu_tuc: 'Đăng ký lại khai sinh' };
    const second = await importCatalog({ file: catalogue(slower, residence, newcomer), outDir: out, importedAt: '2026-12-06' });
    expect(second.diff).toEqual({ added: ['dvc.1-300005'], changed: ['dvc.1-300001'], removed: ['dvc.1-300002', 'dvc.1-300004'] });
    expect(fileEntries(out, 'ho-tich.json').map((e) => e.id)).toEqual(['civil.staff-note', 'dvc.1-300001', 'dvc.1-300005']);
    expect(existsSync(join(out, 'dat-dai.json'))).toBe(false);
    expect(readdirSync(out).sort()).toEqual(['dang-ky-quan-ly-cu-tru.json', 'ho-tich.json']);
  });

  it('stops before writing anything when a file in the folder cannot be read', async () => {
    const out = tempDir();
    writeFileSync(join(out, 'ho-tich.json'), '{ "entries": [ broken');
    await expect(importCatalog({ file: catalogue(birth), outDir: out })).rejects.toThrow(/không đọc được tệp .*ho-tich\.json trong thư mục ghi/);
    expect(readFileSync(join(out, 'ho-tich.json'), 'utf8')).toBe('{ "entries": [ broken');
  });
});

describe('import-catalog --json', () => {
  const run = (file: string, out: string, ...extra: string[]) =>
    spawnSync('npm', ['run', '-s', 'cli', '--', 'import-catalog', file, '--out', out, ...extra], { cwd: PROJECT_ROOT, encoding: 'utf8' });

  it('prints exactly {"added","changed","removed"} on the last line of stdout, the Vietnamese summary on stderr', () => {
    const out = tempDir();
    const first = run(catalogue(birth, death), out, '--json');
    expect(first.status, first.stderr).toBe(0);
    const lines = first.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines.at(-1)!)).toEqual({ added: ['dvc.1-300001', 'dvc.1-300002'], changed: [], removed: [] });
    expect(Object.keys(JSON.parse(lines.at(-1)!))).toEqual(['added', 'changed', 'removed']);
    expect(first.stderr).toMatch(/Đã đọc 2 dòng · nhập 2 thủ tục/);
    expect(first.stderr).toMatch(/2 thủ tục mới, 0 thay đổi, 0 không còn/);

    const second = run(catalogue({ ...birth, cach_thuc_thuc_hien: table('Trực tiếp5 Ngày làm việcMiễn phí') }, residence), out, '--json');
    expect(second.status, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout.trim().split('\n').at(-1)!)).toEqual({ added: ['dvc.1-300003'], changed: ['dvc.1-300001'], removed: ['dvc.1-300002'] });

    // Without --json the summary, diff included, is on stdout in Vietnamese.
    const plain = run(catalogue(residence), out);
    expect(plain.status, plain.stderr).toBe(0);
    expect(plain.stdout).toMatch(/So với lần nhập trước trong .*: 0 thủ tục mới, 0 thay đổi, 1 không còn\n\s+không còn: dvc\.1-300001\n/);
    expect(plain.stdout.trim().split('\n').at(-1)).not.toMatch(/^\{/);
    // Three CLI processes, each starting tsx: seconds apiece on a loaded machine.
  }, 120_000);

  it('reads the staff list of abolished procedures and reports what it skipped', () => {
    const list = join(tempDir(), 'abolished.json');
    writeFileSync(list, JSON.stringify({ procedures: [{ code: '1.300002', reason: 'đã bãi bỏ theo quyết định công bố' }] }));
    const result = run(catalogue(birth, death), tempDir(), '--abolished', list, '--json');
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout.trim())).toEqual({ added: ['dvc.1-300001'], changed: [], removed: [] });
    expect(result.stderr).toMatch(/bỏ 1 thủ tục đã bãi bỏ/);
    expect(result.stderr).toMatch(/bỏ thủ tục 1\.300002 \(Đăng ký khai tử\): đã bãi bỏ theo quyết định công bố/);
    const broken = join(tempDir(), 'broken.json');
    writeFileSync(broken, '{"procedures":[{"code":"x"}]}');
    const refused = run(catalogue(birth), tempDir(), '--abolished', broken, '--json');
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/Không nhập được .*danh sách thủ tục đã bãi bỏ .* không hợp lệ/);
  }, 60_000);
});
