// The Zalo Bot channel's small parts: reading updates in every shape the platform is seen
// to send, the API client's reading of its envelopes over real HTTP, and numbered options.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NumberedOptions } from '../src/channels/numbered-options.ts';
import { ZaloBotApi, ZaloBotApiError } from '../src/channels/zalo-bot/bot-api.ts';
import { readUpdate } from '../src/channels/zalo-bot/updates.ts';
import { FakeZaloBotApi, ZALO_BOT_TOKEN } from './helpers/fake-zalo-bot-api.ts';

const text = {
  event_name: 'message.text.received',
  message: { from: { id: 'u1', display_name: 'Ted', is_bot: false }, chat: { id: 'u1', chat_type: 'PRIVATE' }, text: 'Xin chào', message_id: '2d758cb5e222177a4e35', date: 1750316131602 },
};

describe('readUpdate', () => {
  it('reads a text message flat or wrapped in {ok, result}, the same', () => {
    const expected = { kind: 'text', messageId: '2d758cb5e222177a4e35', chatId: 'u1', userId: 'u1', displayName: 'Ted', text: 'Xin chào', isGroup: false };
    expect(readUpdate(text)).toEqual(expected);
    expect(readUpdate({ ok: true, result: text })).toEqual(expected);
  });

  it('tells photos and stickers apart from text, and ignores what cannot be answered', () => {
    const photo = { event_name: 'message.image.received', message: { ...text.message, text: undefined, photo_url: 'https://x/y.jpg' } };
    expect(readUpdate(photo)).toMatchObject({ kind: 'image', url: 'https://x/y.jpg', chatId: 'u1' });
    expect(readUpdate({ ...photo, message: { ...photo.message, photo_url: undefined, photo: 'https://x/z.jpg' } })).toMatchObject({ kind: 'image', url: 'https://x/z.jpg' });
    expect(readUpdate({ ...photo, message: { ...photo.message, photo_url: 'file:///etc/passwd' } })).toMatchObject({ kind: 'other' });
    expect(readUpdate({ event_name: 'message.location.received', message: { ...text.message, text: undefined, location: { latitude: '11.5', longitude: 107.8 } } })).toMatchObject({ kind: 'location', latitude: 11.5, longitude: 107.8 });
    expect(readUpdate({ event_name: 'message.location.received', message: { ...text.message, text: undefined, location: { latitude: 95, longitude: 107.8 } } })).toMatchObject({ kind: 'other' });
    expect(readUpdate({ event_name: 'message.unsupported.received' })).toEqual({ kind: 'ignored', event: 'message.unsupported.received' });
    expect(readUpdate({ ...text, message: { ...text.message, from: { id: 'b', is_bot: true } } })).toMatchObject({ kind: 'ignored' });
    expect(readUpdate('<html>')).toMatchObject({ kind: 'ignored' });
    expect(readUpdate({ ...text, message: { ...text.message, chat: { id: 'g1', chat_type: 'GROUP' } } })).toMatchObject({ isGroup: true });
  });
});

describe('ZaloBotApi', () => {
  let fake: FakeZaloBotApi;
  let api: ZaloBotApi;
  beforeAll(async () => {
    fake = await FakeZaloBotApi.start();
    api = new ZaloBotApi({ token: ZALO_BOT_TOKEN, apiRoot: fake.apiRoot });
  });
  afterAll(() => fake.close());

  it('reads errors sent with HTTP 200, with the code as HTTP status, and as an HTML page, never showing the token', async () => {
    fake.fail('sendMessage', { kind: 'error', code: 429, description: 'Quota exceeded' });
    fake.fail('sendMessage', { kind: 'error', code: 503, description: `upstream for /bot${ZALO_BOT_TOKEN}/sendMessage down`, httpStatus: 503 });
    fake.fail('sendMessage', { kind: 'html-429' });
    const errors: ZaloBotApiError[] = [];
    for (let i = 0; i < 3; i++) errors.push(await api.sendMessage('u1', 'a').then(() => undefined as never, (e: ZaloBotApiError) => e));
    expect(errors.map((e) => [e.code, e.isRetryable])).toEqual([
      [429, true],
      [503, true],
      [429, true],
    ]);
    for (const e of errors) expect(e.message).not.toContain(ZALO_BOT_TOKEN.split(':')[1]);
    expect(errors[1]!.message).toContain('<token>');
  });

  it('turns an empty long poll (408) into no update, and a network failure into a retryable error', async () => {
    expect(await api.getUpdate(1)).toBeUndefined();
    fake.fail('getUpdates', { kind: 'drop' });
    const dropped = await api.getUpdate(1).then(() => undefined, (e: ZaloBotApiError) => e);
    expect(dropped).toBeInstanceOf(ZaloBotApiError);
    expect(dropped!.code).toBe(0);
    expect(dropped!.isRetryable).toBe(true);
  });

  it('hands over one update per call, then forgets it', async () => {
    fake.userSays('u2', 'một');
    fake.userSays('u2', 'hai');
    const first = readUpdate(await api.getUpdate(1));
    const second = readUpdate(await api.getUpdate(1));
    expect([first, second].map((u) => (u.kind === 'text' ? u.text : u.kind))).toEqual(['một', 'hai']);
    expect(await api.getUpdate(1)).toBeUndefined();
  });
});

describe('NumberedOptions', () => {
  it('numbers buttons across a turn\'s replies, and a number typed back (in any usual form) picks that option in that chat only', async () => {
    const options = new NumberedOptions();
    const texts = await options.render('c1', [
      { sections: [{ lines: ['Câu trả lời'] }], buttons: [{ label: 'Giấy tờ', payload: 'p:docs' }] },
      { sections: [{ lines: ['Bạn cần gì thêm?'] }], buttons: [{ label: 'Lệ phí', payload: 'p:fee' }, { label: '☰ Menu', payload: 'menu' }] },
    ]);
    expect(texts).toEqual(['Câu trả lời\n\n[1] Giấy tờ', 'Bạn cần gì thêm?\n\n[2] Lệ phí\n[3] ☰ Menu\n(Gõ số để chọn)']);
    expect(await Promise.all(['1', ' 2 ', 'số 3', 'Số 2', '(1)', '2.'].map((t) => options.pick('c1', t)))).toEqual(['p:docs', 'p:fee', 'menu', 'p:fee', 'p:docs', 'p:fee']);
    expect(await options.pick('c1', '4')).toBeUndefined();
    expect(await options.pick('c1', '12 tháng')).toBeUndefined();
    expect(await options.pick('c2', '1')).toBeUndefined();
    // A turn without buttons forgets the last ones: a number is then just text.
    // No reply at all (nothing new on screen): the numbers shown still count.
    await options.render('c1', []);
    expect(await options.pick('c1', '2')).toBe('p:fee');
    await options.render('c1', [{ sections: [{ lines: ['Cảm ơn'] }], buttons: [] }]);
    expect(await options.pick('c1', '1')).toBeUndefined();
  });
});
