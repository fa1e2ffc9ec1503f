import { describe, expect, it } from 'vitest';
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
