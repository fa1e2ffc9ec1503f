// End-to-end: the CLI contract as other tooling calls it, through npm, in a real process.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/app/paths.ts';
import { knowledgeDir, procedure, sixQuestions } from './helpers/knowledge-fixtures.ts';

function cli(args: string[], input = '') {
  const r = spawnSync('npm', ['run', '-s', 'cli', '--', ...args], { cwd: PROJECT_ROOT, input, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cli ask --json', () => {
  it('prints exactly one JSON line per question, in the contract shape, and nothing else', () => {
    const questions = ['Thủ tục đăng ký khai sinh cho con', '', 'giá vàng hôm nay', 'sổ đỏ'.normalize('NFD'), '🙏'];
    const { code, stdout } = cli(['ask', '--json'], questions.join('\n') + '\n');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4); // the blank line is not a question
    const parsed = lines.map((l) => JSON.parse(l));
    expect(parsed.map((p) => p.query)).toEqual([questions[0], questions[2], questions[3], questions[4]]);
    for (const p of parsed) {
      expect(Object.keys(p).sort()).toEqual(['decision', 'query', 'results']);
      expect(['answer', 'clarify', 'none']).toContain(p.decision);
      expect(p.results.length).toBeLessThanOrEqual(5);
      for (const r of p.results) {
        expect(Object.keys(r).sort()).toEqual(['id', 'score', 'title']);
        expect(typeof r.score).toBe('number');
      }
      const scores = p.results.map((r: { score: number }) => r.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    }
    expect(parsed[0].decision).toBe('answer');
    expect(parsed[0].results[0].id).toBe('civil.birth');
    expect(parsed[1].decision).toBe('none');
    expect(parsed[3].decision).toBe('none');
  });

  it('loads repeated --knowledge folders together instead of the default', () => {
    const dir = knowledgeDir({ 'x.json': { entries: [procedure('land.only-here', 'Thủ tục chỉ có ở đây về cây sầu riêng', sixQuestions('trồng sầu riêng'))] } });
    const { stdout, code } = cli(['ask', '--json', '--knowledge', dir], 'trồng sầu riêng ở đâu\nđăng ký khai sinh\n');
    expect(code).toBe(0);
    const [a, b] = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(a.results[0].id).toBe('land.only-here');
    expect(b.results.map((r: { id: string }) => r.id)).not.toContain('civil.birth');
  });
});

describe('cli kb check', () => {
  it('passes on the curated knowledge', () => {
    const { code, stdout } = cli(['kb', 'check']);
    expect(stdout).toMatch(/\d+ mục dùng được · 0 mục hoặc tệp có lỗi \(0 lỗi\)/);
    expect(code).toBe(0);
  });

  it('fails with file, entry and field on a broken folder', () => {
    const bad = procedure('land.bad', 'Mục lỗi', ['chỉ một câu']);
    const dir = knowledgeDir({ 'bad.json': { entries: [bad] }, 'broken.json': '{ "entries": [ }' });
    const { code, stdout } = cli(['kb', 'check', '--knowledge', dir]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/LỖI bad\.json|LỖI .*bad\.json › mục land\.bad › trường questions/);
    expect(stdout).toMatch(/broken\.json: JSON không hợp lệ ở dòng 1, cột \d+/);
  });
});

describe('cli eval', () => {
  it('scores a labelled file and lists the misses', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tthc-eval-')), 'q.jsonl');
    writeFileSync(file, [
      { q: 'đăng ký khai sinh cho con', id: 'civil.birth' },
      { q: 'đăng ký khai sinh cho con', id: 'land.transfer' },
      { q: 'cách nấu phở bò', id: null },
    ].map((x) => JSON.stringify(x)).join('\n'));
    const { code, stdout } = cli(['eval', file, '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ questions: 3, hit1: 0.5, confidentlyWrong: 0.5, oosRejection: 1 });
    expect(report.misses).toEqual([{ q: 'đăng ký khai sinh cho con', want: 'land.transfer', got: expect.stringMatching(/^answer:civil\.birth/) }]);
  });
});
