// The terminal channel end to end: real conversation, real files, buttons as numbers.
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { openBot } from '../src/app/open-bot.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../src/app/paths.ts';
import { runTerminalChat } from '../src/channels/terminal/terminal-chat.ts';

async function chat(lines: string[]): Promise<string> {
  const bot = await openBot({ TTHC_KNOWLEDGE_DIRS: [DEFAULT_KNOWLEDGE_DIR], TTHC_DATA_DIR: mkdtempSync(join(tmpdir(), 'tthc-chat-')) });
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk) => (text += chunk));
  const done = runTerminalChat(bot.conversation, { input, output });
  input.end(lines.join('\n') + '\n');
  await done;
  return text;
}

describe('terminal chat', () => {
  it('greets with a numbered menu, and a number presses that button', async () => {
    const text = await chat(['1']);
    expect(text).toMatch(/Xin chào/);
    expect(text).toMatch(/\[1\] Đất đai – Xây dựng/);
    // The category's procedures are its numbered options, not a list repeated above them.
    expect(text).toMatch(/ĐẤT ĐAI – XÂY DỰNG\nBạn chọn một thủ tục:\n\n\[1\] /);
  });

  it('answers with the rendered entry, settings filled in', async () => {
    const text = await chat(['đăng ký khai sinh cho con cần giấy tờ gì']);
    expect(text).toMatch(/ĐĂNG KÝ KHAI SINH/);
    expect(text).toMatch(/HỒ SƠ CẦN CHUẨN BỊ/);
    expect(text).not.toMatch(/\{\{/);
  });

  it('says honestly when it has no answer', async () => {
    const text = await chat(['giá vàng hôm nay bao nhiêu']);
    expect(text).toMatch(/chưa có câu trả lời.*giá vàng.* không thuộc thẩm quyền giải quyết của phường B'Lao/);
    expect(text).not.toMatch(/Cổng Dịch vụ công/);
  });
});
