import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadKnowledge, KnowledgeLoadError } from '../src/knowledge/load.ts';
import { formatProblem } from '../src/knowledge/problems.ts';
import { knowledgeDir, procedure, sixQuestions } from './helpers/knowledge-fixtures.ts';

const good = procedure('land.transfer', 'Chuyển nhượng quyền sử dụng đất', sixQuestions('sang tên sổ đỏ'));

describe('loadKnowledge', () => {
  it('loads valid entries and settings', () => {
    const kb = loadKnowledge([knowledgeDir({ 'land.json': { entries: [good] } })]);
    expect(kb.problems).toEqual([]);
    expect(kb.entries.map((e) => e.id)).toEqual(['land.transfer']);
    expect(kb.settings.unit.name).toBeTruthy();
  });

  it('reports invalid JSON with line and column, and still loads the other files', () => {
    const broken = '{\n  "entries": [\n    { "id": "x", }\n  ]\n}';
    const kb = loadKnowledge([knowledgeDir({ 'a-broken.json': broken, 'land.json': { entries: [good] } })]);
    expect(kb.entries.map((e) => e.id)).toEqual(['land.transfer']);
    expect(kb.problems).toHaveLength(1);
    expect(kb.problems[0]!.file).toMatch(/a-broken\.json$/);
    expect(kb.problems[0]!.message).toMatch(/dòng 3, cột \d+/);
  });

  it('names the file, the entry and the field of a missing field', () => {
    const { questions: _dropped, ...noQuestions } = good;
    const kb = loadKnowledge([knowledgeDir({ 'land.json': { entries: [noQuestions] } })]);
    expect(kb.entries).toEqual([]);
    expect(kb.problems).toContainEqual(expect.objectContaining({ entry: 'land.transfer', field: 'questions', severity: 'error' }));
    expect(formatProblem(kb.problems[0]!)).toMatch(/land\.json › mục land\.transfer › trường questions/);
  });

  it('uses the position of an entry without id', () => {
    const { id: _dropped, ...noId } = good;
    const kb = loadKnowledge([knowledgeDir({ 'land.json': { entries: [good, noId] } })]);
    expect(kb.problems).toContainEqual(expect.objectContaining({ entry: '#2', field: 'id' }));
  });

  it('rejects an empty answer and too few sample questions', () => {
    const empty = { ...good, answer: { ...good.answer, summary: '   ' }, questions: ['một', 'hai'] };
    const kb = loadKnowledge([knowledgeDir({ 'land.json': { entries: [empty] } })]);
    const fields = kb.problems.map((p) => p.field);
    expect(fields).toContain('answer.summary');
    expect(fields).toContain('questions');
  });

  it('reports duplicate ids across files and keeps the first', () => {
    const kb = loadKnowledge([knowledgeDir({ 'a.json': { entries: [good] }, 'b.json': { entries: [{ ...good, title: 'Bản sao' }] } })]);
    expect(kb.entries).toHaveLength(1);
    expect(kb.entries[0]!.title).toBe(good.title);
    expect(kb.problems).toEqual([expect.objectContaining({ entry: 'land.transfer', field: 'id', message: expect.stringMatching(/trùng/) })]);
  });

  it('reports placeholders that settings do not define', () => {
    const bad = { ...good, answer: { ...good.answer, fees: 'Gọi {{office.fax}} để hỏi.' } };
    const kb = loadKnowledge([knowledgeDir({ 'land.json': { entries: [bad] } })]);
    expect(kb.problems).toEqual([
      expect.objectContaining({ entry: 'land.transfer', field: 'answer.fees', message: expect.stringContaining('{{office.fax}}') }),
    ]);
  });

  it('warns about related ids that do not exist', () => {
    const kb = loadKnowledge([knowledgeDir({ 'land.json': { entries: [{ ...good, related: ['land.nothing'] }] } })]);
    expect(kb.problems).toEqual([expect.objectContaining({ severity: 'warning', field: 'related.0' })]);
  });

  it('accepts a byte-order mark', () => {
    const kb = loadKnowledge([knowledgeDir({ 'land.json': '\uFEFF' + JSON.stringify({ entries: [good] }) })]);
    expect(kb.problems).toEqual([]);
    expect(kb.entries).toHaveLength(1);
  });

  it('refuses to start without settings, naming the file', () => {
    expect(() => loadKnowledge([knowledgeDir({ 'land.json': { entries: [good] } }, false)])).toThrow(KnowledgeLoadError);
    expect(() => loadKnowledge([knowledgeDir({ 'land.json': { entries: [good] } }, false)])).toThrow(/settings\.json/);
  });

  it('merges several folders, settings from the first', () => {
    const first = knowledgeDir({ 'land.json': { entries: [good] } });
    const second = knowledgeDir({ 'more.json': { entries: [procedure('land.gift', 'Tặng cho quyền sử dụng đất', sixQuestions('tặng cho đất'))] } }, false);
    const kb = loadKnowledge([first, second]);
    expect(kb.entries.map((e) => e.id)).toEqual(['land.transfer', 'land.gift']);
  });

  it('reports a missing folder', () => {
    const dir = knowledgeDir({ 'land.json': { entries: [good] } });
    const kb = loadKnowledge([dir, join(dir, 'nope')]);
    expect(kb.problems).toEqual([expect.objectContaining({ message: expect.stringMatching(/không tồn tại/) })]);
  });
});

describe('editor JSON Schemas', () => {
  it('are current with the zod schema and referenced by every knowledge file', async () => {
    const { editorSchemas: knowledgeSchemas } = await import('../src/knowledge/schema.ts');
    const { caseworkEditorSchemas } = await import('../src/knowledge/casework-schema.ts');
    const editorSchemas = () => ({ ...knowledgeSchemas(), ...caseworkEditorSchemas() });
    const { readFileSync, readdirSync } = await import('node:fs');
    const { DEFAULT_KNOWLEDGE_DIR } = await import('../src/app/paths.ts');
    for (const [name, schema] of Object.entries(editorSchemas()))
      expect(JSON.parse(readFileSync(join(DEFAULT_KNOWLEDGE_DIR, 'schema', name), 'utf8')), `${name}: run npm run schema`).toEqual(schema);
    for (const file of readdirSync(DEFAULT_KNOWLEDGE_DIR).filter((f) => f.endsWith('.json'))) {
      const ref = JSON.parse(readFileSync(join(DEFAULT_KNOWLEDGE_DIR, file), 'utf8')).$schema;
      const expected = { 'settings.json': 'settings', 'synonyms.json': 'synonyms', 'out-of-scope.json': 'out-of-scope', 'documents.json': 'documents', 'calendar.json': 'calendar', 'deadlines.json': 'deadlines' }[file] ?? 'knowledge';
      expect(ref, file).toBe(`./schema/${expected}.schema.json`);
    }
  });
});
