// The Zalo channel against a fake of the zca-js API, with the real bot (real knowledge,
// real files in a temp data folder, real outboxes): whole conversations as a citizen and a
// staff member would have them on Zalo. Replies go through the reply outbox, so what a
// chat received is read after flushing it (the scene's say() does).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SendThrottle } from '../src/channels/zalo/throttle.ts';
import { CloseReason } from '../src/channels/zalo/zalo-api.ts';
import { networkErrorEvent, ownMessage, ThreadType, userMessage } from './helpers/fake-zalo-api.ts';
import { CITIZEN, closeScenes, openScene, optionNumber, STAFF, STAFF_GROUP } from './helpers/zalo-scene.ts';

const OTHER_GROUP = '5550000000000000002';
const STRANGER = '7770000000000000099';

afterEach(closeScenes);

describe('zalo: citizens', () => {
  it('answers a question with numbered options, in a 1:1 chat, with a typing event first', async () => {
    const z = await openScene();
    const sent = await z.say('đăng ký khai sinh cho con');
    expect(sent.join('\n')).toMatch(/KHAI SINH/);
    expect(sent.join('\n')).toMatch(/^\[1\] /m);
    expect(z.api.sent.every((m) => m.threadId === CITIZEN && m.type === ThreadType.User)).toBe(true);
    expect(z.api.typing).toEqual([{ threadId: CITIZEN, type: ThreadType.User }]);
    expect(sent.every((part) => part.length <= 2_000)).toBe(true);
  });

  it('a typed number presses that option of the last reply in the same chat', async () => {
    const z = await openScene();
    const menu = await z.say('/start');
    const land = await z.say(optionNumber(menu, 'Đất đai'));
    expect(land.join('\n')).toMatch(/ĐẤT ĐAI/);
    // Another citizen's "1" is not pressed on this citizen's menu: they have none yet.
    const other = await z.say('1', '1230000000000000002');
    expect(other.join('\n')).not.toMatch(/ĐẤT ĐAI/);
    const answer = await z.say(optionNumber(land, 'Chuyển nhượng'));
    expect(answer.join('\n')).toMatch(/CHUYỂN NHƯỢNG[\s\S]*Thời hạn: /);
  });

  it('clarify → number picks the procedure', async () => {
    const z = await openScene();
    const ask = await z.say('sổ đỏ');
    expect(ask.join('\n')).toMatch(/thuộc một trong các thủ tục sau/i);
    const first = /^\[1\] (.+)$/m.exec(ask.join('\n'))![1]!;
    const chosen = await z.say('1');
    expect(chosen.join('\n')).toContain(first.toUpperCase());
  });

  it('splits a long answer into parts of at most 2,000 characters', async () => {
    const z = await openScene();
    const land = await z.say('chuyển nhượng quyền sử dụng đất');
    const steps = await z.say(optionNumber(land, 'bước'));
    expect(steps.length).toBeGreaterThan(0);
    expect(z.api.sent.every((m) => m.text.length <= 2_000)).toBe(true);
  });

  it('spaces its replies out (injected clock): one chat at most one message a second', async () => {
    let clock = 0;
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
      clock += ms;
    };
    const throttle = new SendThrottle({ perThreadMs: 1_000, globalMs: 300, now: () => clock, sleep });
    const z = await openScene({ throttle });
    await z.say('/start');
    expect(waits).toEqual([]);
    await z.say('1');
    // Every later message of this chat, in both replies, waited its second.
    expect(waits).toEqual(Array(z.api.to(CITIZEN).length - 1).fill(1_000));
    const before = waits.length;
    await z.say('đăng ký khai sinh cho con', '1230000000000000002');
    // Another chat waits only the global spacing after the last send, then its own second.
    const sentToB = z.api.to('1230000000000000002').length;
    expect(waits.slice(before)).toEqual([300, ...Array(sentToB - 1).fill(1_000)]);
  });

  it('ignores its own messages and groups other than the staff group', async () => {
    const z = await openScene();
    // Emitted past the fake's selfListen filter: the adapter drops them on its own too.
    z.api.listener.emit('message', ownMessage(CITIZEN, 'đăng ký khai sinh'));
    expect(await z.sayInGroup(OTHER_GROUP, STAFF, 'đăng ký khai sinh cho con')).toEqual([]);
    expect(await z.sayInGroup(OTHER_GROUP, STAFF, '/traloi PA-AAAAAA xin chào')).toEqual([]);
    // Chatter in the staff group that is not a command gets no reply either.
    expect(await z.sayInGroup(STAFF_GROUP, STAFF, 'chào cả nhà')).toEqual([]);
    await z.handle.settled();
    await z.bot.replies.flush();
    expect(z.api.sent).toEqual([]);
    expect(z.api.typing).toEqual([]);
    expect(await z.bot.replies.pending()).toEqual([]);
  });

  it('answers a sticker (no text) with what to do', async () => {
    const z = await openScene();
    z.api.listener.receive(userMessage(CITIZEN, { id: 1, catId: 2, type: 7 }));
    await z.handle.settled();
    await z.bot.replies.flush();
    expect(z.api.to(CITIZEN).join('\n')).toMatch(/chữ/);
  });
});

