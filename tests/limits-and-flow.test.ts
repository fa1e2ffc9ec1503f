// Limits that a restart does not reset, and a feedback flow that can be declined and edited.
import { describe, expect, it } from 'vitest';
import { openFeedbackRepository } from '../src/storage/lowdb/feedback-repository.ts';
import { openHarness, payloads, type Harness } from './helpers/bot-harness.ts';
import { sampleFeedback, tempDataDir } from './helpers/feedback-fixtures.ts';

async function toReview(h: Harness, user = 'u1') {
  await h.press('fb:start', user);
  await h.say('Vỉa hè đường Trần Phú bị lấn chiếm làm chỗ để xe, người đi bộ phải xuống lòng đường.', user);
  await h.say('đồng ý', user);
  await h.say('Phạm Văn Bình', user);
  return h.say('0987 654 321', user);
}

describe('limits survive a restart', () => {
  it('the per-minute message limit', async () => {
    const h = await openHarness();
    for (let i = 0; i < 20; i++) await h.say('đăng ký khai sinh cho con', 'busy');
    await h.bot.close();
    const again = await openHarness(h.dataDir);
    expect(again.text(await again.say('đăng ký khai sinh cho con', 'busy'))).toMatch(/hơi nhanh/);
    expect(again.text(await again.say('đăng ký khai sinh cho con', 'calm'))).toMatch(/KHAI SINH/);
    await again.bot.close();
  });

  it('the daily feedback limit', async () => {
    // Four filed earlier today by the same citizen.
    const dir = tempDataDir();
    const earlier = await openFeedbackRepository(dir);
    for (let i = 0; i < 4; i++) await earlier.submit(sampleFeedback(i, { from: { channel: 'terminal', chatId: 'chat-writer', userId: 'writer' } }));
    await earlier.close();

    const h = await openHarness(dir);
    await toReview(h, 'writer');
    expect(h.text(await h.say('gửi', 'writer'))).toMatch(/PA-/);
    await h.bot.close();
    const again = await openHarness(dir);
    await toReview(again, 'writer');
    expect(again.text(await again.say('gửi', 'writer'))).toMatch(/đã gửi nhiều phản ánh/);
    expect((await again.bot.feedback.list())).toHaveLength(5);
    await again.bot.close();
  });
});

describe('the feedback flow', () => {
  it('ends, sending nothing, when consent is refused', async () => {
    const h = await openHarness();
    await h.press('fb:start');
    await h.say('Đèn tín hiệu ở ngã tư bị hỏng, đề nghị sửa chữa sớm.');
    const declined = h.text(await h.say('không'));
    expect(declined).toMatch(/chưa gửi gì/);
    expect(declined).not.toMatch(/Bạn đồng ý chứ/);
    expect((await h.bot.feedback.list())).toEqual([]);
    // The flow is over: the next message is a question again.
    expect(h.text(await h.say('đăng ký kết hôn'))).toMatch(/KẾT HÔN/);
    await h.bot.close();
  });

  it('lets the review step be edited by text or button, then sends the edited record', async () => {
    const h = await openHarness();
    const review = await toReview(h);
    expect(payloads(review)).toEqual(expect.arrayContaining(['fb:edit:content', 'fb:edit:name', 'fb:edit:contact']));

    expect(h.text(await h.say('sửa tên'))).toMatch(/họ và tên/);
    expect(h.text(await h.say('Phạm Văn Bính'))).toMatch(/Họ tên: Phạm Văn Bính/);

    expect(h.text(await h.say('sửa số điện thoại'))).toMatch(/Số điện thoại/);
    const afterPhone = h.text(await h.say('Số 12 đường Trần Phú, tổ 4, phường B’Lao'));
    expect(afterPhone).toMatch(/Địa chỉ: Số 12 đường Trần Phú/);
    expect(afterPhone).not.toMatch(/Điện thoại:/);

    expect(h.text(await h.press('fb:edit:content'))).toMatch(/nội dung/);
    expect(h.text(await h.say('Vỉa hè đường Trần Phú bị lấn chiếm, đề nghị phường lập lại trật tự.'))).toMatch(/đề nghị phường lập lại trật tự/);

    const code = /PA-[A-Z0-9]{6}/.exec(h.text(await h.say('gửi')))![0];
    expect((await h.bot.feedback.get(code))).toMatchObject({
      kind: 'kien-nghi',
      content: 'Vỉa hè đường Trần Phú bị lấn chiếm, đề nghị phường lập lại trật tự.',
      sender: { name: 'Phạm Văn Bính', address: 'Số 12 đường Trần Phú, tổ 4, phường B’Lao' },
    });
    expect((await h.bot.feedback.get(code))!.sender.phone).toBeUndefined();
    await h.bot.close();
  });

  it('picks up a draft where it was left when a channel reopens the conversation', async () => {
    const h = await openHarness();
    await toReview(h);
    await h.bot.close();
    const again = await openHarness(h.dataDir);
    const opened = await again.bot.conversation.handle({ channel: 'terminal', userId: 'u1', chatId: 'chat-u1', input: { kind: 'open' } });
    expect(again.text(opened)).toMatch(/đang gửi dở/);
    expect(again.text(opened)).toMatch(/Bạn kiểm tra lại trước khi gửi/i);
    expect(again.text(await again.say('gửi'))).toMatch(/PA-/);
    await again.bot.close();
  });
});
