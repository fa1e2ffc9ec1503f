import { describe, expect, it } from 'vitest';
import { TelegramError } from 'telegraf';
import { escapeHtml, sectionsToHtml, splitHtml } from '../src/channels/telegram/html.ts';
import { SendQueue } from '../src/channels/telegram/send-queue.ts';
import { parseCommand, TelegramChannel } from '../src/channels/telegram/telegram-channel.ts';

describe('telegram html', () => {
  it('escapes every piece of text and bolds headings', () => {
    expect(escapeHtml('<b>x</b> & <script>')).toBe('&lt;b&gt;x&lt;/b&gt; &amp; &lt;script&gt;');
    expect(sectionsToHtml([{ heading: 'A & <B>', lines: ['x<y', 'z'], style: 'list' }, { lines: ['one', 'two'], style: 'numbered' }])).toBe('<b>A &amp; &lt;B&gt;</b>\n• x&lt;y\n• z\n\n1. one\n2. two');
    // A sentence is not a bullet: only what the core marks as a list is one.
    expect(sectionsToHtml([{ lines: ['Mã theo dõi của bạn: PA-K7M3QX.', 'Cán bộ sẽ trả lời.'] }])).toBe('Mã theo dõi của bạn: PA-K7M3QX.\nCán bộ sẽ trả lời.');
  });

  it('never splits inside an entity or a tag, and rebalances <b>', () => {
    const html = `<b>${'&amp;'.repeat(2000)}</b>`;
    const parts = splitHtml(html, 4096);
    expect(parts.length).toBeGreaterThan(2);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(4096);
      expect(p).toMatch(/^<b>(&amp;)+<\/b>$/);
    }
    expect(parts.join('').replace(/<\/?b>/g, '')).toBe('&amp;'.repeat(2000));
  });
});

describe('telegram send queue', () => {
  it('spaces messages to one chat and lets other chats go meanwhile', async () => {
    const q = new SendQueue({ perChatMs: 100 });
    const times: Record<string, number[]> = { a: [], b: [] };
    const start = Date.now();
    await Promise.all([
      ...[1, 2, 3].map(() => q.run('a', async () => times.a!.push(Date.now() - start))),
      q.run('b', async () => times.b!.push(Date.now() - start)),
    ]);
    expect(times.a![2]!).toBeGreaterThanOrEqual(190);
    // b does not wait behind a's spacing: it goes before a's second message.
    expect(times.b![0]!).toBeLessThan(times.a![1]!);
  });

  it('keeps to the global rate', async () => {
    const q = new SendQueue({ perChatMs: 0, globalPerSecond: 2 });
    const start = Date.now();
    const done = await Promise.all(['a', 'b', 'c'].map((chat) => q.run(chat, async () => Date.now() - start)));
    expect(done[2]!).toBeGreaterThanOrEqual(950);
  });

  it('retries a 429 after retry_after and throws other errors', async () => {
    const q = new SendQueue({ perChatMs: 0 });
    let calls = 0;
    const result = await q.run('-1', async () => {
      if (calls++ === 0) throw new TelegramError({ error_code: 429, description: 'Too Many Requests', parameters: { retry_after: 0.05 } });
      return 'ok';
    });
    expect([result, calls]).toEqual(['ok', 2]);
    await expect(q.run('-1', async () => Promise.reject(new TelegramError({ error_code: 500, description: 'x' })))).rejects.toThrow(/500/);
  });
});

describe('telegram commands and logs', () => {
  it('parses commands with a bot name', () => {
    expect(parseCommand('/traloi@tthc_bot PA-ACDEFG xin chào\nhai dòng')).toEqual({ name: 'traloi', args: 'PA-ACDEFG xin chào\nhai dòng' });
    expect(parseCommand('xin chào')).toBeUndefined();
  });

  it('redacts the token from errors', () => {
    const channel = new TelegramChannel({ token: '123:SECRET-abc', staffIds: [] });
    expect(channel.safeError(new Error('request to https://api.telegram.org/bot123:SECRET-abc/sendMessage failed'))).not.toContain('SECRET');
  });
});
