// Staff-facing checks speak Vietnamese: schema and placeholder errors of an entry together,
// the nearest placeholder suggested, an entry with errors counted as one, help in Vietnamese.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { PROJECT_ROOT } from '../src/app/paths.ts';
import { loadKnowledge } from '../src/knowledge/load.ts';
import { knowledgeDir, procedure, sixQuestions } from './helpers/knowledge-fixtures.ts';

const good = procedure('land.transfer', 'Chuyển nhượng quyền sử dụng đất', sixQuestions('sang tên sổ đỏ'));
const cli = (...args: string[]) => spawnSync('npm', ['run', '-s', 'cli', '--', ...args], { cwd: PROJECT_ROOT, encoding: 'utf8' });

describe('knowledge checks', () => {
  it('report schema and placeholder errors of one entry together, in Vietnamese, with the nearest placeholder', () => {
    const broken = { ...good, title: 42, questions: ['một câu'], answer: { ...good.answer, fees: 'Hỏi tại {{office.adress}}.' } };
    const kb = loadKnowledge([knowledgeDir({ 'land.json': { entries: [broken] } })]);
    const mine = kb.problems.filter((p) => p.entry === 'land.transfer');
    expect(mine.map((p) => p.field).sort()).toEqual(['answer.fees', 'questions', 'title']);
    expect(mine.find((p) => p.field === 'answer.fees')!.message).toMatch(/\{\{office\.adress\}\}.*có phải ý bạn là \{\{office\.address\}\}/);
    for (const p of mine) expect(p.message).not.toMatch(/Invalid|expected|received|Too small/);
    expect(mine.find((p) => p.field === 'title')!.message).toMatch(/cần chữ/);
    expect(mine.find((p) => p.field === 'questions')!.message).toMatch(/ít nhất 6/);
    // An entry with errors does not serve.
    expect(kb.entries).toEqual([]);
  });

  it('does not serve an entry whose only error is an unknown placeholder', () => {
    const typo = { ...good, answer: { ...good.answer, fees: 'Hỏi tại {{office.adress}}.' } };
    const kb = loadKnowledge([knowledgeDir({ 'land.json': { entries: [typo] } })]);
    expect(kb.entries).toEqual([]);
    expect(kb.problems).toEqual([expect.objectContaining({ entry: 'land.transfer', field: 'answer.fees', severity: 'error' })]);
  });

  it('kb check counts an entry with errors as an error, not as valid', () => {
    const typo = { ...good, answer: { ...good.answer, fees: 'Hỏi tại {{office.adress}}.' } };
    const dir = knowledgeDir({ 'land.json': { entries: [typo, procedure('land.gift', 'Tặng cho quyền sử dụng đất', sixQuestions('tặng cho đất'))] } });
    const r = cli('kb', 'check', '--knowledge', dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/LỖI .*land\.json › mục land\.transfer › trường answer\.fees/);
    expect(r.stdout).toMatch(/^1 mục dùng được · 1 mục hoặc tệp có lỗi \(1 lỗi\)/m);
  });

  // Four CLI processes, one after the other: slow on a busy machine.
  it('the command line helps in Vietnamese', { timeout: 120_000 }, () => {
    const help = cli('--help').stdout + cli('feedback', '--help').stdout + cli('kb', 'check', '--help').stdout;
    expect(help).toMatch(/Cách dùng:/);
    expect(help).toMatch(/Tùy chọn:/);
    expect(help).not.toMatch(/Usage:|Options:|display help/);
    const wrong = cli('feedback', 'shw');
    expect(wrong.stderr).toMatch(/lỗi: không có lệnh 'shw'/);
  });
});

