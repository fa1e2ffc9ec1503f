import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { answerFeedback } from '../src/feedback/staff-actions.ts';
import { openHarness, payloads } from './helpers/bot-harness.ts';

describe('conversation: browsing and answers', () => {
  it('greeting → menu → category → procedure → details', async () => {
    const h = await openHarness();
    const hello = await h.say('/start');
    expect(h.text(hello)).toMatch(/Xin chào/);
    expect(payloads(hello)).toContain('cat:land');

    const land = await h.press('cat:land');
    expect(h.text(land)).toMatch(/ĐẤT ĐAI/);
    expect(payloads(land)).toContain('entry:land.transfer');

    const answer = await h.press('entry:land.transfer');
    const shown = h.text(answer);
    expect(shown).toMatch(/Thời hạn: [\s\S]*Phí, lệ phí: /);
    expect(shown).not.toMatch(/\{\{/);
    expect(payloads(answer)).toEqual(expect.arrayContaining(['more:documents:land.transfer', 'more:steps:land.transfer', 'full:land.transfer']));

    const steps = await h.press('more:steps:land.transfer');
    expect(h.text(steps)).toMatch(/CÁC BƯỚC THỰC HIỆN[^\n]*\n1\. /);

    const full = await h.press('full:land.transfer');
    expect(h.text(full)).toMatch(/HỒ SƠ CẦN CHUẨN BỊ[\s\S]*CĂN CỨ PHÁP LÝ[\s\S]*Câu trả lời có hữu ích không\?/);
    expect(payloads(full)).toEqual(expect.arrayContaining(['rate:yes:land.transfer', 'rate:no:land.transfer']));
  });

  it('question → clarify → choice by number', async () => {
    const h = await openHarness();
    const ask = await h.say('sổ đỏ');
    const text = h.text(ask);
    expect(text).toMatch(/thuộc một trong các thủ tục sau/i);
    const firstOption = /\[1\] (.+)/.exec(text)![1]!;
    const chosen = await h.say('1');
    expect(h.text(chosen)).toContain(firstOption.toUpperCase());
  });

  it('tells a citizen who types nothing readable what to do', async () => {
    const h = await openHarness();
    for (const input of ['', '🙏🙏', '\u0000\u0001']) expect(h.text(await h.say(input))).toMatch(/chữ/);
  });

  it('tells a flooder once per window to slow down, then stays quiet, and serves others', async () => {
    const h = await openHarness();
    const replies: string[] = [];
    for (let i = 0; i < 200; i++) replies.push(h.text(await h.say('đăng ký khai sinh cho con', 'flooder')));
    expect(replies.slice(0, 20).every((t) => /KHAI SINH/.test(t))).toBe(true);
    expect(replies.filter((t) => /hơi nhanh/.test(t))).toHaveLength(1);
    expect(replies[20]).toMatch(/hơi nhanh/);
    expect(replies.slice(21).every((t) => t === '')).toBe(true);
    expect(h.text(await h.say('đăng ký khai sinh cho con', 'someone-else'))).toMatch(/KHAI SINH/);
  });
});

describe('conversation: feedback to Home Affairs', () => {
  it('no answer → forward → code → staff answer → the citizen receives it', async () => {
    const h = await openHarness();
    const none = await h.say('khi nào phường sửa con đường hẻm 12 trước nhà tôi');
    // What was understood, and the offer to ask staff.
    expect(h.text(none)).toMatch(/chưa có câu trả lời chắc chắn cho câu hỏi: “khi nào phường sửa con đường hẻm 12 trước nhà tôi”/);
    expect(payloads(none)).toContain('fb:forward');
    expect((await h.bot.feedback.unanswered())).toEqual([expect.objectContaining({ query: 'khi nào phường sửa con đường hẻm 12 trước nhà tôi', reason: 'no-answer' })]);

    expect(h.text(await h.press('fb:forward'))).toMatch(/đồng ý/i);
    expect(h.text(await h.press('fb:consent'))).toMatch(/họ và tên/);
    expect(h.text(await h.say('Nguyễn Văn An'))).toMatch(/Số điện thoại/);
    expect(h.text(await h.say('12345'))).toMatch(/chưa đúng/);
    const summary = h.text(await h.say('0912 345 678'));
    expect(summary).toMatch(/Điện thoại: 0912345678/);
    const done = h.text(await h.say('gửi'));
    const code = /PA-[A-Z0-9]{6}/.exec(done)![0];

    const record = (await h.bot.feedback.get(code))!;
    expect(record).toMatchObject({ kind: 'cau-hoi', content: 'khi nào phường sửa con đường hẻm 12 trước nhà tôi', status: 'moi', sender: { name: 'Nguyễn Văn An', phone: '0912345678' } });
    await h.bot.outbox.flush();
    const inbox = readFileSync(join(h.dataDir, 'staff-inbox.jsonl'), 'utf8');
    expect(inbox).toContain(code);

    // Staff answer: stored, then sent back through the outbox to the channel the citizen used.
    await answerFeedback(h.bot.feedback, h.bot.outbox, code, 'Đường hẻm 12 thuộc kế hoạch sửa năm sau; việc này không thuộc phạm vi thủ tục hành chính.', 'can-bo-1');
    await h.bot.outbox.flush();
    expect(h.citizenInbox.received).toEqual([
      expect.objectContaining({ code, text: expect.stringContaining('không thuộc phạm vi'), to: expect.objectContaining({ channel: 'terminal', userId: 'u1' }) }),
      // Then, once, whether the answer served them.
      expect.objectContaining({ code, kind: 'satisfaction', text: expect.stringMatching(/^Bạn có hài lòng với trả lời này không\?/) }),
    ]);

    const status = h.text(await h.say(`/tracuu ${code.toLowerCase()}`));
    expect(status).toMatch(/Đã trả lời/);
    expect(status).toMatch(/không thuộc phạm vi/);
    expect(status).not.toMatch(/Nguyễn Văn An|0912345678/);
  });

  it('steers a complaint to the right procedure instead of filing it', async () => {
    const h = await openHarness();
    await h.press('fb:start');
    const steer = await h.say('Tôi muốn khiếu nại quyết định thu hồi đất của phường');
    expect(h.text(steer)).toMatch(/không phải là phản ánh, kiến nghị/);
    expect(payloads(steer)).toContain('entry:complaint.lodge');
    expect((await h.bot.feedback.list())).toEqual([]);
  });

  it('can be cancelled mid-flow, and a half-written draft survives a restart', async () => {
    const h = await openHarness();
    await h.say('/phananh');
    await h.say('Cán bộ một cửa hẹn trả hồ sơ ba lần vẫn chưa trả, đề nghị xem xét.');
    await h.say('đồng ý');
    await h.bot.close();
    const restarted = await openHarness(h.dataDir);
    expect(restarted.text(await restarted.say('Trần Thị Bình'))).toMatch(/Số điện thoại/);
    expect(restarted.text(await restarted.say('hủy'))).toMatch(/Đã hủy/);
    expect((await restarted.bot.feedback.list())).toEqual([]);
    // After cancelling, a question is a question again.
    expect(restarted.text(await restarted.say('thủ tục khai tử'))).toMatch(/KHAI TỬ/);
  });

  it('logs a 👎 with the engine candidates and offers to forward it', async () => {
    const h = await openHarness();
    await h.say('đăng ký kết hôn cần gì');
    const down = await h.press('rate:no:civil.marriage');
    expect(payloads(down)).toContain('fb:forward');
    expect((await h.bot.feedback.unanswered())).toEqual([
      expect.objectContaining({ reason: 'not-helpful', query: 'đăng ký kết hôn cần gì', candidates: expect.arrayContaining([expect.objectContaining({ id: 'civil.marriage' })]) }),
    ]);
  });
});
