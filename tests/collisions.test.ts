import { describe, expect, it } from 'vitest';
import { entry as entrySchema } from '../src/knowledge/schema.ts';
import { SearchEngine } from '../src/search/engine.ts';
import { findCollisions } from '../src/search/collisions.ts';
import { procedure } from './helpers/knowledge-fixtures.ts';

const birth = procedure('civil.birth', 'Đăng ký khai sinh', [
  'đăng ký khai sinh cho con', 'làm giấy khai sinh', 'khai sinh cho bé ở đâu', 'khai sinh quá hạn', 'khai sinh mất bao lâu', 'thủ tục khai sinh',
]);
const death = procedure('civil.death', 'Đăng ký khai tử', [
  'đăng ký khai tử', 'làm giấy chứng tử', 'khai tử ở đâu', 'khai tử mất bao lâu', 'thủ tục khai tử cho người mất',
  'đăng ký khai sinh cho con', // belongs to civil.birth: a collision staff must see
]);

describe('findCollisions', () => {
  it('reports a sample question that another hand-written entry answers', () => {
    const engine = new SearchEngine([birth, death].map((e) => entrySchema.parse(e)));
    const problems = findCollisions(engine, () => 'civil.json');
    expect(problems).toContainEqual(
      expect.objectContaining({ severity: expect.stringMatching(/error|warning/), entry: 'civil.death', field: 'questions.5', file: 'civil.json' }),
    );
    expect(problems.filter((p) => p.entry === 'civil.birth' && p.severity === 'error')).toEqual([]);
  });

  it('finds nothing in entries that do not overlap', () => {
    const cleanDeath = { ...death, questions: death.questions.slice(0, 5).concat('khai tử cho ông bà') };
    const engine = new SearchEngine([birth, cleanDeath].map((e) => entrySchema.parse(e)));
    expect(findCollisions(engine, () => 'civil.json').filter((p) => p.severity === 'error')).toEqual([]);
  });
});