describe('kb check warnings before it is too late', () => {
  const documents = {
    documents: [
      { number: '64/2014/NĐ-CP', type: 'Nghị định', title: 'quy định chi tiết một số điều của Luật Tiếp công dân', endedOn: '2026-10-01', replacedBy: '154/2026/NĐ-CP' },
      { number: '154/2026/NĐ-CP', type: 'Nghị định', title: 'quy định chi tiết một số điều của Luật Tiếp công dân', inForceFrom: '2026-10-01' },
      { number: '31/2024/QH15', type: 'Luật', title: 'Đất đai', inForceFrom: '2024-08-01', amendedBy: ['43/2024/QH15'] },
    ],
  };
  const fee = { value: '15.000 đồng/thẻ.', until: '2026-12-31', after: '30.000 đồng/thẻ khi đổi thẻ căn cước công dân sang thẻ căn cước theo yêu cầu; cấp đổi 50.000 đồng/thẻ; cấp lại 70.000 đồng/thẻ (Thông tư 73/2024/TT-BTC).' };
  const waiver = { value: 'Miễn lệ phí khi nộp trực tuyến.', until: '2026-12-31' };
  const entries = [
    procedure('land.transfer', 'Chuyển nhượng quyền sử dụng đất', sixQuestions('sang tên sổ đỏ'), {
      legalBasis: ['31/2024/QH15', { doc: '64/2014/NĐ-CP', part: 'Điều 5' }],
      reviewed: '2025-11-01',
    }),
    procedure('land.gift', 'Tặng cho quyền sử dụng đất', sixQuestions('tặng cho đất'), {
      legalBasis: ['31/2024/QH15'],
      reviewed: '2026-11-30',
      answer: { ...good.answer, fees: fee, notes: [waiver] },
    }),
  ];
  const dir = () => knowledgeDir({ 'land.json': { entries }, 'documents.json': documents });
  const check = (today: string, d: string) => spawnSync('npm', ['run', '-s', 'cli', '--', 'kb', 'check', '--json', '--knowledge', d], { cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...process.env, TTHC_TODAY: today } });

  it('lists expiring facts, repealed bases and reviews due apart from errors, and exits 0', () => {
    const d = dir();
    const r = check('2026-12-20', d);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { errors: unknown[]; warnings: { file: string; entry: string; field: string; kind: string; message: string }[] };
    expect(out.errors).toEqual([]);
    const mine = out.warnings.filter((w) => w.file.endsWith('land.json')).map((w) => `${w.kind} ${w.entry} ${w.field}`);
    expect(mine).toEqual(
      expect.arrayContaining(['expiring land.gift answer.fees', 'expiring land.gift answer.notes.0', 'repealed-basis land.transfer legalBasis.1', 'review-due land.transfer reviewed']),
    );
    expect(mine).not.toContain('review-due land.gift reviewed');
    const expiring = out.warnings.find((w) => w.kind === 'expiring' && w.field === 'answer.fees')!.message;
    expect(expiring).toMatch(/sau 12 ngày \(đến hết 31\/12\/2026\).*30\.000 đồng/);
    // A long value is cut between clauses, never inside a word or an amount.
    expect(expiring).toMatch(/bot nói: "30\.000 đồng\/thẻ khi đổi [^"]*; cấp đổi 50\.000 đồng\/thẻ…"$/);
    expect(out.warnings.find((w) => w.kind === 'repealed-basis')!.message).toMatch(/Nghị định 64\/2014\/NĐ-CP, hết hiệu lực từ 01\/10\/2026, đã được thay bằng Nghị định 154\/2026\/NĐ-CP/);
  });

  it('after the day, warns of a fact that ended with nothing after it, and no longer of the one that has its next value', () => {
    const r = check('2027-01-05', dir());
    expect(r.status).toBe(0);
    const kinds = (JSON.parse(r.stdout) as { warnings: { kind: string; field: string }[] }).warnings.map((w) => `${w.kind} ${w.field}`);
    expect(kinds).toContain('expired answer.notes.0');
    expect(kinds.filter((k) => k.includes('answer.fees'))).toEqual([]);
  });

  it('reports errors in the same JSON and exits 1 only then', () => {
    const broken = { ...entries[0], answer: { ...good.answer, fees: { value: 'x' } } };
    const r = check('2026-12-20', knowledgeDir({ 'land.json': { entries: [broken] }, 'documents.json': documents }));
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as { errors: { kind: string; field: string; message: string }[] };
    expect(out.errors).toEqual([expect.objectContaining({ kind: 'schema', field: 'answer.fees.until', message: expect.stringMatching(/cần ít nhất một trong hai ngày/) })]);
  });
});
