// Fees the province sets: the figure and its resolution when the ward's settings know them,
// otherwise who sets it and where to look, in one line; never an invented number.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_KNOWLEDGE_DIR } from '../src/app/paths.ts';
import { loadKnowledge } from '../src/knowledge/load.ts';
import { fillPlaceholders } from '../src/knowledge/placeholders.ts';
import { knowledgeDir, procedure, sixQuestions } from './helpers/knowledge-fixtures.ts';

const settings = JSON.parse(readFileSync(join(DEFAULT_KNOWLEDGE_DIR, 'settings.json'), 'utf8'));

describe('fees the province sets', () => {
  it('show the figure and its resolution from the settings, or who sets it and where to look', () => {
    const text = 'Lệ phí đăng ký hộ kinh doanh: {{fee:ho-kinh-doanh}}.';
    expect(fillPlaceholders(text, settings)).toBe(`Lệ phí đăng ký hộ kinh doanh: theo mức HĐND ${settings.unit.province} quy định; xem mức cụ thể tại ${settings.portals.provincial} hoặc hỏi ${settings.office.name}.`);
    const known = { ...settings, fees: { 'ho-kinh-doanh': { amount: '100.000 đồng/lần', basis: 'Nghị quyết 12/2026/NQ-HĐND của HĐND tỉnh Lâm Đồng' } } };
    expect(fillPlaceholders(text, known)).toBe('Lệ phí đăng ký hộ kinh doanh: 100.000 đồng/lần (theo Nghị quyết 12/2026/NQ-HĐND của HĐND tỉnh Lâm Đồng).');
  });

  it('are checked: a fee nobody defined is an error of the entry, and settings say fees in the schema', () => {
    const entry = procedure('business.household-register', 'Đăng ký hộ kinh doanh', sixQuestions('đăng ký hộ kinh doanh'));
    entry.answer = { ...entry.answer, fees: 'Lệ phí: {{fee:ho-kinh-doan}}.' };
    const kb = loadKnowledge([knowledgeDir({ 'business.json': { entries: [entry] } })]);
    expect(kb.problems).toEqual([expect.objectContaining({ kind: 'placeholder', field: 'answer.fees', severity: 'error' })]);
    const dir = knowledgeDir({}, false);
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ ...settings, fees: { 'ho-kinh-doanh': { amount: '' } } }));
    expect(() => loadKnowledge([dir])).toThrow(/fees\.ho-kinh-doanh/);
  });
});
