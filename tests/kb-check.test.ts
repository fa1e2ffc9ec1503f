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

  it('the command line helps in Vietnamese', () => {
    const help = cli('--help').stdout + cli('feedback', '--help').stdout + cli('kb', 'check', '--help').stdout;
    expect(help).toMatch(/Cách dùng:/);
    expect(help).toMatch(/Tùy chọn:/);
    expect(help).not.toMatch(/Usage:|Options:|display help/);
    const wrong = cli('feedback', 'shw');
    expect(wrong.stderr).toMatch(/lỗi: không có lệnh 'shw'/);
  }, 120_000); // four CLI processes, one after the other: slow on a busy machine
});