describe('zalo: feedback to Home Affairs in the staff group', () => {
  it('citizen sends feedback → staff group receives it → /traloi → the citizen receives the answer', async () => {
    const z = await openScene();
    const none = await z.say('giá vàng hôm nay bao nhiêu');
    expect(none.join('\n')).toMatch(/chưa có câu trả lời/);
    expect((await z.say(optionNumber(none, 'Gửi câu hỏi cho cán bộ'))).join('\n')).toMatch(/đồng ý/i);
    expect((await z.say('đồng ý')).join('\n')).toMatch(/họ và tên/);
    expect((await z.say('Nguyễn Văn An')).join('\n')).toMatch(/Số điện thoại/);
    expect((await z.say('0912 345 678')).join('\n')).toMatch(/Điện thoại: 0912345678/);
    const done = (await z.say('gửi')).join('\n');
    const code = /PA-[A-Z0-9]{6}/.exec(done)![0];
    expect((await z.bot.feedback.get(code))!.from).toEqual({ channel: 'zalo', chatId: CITIZEN, userId: CITIZEN });

    // The outbox forwards it to the staff group (and the local inbox file).
    expect(await z.bot.outbox.flush()).toMatchObject({ failed: 0 });
    const forwarded = z.api.sent.filter((m) => m.threadId === STAFF_GROUP);
    expect(forwarded.length).toBeGreaterThan(0);
    expect(forwarded.every((m) => m.type === ThreadType.Group)).toBe(true);
    expect(forwarded.map((m) => m.text).join('\n')).toContain(code);

    // A staff member answers in the group.
    const ack = await z.sayInGroup(STAFF_GROUP, STAFF, `/traloi ${code.toLowerCase()} Giá vàng không thuộc phạm vi giải quyết thủ tục hành chính.`);
    expect(ack.join('\n')).toMatch(new RegExp(`Đã lưu câu trả lời cho ${code}`));
    expect((await z.bot.feedback.get(code))).toMatchObject({ status: 'da-tra-loi', answer: { by: `zalo:${STAFF}` } });

    const before = z.api.to(CITIZEN).length;
    await z.bot.outbox.flush();
    const back = z.api.to(CITIZEN).slice(before);
    // The answer, then once the satisfaction question with numbered choices.
    expect(back).toEqual([expect.stringMatching(new RegExp(`${code}[\\s\\S]*không thuộc phạm vi`)), expect.stringMatching(/^Bạn có hài lòng với trả lời này không\?[\s\S]*\[1\] Hài lòng\n\[2\] Bình thường\n\[3\] Không hài lòng/)]);
    // Flushing again sends nothing twice.
    await z.bot.outbox.flush();
    expect(z.api.to(CITIZEN).length).toBe(before + 2);
    // The citizen types the number of their choice.
    expect((await z.say('2')).join('\n')).toMatch(/Cảm ơn bạn đã đánh giá "Bình thường"/);
    expect((await z.bot.feedback.get(code))?.satisfaction?.rating).toBe('binh-thuong');
    await z.say('bỏ qua');

    // /trangthai closes it.
    expect((await z.sayInGroup(STAFF_GROUP, STAFF, `/trangthai ${code} da-dong đã xong`)).join('\n')).toMatch(/Đã đóng/);
    expect((await z.sayInGroup(STAFF_GROUP, STAFF, `/trangthai ${code} xong-roi`)).join('\n')).toMatch(/không hợp lệ/);
    // Nothing in the logs quotes the citizen.
    expect(z.logs.join('\n')).not.toMatch(/Nguyễn|0912|giá vàng/i);
  });

  it('refuses /traloi and /trangthai from a group member who is not configured staff', async () => {
    const z = await openScene();
    const none = await z.say('giá vàng hôm nay bao nhiêu');
    await z.say(optionNumber(none, 'Gửi câu hỏi cho cán bộ'));
    await z.say('đồng ý');
    await z.say('Trần Thị Bình');
    await z.say('0912 345 678');
    const code = /PA-[A-Z0-9]{6}/.exec((await z.say('gửi')).join('\n'))![0];

    const refused = await z.sayInGroup(STAFF_GROUP, STRANGER, `/traloi ${code} Tôi trả lời hộ.`);
    expect(refused.join('\n')).toMatch(/không có quyền/);
    expect((await z.sayInGroup(STAFF_GROUP, STRANGER, `/trangthai ${code} da-dong`)).join('\n')).toMatch(/không có quyền/);
    expect((await z.bot.feedback.get(code))!.status).toBe('moi');
    expect((await z.bot.feedback.get(code))!.answer).toBeUndefined();
    await z.bot.outbox.flush();
    expect(z.api.to(CITIZEN).join('\n')).not.toMatch(/Tôi trả lời hộ/);
  });

  it('tells staff about an unknown code or a bad command instead of failing', async () => {
    const z = await openScene();
    expect((await z.sayInGroup(STAFF_GROUP, STAFF, '/traloi PA-ZZZZZZ nội dung')).join('\n')).toMatch(/Không có phản ánh/);
    expect((await z.sayInGroup(STAFF_GROUP, STAFF, '/traloi')).join('\n')).toMatch(/Cách dùng/);
  });

  it('keeps a staff-group delivery in the outbox while Zalo refuses it, then delivers it once', async () => {
    const z = await openScene();
    const none = await z.say('giá vàng hôm nay bao nhiêu');
    await z.say(optionNumber(none, 'Gửi câu hỏi cho cán bộ'));
    await z.say('đồng ý');
    await z.say('Lê Văn Cường');
    await z.say('0912 345 678');
    await z.say('gửi');
    z.api.failSends = true;
    expect((await z.bot.outbox.flush()).failed).toBeGreaterThan(0);
    z.api.failSends = false;
    // Retries wait for their backoff; a later flush (a minute on) finds them due.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 60 * 60_000 });
    try {
      await z.bot.outbox.flush();
    } finally {
      vi.useRealTimers();
    }
    expect(z.api.sent.filter((m) => m.threadId === STAFF_GROUP)).toHaveLength(1);
  });
});

