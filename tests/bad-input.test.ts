// Bad input gets a clear answer: forged button payloads, text cut inside a character,
// damaged settings, a busy data folder, a closed pipe, odd line breaks.
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_KNOWLEDGE_DIR, PROJECT_ROOT } from '../src/app/paths.ts';
import { splitMessage } from '../src/channels/split-message.ts';
import { cleanUserText, MAX_MESSAGE_CHARS } from '../src/conversation/user-text.ts';
import { openHarness, payloads } from './helpers/bot-harness.ts';

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('forged button payloads', () => {
  it('get the menu, never an error or silence', async () => {
    const h = await openHarness();
    const forged = [
      'cat:constructor', 'cat:__proto__', 'cat:toString', 'cat:hasOwnProperty', 'cat:', 'entry:__proto__', 'entry:constructor',
      'more:constructor:land.transfer', 'more:steps:__proto__', 'more:steps', 'rate:maybe:land.transfer', 'rate:no:__proto__',
      'fb:edit:__proto__', 'fb:nothing', 'status:x:y', ':::', '', '\u0000', 'x'.repeat(5000), '__proto__', 'constructor:constructor',
    ];
    for (const p of forged) {
      const replies = await h.press(p, `forger-${forged.indexOf(p)}`);
      expect(replies.length, p).toBeGreaterThan(0);
      expect(payloads(replies).length + h.text(replies).length, p).toBeGreaterThan(0);
    }
    expect(payloads(await h.press('cat:constructor'))).toContain('cat:land');
    await h.bot.close();
  });
});

describe('cutting text', () => {
  it('never splits a surrogate pair or an emoji sequence', () => {
    const family = '👨‍👩‍👧';
    for (let pad = MAX_MESSAGE_CHARS - 8; pad <= MAX_MESSAGE_CHARS; pad++) {
      const { text, truncated } = cleanUserText('a'.repeat(pad) + family.repeat(4));
      expect(truncated).toBe(true);
      expect(text.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
      expect(text).not.toMatch(loneSurrogate);
      expect(text.endsWith('a') || text.endsWith(family)).toBe(true);
    }
    for (const part of splitMessage('😀'.repeat(3000), 2000)) {
      expect(part.length).toBeLessThanOrEqual(2000);
      expect(part).not.toMatch(loneSurrogate);
    }
  });
});

function run(args: string[], env: Record<string, string> = {}, input = '') {
  return spawnSync('npm', ['run', '-s', ...args], { cwd: PROJECT_ROOT, encoding: 'utf8', input, env: { ...process.env, ...env }, timeout: 60_000 });
}
const noStackTrace = (stderr: string) => expect(stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);

function knowledgeWith(settings: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tthc-kb-'));
  cpSync(DEFAULT_KNOWLEDGE_DIR, dir, { recursive: true });
  writeFileSync(join(dir, 'settings.json'), settings);
  return dir;
}

function knowledgeWithoutSettings(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tthc-kb-'));
  cpSync(join(DEFAULT_KNOWLEDGE_DIR, 'land.json'), join(dir, 'land.json'));
  return dir;
}

describe('commands that cannot run say so in one Vietnamese line', () => {
  const damaged = knowledgeWith('{ "unit": { "name": "phường B\'Lao", }');

  it.each([
    ['npm start', ['start'], { TTHC_KNOWLEDGE_DIRS: damaged }],
    ['kb check', ['cli', '--', 'kb', 'check', '--knowledge', damaged], {}],
    ['ask', ['cli', '--', 'ask', '--json', '--knowledge', damaged], {}],
    ['--knowledge without settings', ['cli', '--', 'ask', '--json', '--knowledge', knowledgeWithoutSettings()], {}],
  ])('%s', (_, args, env) => {
    const r = run(args as string[], { TTHC_DATA_DIR: mkdtempSync(join(tmpdir(), 'tthc-d-')), ...(env as Record<string, string>) }, 'sổ đỏ\n');
    expect(r.status).toBe(2);
    noStackTrace(r.stderr);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/settings\.json/);
  });

  it('cli chat while the data folder is busy', async () => {
    const h = await openHarness();
    const r = run(['cli', '--', 'chat'], { TTHC_DATA_DIR: h.dataDir }, 'xin chào\n');
    expect(r.status).toBe(2);
    noStackTrace(r.stderr);
    expect(r.stderr).toMatch(/đang được một tiến trình khác ghi/);
    await h.bot.close();
  });

  it('ask whose reader closes early stops quietly', async () => {
    const child = spawn('npm', ['run', '-s', 'cli', '--', 'ask', '--json'], { cwd: PROJECT_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.stdout.once('data', () => child.stdout.destroy());
    child.stdin.end(Array.from({ length: 3000 }, (_, i) => `làm sổ đỏ lần ${i}`).join('\n') + '\n');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    noStackTrace(stderr);
    expect(stderr).not.toMatch(/EPIPE/);
  });
});

describe('ask --json', () => {
  it('reads lines split on "\\n" only, and escapes characters that break lines elsewhere', () => {
    const r = run(['cli', '--', 'ask', '--json'], {}, 'sổ đỏ\rmất thì sao\r\nđăng ký\u2028kết hôn\u0085ở đâu\n');
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(2);
    expect(r.stdout).not.toMatch(/[\u2028\u2029\u0085]/);
    expect(JSON.parse(lines[0]!).query).toBe('sổ đỏ\rmất thì sao');
    expect(JSON.parse(lines[1]!).query).toBe('đăng ký\u2028kết hôn\u0085ở đâu');
  });
});
