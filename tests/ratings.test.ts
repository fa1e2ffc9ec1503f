// Ratings cannot be stuffed: one citizen's "Chưa hữu ích" counts once per entry however
// often it is pressed, over real HTTP from the web chat; another citizen's counts too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWebHarness, type WebHarness } from './helpers/web-harness.ts';
import { webCitizen } from './helpers/web-clients.ts';

let h: WebHarness;
beforeAll(async () => {
  h = await openWebHarness();
});
afterAll(() => h.close());

describe('rating an answer', () => {
  it('counts one rating per citizen and entry', async () => {
    const one = await webCitizen(h.url);
    await one.say('đăng ký khai sinh cho con cần giấy tờ gì');
    // The full answer is the one that asks for a rating (the short one keeps its buttons for the next step).
    const full = await one.press('full:civil.birth');
    const rate = full.json.replies.flatMap((r) => r.buttons).find((b) => /^rate:no:/.test(b.payload))!;
    expect(rate).toBeDefined();
    const answers = [];
    for (let i = 0; i < 15; i++) answers.push((await one.press(rate.payload)).text);
    expect(answers[0]).toMatch(/chưa giúp được bạn/);
    expect(answers.slice(1).every((t) => /đã đánh giá mục này rồi/.test(t))).toBe(true);
    const helpful = (await one.press(rate.payload.replace(':no:', ':yes:'))).text;
    expect(helpful).toMatch(/đã đánh giá mục này rồi/);

    const two = await webCitizen(h.url);
    await two.say('đăng ký khai sinh cho con cần giấy tờ gì');
    await two.press('full:civil.birth');
    await two.press(rate.payload);
    const notHelpful = (await h.bot.feedback.unanswered()).filter((q) => q.reason === 'not-helpful');
    expect(notHelpful).toHaveLength(2);
  });
});
