// The answer behind a tracking code cannot be found by trying phone digits: wrong digits
// are counted per code on the server, whatever cookie, session or channel they come from,
// a few are free, then each try waits longer, then the code is locked for a day. Over real
// HTTP against the real web server, plus the terminal channel of the same bot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerFeedback } from '../src/feedback/staff-actions.ts';
import { FREE_TRIES, LOCK_AFTER } from '../src/conversation/status-lookup.ts';
import { openWebHarness, type WebHarness } from './helpers/web-harness.ts';
import { webCitizen } from './helpers/web-clients.ts';

let now = Date.parse('2026-11-02T02:00:00.000Z');
const MINUTE = 60_000;
let h: WebHarness;
let code = '';

const terminal = async (user: string, text: string) => {
  const replies = await h.bot.conversation.handle({ channel: 'terminal', userId: user, chatId: user, input: { kind: 'text', text } });
  return replies.flatMap((r) => r.sections.flatMap((s) => [s.heading ?? '', ...s.lines])).join('\n');
};

beforeAll(async () => {
  h = await openWebHarness({ now: () => new Date(now) });
  for (const text of ['/phananh', 'Cống thoát nước trước nhà văn hóa tổ 4 bị tắc', 'đồng ý', 'Lê Thị Hạnh', '0912 345 678']) await terminal('owner', text);
  code = /PA-[A-Z0-9]{6}/.exec(await terminal('owner', 'gửi'))![0];
  await answerFeedback(h.bot.feedback, h.bot.outbox, code, 'Phường đã nạo vét cống ngày 05/11.', 'can-bo');
});
afterAll(() => h.close());

/** One try from a brand-new browser (a fresh cookie): the lookup, then four digits. */
async function tryFromNewCookie(digits: string): Promise<{ lookup: string; verdict?: string }> {
  const citizen = await webCitizen(h.url);
  const lookup = (await citizen.say(`/tracuu ${code}`)).text;
  if (!/4 số cuối/.test(lookup)) return { lookup };
  return { lookup, verdict: (await citizen.say(digits)).text };
}

describe('guessing the phone digits behind a tracking code', () => {
  it('gives a few free tries in all, then makes each further try wait, across cookies and channels', async () => {
    for (let i = 0; i < FREE_TRIES; i++) {
      const { verdict } = await tryFromNewCookie(String(1000 + i));
      expect(verdict).toMatch(/Số chưa khớp/);
    }
    // A new cookie does not start the count again: it is told to wait, and is not asked for digits.
    const blocked = await tryFromNewCookie('5678');
    expect(blocked.verdict).toBeUndefined();
    expect(blocked.lookup).toMatch(/nhập sai số điện thoại nhiều lần.*đợi khoảng 1 phút/);
    expect(blocked.lookup).not.toMatch(/nạo vét/);
    // Nor does another channel.
    expect(await terminal('guesser-t', `/tracuu ${code}`)).toMatch(/đợi khoảng 1 phút/);
    // The sender still sees the answer, without digits.
    expect(await terminal('owner', `/tracuu ${code}`)).toMatch(/nạo vét cống ngày 05\/11/);
  });

  it('locks the code for a day after a few more, even for the right digits, and says until when', async () => {
    let failures = FREE_TRIES;
    while (failures < LOCK_AFTER) {
      now += 65 * MINUTE; // longer than the longest wait
      const tryer = failures % 2 ? tryFromNewCookie(String(2000 + failures)) : terminal(`guesser-${failures}`, `/tracuu ${code}`).then(async (lookup) => ({ lookup, verdict: await terminal(`guesser-${failures}`, String(2000 + failures)) }));
      const { verdict } = await tryer;
      expect(verdict).toMatch(/Số chưa khớp/);
      failures++;
    }
    now += 2 * 3600_000;
    const locked = await tryFromNewCookie('5678');
    expect(locked.verdict).toBeUndefined();
    expect(locked.lookup).toMatch(/tạm khóa xem câu trả lời đến \d\d\/\d\d\/\d{4} \d\d:\d\d/);
    expect(locked.lookup).not.toMatch(/nạo vét/);
    expect(await terminal('owner', `/tracuu ${code}`)).toMatch(/nạo vét cống/);

    // A day after the last wrong try, the right digits open it again.
    now += 24 * 3600_000;
    const opened = await tryFromNewCookie('5678');
    expect(opened.verdict).toMatch(/nạo vét cống ngày 05\/11/);
  });
});