describe('zalo: connection', () => {
  it('reconnects after the listener closes, with the delay, and counts again after a good connection', async () => {
    const z = await openScene();
    expect(z.api.listener.starts).toBe(1);
    z.api.listener.drop(CloseReason.AbnormalClosure);
    await vi.waitFor(() => expect(z.api.listener.starts).toBe(2));
    z.api.listener.connect();
    z.api.listener.drop(1006, '', networkErrorEvent('ECONNRESET'));
    await vi.waitFor(() => expect(z.api.listener.starts).toBe(3));
    expect(z.reconnects).toEqual([1, 1]);
    expect(z.logs.filter((l) => /mất kết nối/.test(l))).toHaveLength(2);
    expect(z.logs.join('\n')).toMatch(/\(lần 1\)[\s\S]*\(lần 1\)/);
  });

  it('stops for good, saying so, when another Zalo Web session took over', async () => {
    const z = await openScene();
    z.api.listener.drop(CloseReason.DuplicateConnection);
    await expect(z.handle.stopped).resolves.toBe('session-taken-over');
    // The decision is taken on the close: no reconnect was ever scheduled.
    expect(z.reconnects).toEqual([]);
    expect(z.api.listener.starts).toBe(1);
    expect(z.logs.join('\n')).toMatch(/phiên Zalo Web khác[\s\S]*DỪNG/);
    // No longer answering, and outbox deliveries wait (they fail, so the outbox keeps them).
    expect(await z.say('đăng ký khai sinh')).toEqual([]);
  });

  it('stop() stops the listener and ends with "stopped"', async () => {
    const z = await openScene();
    await z.handle.stop();
    await expect(z.handle.stopped).resolves.toBe('stopped');
    expect(z.api.listener.stops).toBe(1);
  });
});
