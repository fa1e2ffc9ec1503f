import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openHarness } from './helpers/bot-harness.ts';
import { cleanUserText, MAX_MESSAGE_CHARS, parseVietnamesePhone } from '../src/conversation/user-text.ts';
import { splitMessage } from '../src/channels/split-message.ts';

describe('cleanUserText', () => {
  it('strips control and bidi-override characters, composes Unicode, caps length', () => {
    expect(cleanUserText('a\u0000b\u0007c\u202Ed').text).toBe('abcd');
    expect(cleanUserText('Đa\u0300t'.normalize('NFD')).text).toBe('Đa\u0300t'.normalize('NFC'));
    const long = cleanUserText('x'.repeat(MAX_MESSAGE_CHARS + 500));
    expect(long).toEqual({ text: 'x'.repeat(MAX_MESSAGE_CHARS), truncated: true });
    expect(cleanUserText('  dòng 1\n  dòng 2  ').text).toBe('dòng 1\n dòng 2');
  });
});

describe('parseVietnamesePhone', () => {
  it.each([
    ['0912 345 678', '0912345678'],
    ['+84 912.345.678', '0912345678'],
    ['84912345678', '0912345678'],
    ['(028) 3822 1234', '02838221234'],
    ['0363-111-222', '0363111222'],
  ])('reads %s', (input, expected) => expect(parseVietnamesePhone(input)).toBe(expected));

  it.each(['12345', '0123456789', '091234567', '09123456789', 'abc', '0412345678'])('rejects %s', (input) =>
    expect(parseVietnamesePhone(input)).toBeUndefined(),
  );
});

describe('splitMessage', () => {
  it('leaves short text alone and splits long text at paragraph or line breaks within the limit', () => {
    expect(splitMessage('ngắn', 10)).toEqual(['ngắn']);
    const para = Array.from({ length: 50 }, (_, i) => `Đoạn ${i}: ${'chữ '.repeat(20)}`).join('\n\n');
    const parts = splitMessage(para, 500);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(500);
    expect(parts.join('\n\n').replace(/\s+/g, ' ')).toBe(para.replace(/\s+/g, ' '));
    for (const p of parts) expect(p.startsWith('Đoạn')).toBe(true);
  });

  it('cuts a single word longer than the limit', () => {
    const parts = splitMessage('x'.repeat(25), 10);
    expect(parts).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });
});

describe('invisible and half characters', () => {
  const ZW = '\u200B\u200C\u2060\uFEFF\u00AD';
  const LONE = '\uD83D';

  it('are stripped from what citizens type; emoji and their joiners stay', () => {
    expect(cleanUserText(`Ng${ZW}uyễn${LONE} Văn\u200D An`).text).toBe('Nguyễn Văn An');
    expect(cleanUserText('gia đình 👨\u200D👩\u200D👧 ạ\uDC00').text).toBe('gia đình 👨\u200D👩\u200D👧 ạ');
    expect(cleanUserText('0912\u200B345\u200B678').text).toBe('0912345678');
  });

  it('never reach the data files: a feedback, its name, the unanswered log and the sessions all read with jq', async () => {
    const h = await openHarness();
    await h.say(`xin hỏi thủ tục nuôi kỳ lân${LONE} trong nhà${ZW} thế nào`);
    await h.press('fb:start');
    await h.say(`Đèn đường tổ 7 hỏng${ZW} đã hai tuần${LONE} chưa ai sửa`);
    await h.say('đồng ý');
    await h.say(`Trần${ZW} Thị${LONE} Bình`);
    await h.say('0987654321');
    const code = /PA-[A-Z0-9]{6}/.exec(h.text(await h.say('gửi')))![0];
    // A second citizen stops half-way: their draft stays in the sessions file.
    await h.press('fb:start', 'u2');
    await h.say(`Cống thoát nước${LONE} trước chợ bị tắc${ZW} nhiều ngày`, 'u2');
    const record = await h.bot.feedback.get(code);
    expect(record!.sender.name).toBe('Trần Thị Bình');
    expect(record!.content).toBe('Đèn đường tổ 7 hỏng đã hai tuần chưa ai sửa');
    expect((await h.bot.feedback.unanswered()).map((q) => q.query)).toContain('xin hỏi thủ tục nuôi kỳ lân trong nhà thế nào');
    await h.bot.close();
    const files = listFiles(h.dataDir).filter((f) => /\.(json|jsonl)$/.test(f) && !f.includes('backups'));
    expect(files.some((f) => /sessions/.test(f))).toBe(true);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(/\p{Cs}/u.test(text), file).toBe(false);
      expect(text, file).not.toMatch(/\\ud[89a-f][0-9a-f]{2}|[\u200B\u200C\u2060\uFEFF\u00AD]/i);
      const jq = spawnSync('jq', ['-c', '.', file], { encoding: 'utf8' });
      if (!jq.error) expect(jq.status, `${file}: ${jq.stderr}`).toBe(0);
    }
  });
});

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? listFiles(join(dir, d.name)) : [join(dir, d.name)]));
}
