// The `converse --json` contract, through the real CLI: one JSON line per message, the
// engine's decision for typed questions, the entry answered, every citizen on their own.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/app/paths.ts';

interface Line {
  user: string | null;
  decision: 'answer' | 'clarify' | 'none' | null;
  answered: string | null;
  replies: { text: string; buttons: { label: string; payload: string }[] }[];
}

function converse(messages: object[], dataDir = mkdtempSync(join(tmpdir(), 'tthc-converse-'))): Line[] {
  const run = spawnSync('npm', ['run', '-s', 'cli', '--', 'converse', '--json'], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    input: messages.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join('\n') + '\n',
    env: { ...process.env, TTHC_DATA_DIR: dataDir },
  });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);
}

describe('converse --json', () => {
  it('keeps each citizen\'s context apart, interleaved', () => {
    const out = converse([
      { user: 'a', text: 'đăng ký kết hôn bao lâu thì xong' },
      { user: 'b', text: 'thủ tục đăng ký khai sinh cho con' },
      { user: 'a', text: 'thế lệ phí bao nhiêu' },
      { user: 'b', text: 'nộp ở đâu vậy' },
      { user: 'a', text: 'menu' },
      { user: 'b', text: 'thời tiết đà lạt ngày mai' },
    ]);
    expect(out.map((o) => [o.user, o.decision, o.answered])).toEqual([
      ['a', 'answer', 'civil.marriage'],
      ['b', 'answer', 'civil.birth'],
      ['a', 'answer', 'civil.marriage'],
      ['b', 'answer', 'civil.birth'],
      ['a', null, null],
      ['b', 'none', null],
    ]);
    expect(out[0]!.replies[0]!.text).toMatch(/ngày/);
    expect(out[0]!.replies[0]!.text.length).toBeLessThan(1200);
    expect(out[2]!.replies[0]!.text).toMatch(/PHÍ, LỆ PHÍ/);
    expect(out[4]!.replies[0]!.buttons.map((b) => b.payload)).toContain('cat:land');
  });

  it('takes button payloads the bot offered, answers one line per input, even a broken one', () => {
    const out = converse([{ user: "a", text: "sổ đỏ" }, "not json" as unknown as object, { user: 'a', button: 'cat:land' }, { user: 'a', button: 'more:fees:land.transfer' }]);
    expect(out).toHaveLength(4);
    expect(out[0]!.decision).toBe('clarify');
    expect(out[0]!.replies[0]!.buttons.some((b) => b.payload.startsWith('entry:land.'))).toBe(true);
    expect(out[1]).toMatchObject({ user: null, replies: [] });
    expect(out[2]).toMatchObject({ decision: null, answered: null });
    expect(out[3]).toMatchObject({ decision: null, answered: 'land.transfer' });
    expect(out[3]!.replies[0]!.text).toMatch(/PHÍ, LỆ PHÍ/);
  });

  it('keeps the context across runs on the same data folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tthc-converse-'));
    converse([{ user: 'a', text: 'đăng ký tạm trú cho sinh viên' }], dir);
    const [next] = converse([{ user: 'a', text: 'làm online được không' }], dir);
    expect(next).toMatchObject({ decision: 'answer', answered: 'residence.temporary' });
  });
});
