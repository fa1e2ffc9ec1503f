import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { openEngine } from '../src/app/open-engine.ts';
import { runChat } from '../src/cli/commands/chat.ts';

async function chat(lines: string[]): Promise<string> {
  const { engine, knowledge } = openEngine();
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk) => (text += chunk));
  const done = runChat(engine, knowledge.settings, { input, output });
  input.end(lines.join('\n') + '\n');
  await done;
  return text;
}

describe('terminal chat', () => {
  it('answers with the rendered entry, settings filled in', async () => {
    const text = await chat(['đăng ký khai sinh cho con cần giấy tờ gì']);
    expect(text).toMatch(/ĐĂNG KÝ KHAI SINH/);
    expect(text).toMatch(/HỒ SƠ CẦN CHUẨN BỊ/);
    expect(text).toMatch(/CĂN CỨ PHÁP LÝ/);
    expect(text).not.toMatch(/\{\{/);
  });

  it('offers numbered options when unsure, and a number picks one', async () => {
    const text = await chat(['sổ đỏ', '2']);
    const options = /Bạn muốn hỏi về:\n1\. (.+)\n2\. (.+)/.exec(text);
    expect(options).not.toBeNull();
    expect(text).toContain(options![2]!.toUpperCase()); // the heading of the chosen answer
  });

  it('says honestly when it has no answer and shows the topics', async () => {
    const text = await chat(['giá vàng hôm nay bao nhiêu']);
    expect(text).toMatch(/chưa có câu trả lời/);
    expect(text).toMatch(/Đất đai/);
  });
});
