// The bot's replies on Zalo go through the reply outbox and the Zalo destinations keep
// what they sent on disk, part by part: a reply Zalo refuses is retried instead of lost,
// a redelivered message or a restart sends nothing twice, and nothing blank is ever sent.
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../src/app/config.ts';
import { openBot, type Bot } from '../src/app/open-bot.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../src/app/paths.ts';
import { HandledIdsFile } from '../src/storage/lowdb/handled-ids-file.ts';
import { SendThrottle } from '../src/channels/zalo/throttle.ts';
import { zaloReplyDestination, ZALO_SENT_LOG_FILE } from '../src/channels/zalo/zalo-destinations.ts';
import { prepareZaloFromEnv } from '../src/channels/zalo/zalo-login.ts';
import { ZaloOutgoing } from '../src/channels/zalo/zalo-outgoing.ts';
import { FakeZaloApi, ThreadType, userMessage } from './helpers/fake-zalo-api.ts';
import { CITIZEN, closeScenes, openScene, sendFeedback, STAFF, STAFF_GROUP } from './helpers/zalo-scene.ts';

const tempDir = () => mkdtempSync(join(tmpdir(), 'tthc-zalo-'));
const noThrottle = () => new SendThrottle({ perThreadMs: 0, globalMs: 0 });
const paragraph = 'Hồ sơ gồm tờ khai theo mẫu và bản sao giấy tờ tùy thân của người yêu cầu. '.repeat(12);
/** About 3 × 900 characters per paragraph, in parts of at most 2,000: three parts. */
const LONG = [paragraph, paragraph, paragraph, paragraph, paragraph, paragraph].join('\n\n');

const bots: Bot[] = [];
afterEach(async () => {
  await closeScenes();
  for (const bot of bots.splice(0)) await bot.close();
});

/** Fast-forwards the clock the outbox reads, past any retry backoff, for one call. */
async function later<T>(run: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 60 * 60_000 });
  try {
    return await run();
  } finally {
    vi.useRealTimers();
  }
}

describe('zalo: replies through the reply outbox', () => {
  it('queues the replies (ids from the message answered) instead of sending them, then the outbox sends them', async () => {
    const z = await openScene();
    const message = userMessage(CITIZEN, 'đăng ký khai sinh cho con');
    z.api.listener.receive(message);
    await z.handle.settled();
    expect(z.api.sent).toEqual([]);
    const queued = (await z.bot.replies.pending());
    expect(queued.length).toBeGreaterThan(0);
    expect(queued.map((m) => m.id)).toEqual(queued.map((_, i) => `zalo:${message.data.msgId}:${i + 1}`));
    expect(queued.every((m) => m.destination === 'reply-zalo' && m.kind === 'reply')).toBe(true);
    await z.bot.replies.flush();
    expect(await z.bot.replies.pending()).toEqual([]);
    expect(z.api.to(CITIZEN).join('\n')).toMatch(/KHAI SINH/);
    expect(z.api.sent.every((m) => m.type === ThreadType.User)).toBe(true);
  });

  it('a reply Zalo refuses stays queued and is delivered later, once', async () => {
    const z = await openScene();
    z.api.failSends = true;
    expect(await z.say('đăng ký khai sinh cho con')).toEqual([]);
    expect(await (await z.bot.replies.pending()).length).toBeGreaterThan(0);
    expect(await (await z.bot.replies.pending())[0]).toMatchObject({ attempts: 1, lastError: expect.stringMatching(/502/) });
    z.api.failSends = false;
    await later(() => z.bot.replies.flush());
    const got = z.api.to(CITIZEN);
    expect(got.join('\n')).toMatch(/KHAI SINH/);
    await later(() => z.bot.replies.flush());
    expect(z.api.to(CITIZEN)).toEqual(got);
  });

  it('a message Zalo delivers twice (same msgId) is answered once', async () => {
    const z = await openScene();
    const first = await z.say('đăng ký khai sinh cho con');
    expect(first.length).toBeGreaterThan(0);
    const again = userMessage(CITIZEN, 'đăng ký khai sinh cho con', 'Người dân', String(7_300_000_001));
    z.api.listener.receive(again);
    z.api.listener.receive(again);
    await z.handle.settled();
    await z.bot.replies.flush();
    expect(z.api.to(CITIZEN)).toHaveLength(first.length * 2);
  });

  it('a restart in the middle of a long reply sends neither the reply again nor its parts already sent', async () => {
    const dataDir = tempDir();
    const api = new FakeZaloApi();
    const outgoing = new ZaloOutgoing(noThrottle());
    outgoing.attach(api);
    const parts = outgoing.parts(LONG);
    expect(parts.length).toBe(3);
    const open = async () => {
      const bot = await openBot(loadConfig({ TTHC_DATA_DIR: dataDir, TTHC_KNOWLEDGE_DIRS: DEFAULT_KNOWLEDGE_DIR }), {
        // A new HandledIdsFile on the same file: what a restarted process has.
        replyDestinations: [zaloReplyDestination(outgoing, new HandledIdsFile(join(dataDir, ZALO_SENT_LOG_FILE)))],
      });
      bots.push(bot);
      return bot;
    };
    const bot = await open();
    await bot.replies.enqueue([{ id: 'zalo:7400000000:1', destination: 'reply-zalo', kind: 'reply', to: { channel: 'zalo', chatId: CITIZEN, userId: CITIZEN }, text: LONG }]);
    api.failSend = (attempt) => attempt === 2;
    expect((await bot.replies.flush()).failed).toBe(1);
    expect(api.to(CITIZEN)).toEqual([parts[0]]);
    await bot.close();
    bots.length = 0;

    api.failSend = undefined;
    const restarted = await open();
    await later(() => restarted.replies.flush());
    expect(api.to(CITIZEN)).toEqual(parts);
    expect(await restarted.replies.pending()).toEqual([]);

    // Delivered again (a crash before the outbox recorded it): nothing is sent.
    const another = zaloReplyDestination(outgoing, new HandledIdsFile(join(dataDir, ZALO_SENT_LOG_FILE)));
    await another.deliver({ id: 'zalo:7400000000:1', destination: 'reply-zalo', kind: 'reply', to: { channel: 'zalo', chatId: CITIZEN, userId: CITIZEN }, text: LONG, createdAt: new Date().toISOString() });
    expect(api.to(CITIZEN)).toEqual(parts);

    const log = join(dataDir, ZALO_SENT_LOG_FILE);
    expect(readFileSync(log, 'utf8').split('\n').filter(Boolean)).toEqual([0, 1, 2].map((i) => `reply-zalo:zalo:7400000000:1#${i}`));
    expect(statSync(log).mode & 0o777).toBe(0o600);
  });

  it('a reply addressed to another channel is given up at once, not retried forever', async () => {
    const z = await openScene();
    await z.bot.replies.enqueue([{ id: 'x:1', destination: 'reply-zalo', kind: 'reply', to: { channel: 'telegram', chatId: '1', userId: '1' }, text: 'Xin chào' }]);
    await z.bot.replies.flush();
    expect(await z.bot.replies.pending()).toEqual([]);
    expect(await z.bot.replies.undeliverable()).toEqual([expect.objectContaining({ id: 'x:1', error: expect.stringMatching(/không gửi qua Zalo/) })]);
  });
});

describe('zalo: the staff group and staff answers keep their record on disk too', () => {
  it('forward to the group and answer to the citizen are in zalo-sent.txt, and a restarted destination does not send them again', async () => {
    const z = await openScene();
    const code = await sendFeedback(z);
    await z.bot.outbox.flush();
    await z.sayInGroup(STAFF_GROUP, STAFF, `/traloi ${code} Đã chuyển bộ phận một cửa.`);
    await z.bot.outbox.flush();
    const ids = readFileSync(join(z.dataDir, ZALO_SENT_LOG_FILE), 'utf8').split('\n');
    expect(ids).toContain(`staff-zalo:fb:${code}:staff-zalo#0`);
    expect(ids.some((id) => id.startsWith(`citizen-zalo:ans:${code}.`) && id.endsWith(':citizen#0'))).toBe(true);

    // The same messages handed to destinations made afresh (a restart) on the same file: nothing is sent.
    const sentBefore = z.api.sent.length;
    const restarted = prepareZaloFromEnv({ ZALO_ENABLED: 'true', ZALO_STAFF_GROUP_ID: STAFF_GROUP }, z.dataDir, () => undefined, {
      throttle: noThrottle(),
      sent: new HandledIdsFile(join(z.dataDir, ZALO_SENT_LOG_FILE)),
    })!;
    const answeredAt = Date.parse((await z.bot.feedback.get(code))!.answer!.at);
    const createdAt = new Date().toISOString();
    await restarted.staffDestinations[0]!.deliver({ id: `fb:${code}:staff-zalo`, destination: 'staff-zalo', kind: 'feedback', code, text: 'Phản ánh', createdAt });
    await restarted.citizenRoutes.zalo.deliver({
      id: `ans:${code}.${answeredAt}:citizen`,
      destination: 'citizen',
      kind: 'staff-answer',
      code,
      to: { channel: 'zalo', chatId: CITIZEN, userId: CITIZEN },
      text: 'Trả lời',
      createdAt,
    });
    expect(z.api.sent.length).toBe(sentBefore);
  });
});

describe('zalo: nothing blank is ever sent', () => {
  it('blank texts and blank parts are skipped (zca-js would refuse them: "Missing message content")', async () => {
    const api = new FakeZaloApi();
    const outgoing = new ZaloOutgoing(noThrottle());
    outgoing.attach(api);
    await outgoing.send(CITIZEN, ThreadType.User, '');
    await outgoing.send(CITIZEN, ThreadType.User, ' \n\t ');
    await outgoing.sendPart(CITIZEN, ThreadType.User, '   ');
    expect(api.sent).toEqual([]);
    const padded = `Phần đầu.${' '.repeat(2_500)}\n\n${' '.repeat(2_500)}\n\nPhần cuối.`;
    expect(outgoing.parts(padded).every((p) => p.trim().length > 0)).toBe(true);
    await outgoing.send(CITIZEN, ThreadType.User, padded);
    expect(api.to(CITIZEN).map((t) => t.trim())).toEqual(['Phần đầu.', 'Phần cuối.']);

    const destination = zaloReplyDestination(outgoing, new HandledIdsFile(join(tempDir(), ZALO_SENT_LOG_FILE)));
    await destination.deliver({ id: 'blank', destination: 'reply-zalo', kind: 'reply', to: { channel: 'zalo', chatId: CITIZEN, userId: CITIZEN }, text: '  \n ', createdAt: new Date().toISOString() });
    expect(api.sent).toHaveLength(2);
  });

  it('an acknowledgement Zalo refuses in the staff group is logged, not lost silently', async () => {
    const z = await openScene();
    z.api.failSends = true;
    await z.sayInGroup(STAFF_GROUP, STAFF, '/traloi PA-ZZZZZZ nội dung');
    expect(z.logs.join('\n')).toMatch(/không gửi được phản hồi lệnh \/traloi vào nhóm cán bộ \(Request failed with status code 502\)/);
  });
});

describe('zalo: the prepared channel, wired as main.ts does', () => {
  it('exposes the reply destination; a citizen gets the answer through the started reply outbox', async () => {
    const dataDir = tempDir();
    const api = new FakeZaloApi();
    const zalo = prepareZaloFromEnv({ ZALO_ENABLED: 'true', ZALO_STAFF_GROUP_ID: STAFF_GROUP, ZALO_STAFF_IDS: STAFF }, dataDir, () => undefined, {
      login: async () => api,
      throttle: noThrottle(),
      // What main.ts passes: the store's log of sent parts (zalo-sent.txt in the data folder).
      sent: new HandledIdsFile(join(dataDir, ZALO_SENT_LOG_FILE)),
    })!;
    const bot = await openBot(loadConfig({ TTHC_DATA_DIR: dataDir, TTHC_KNOWLEDGE_DIRS: DEFAULT_KNOWLEDGE_DIR }), {
      citizenRoutes: { ...zalo.citizenRoutes },
      staffDestinations: zalo.staffDestinations,
      replyDestinations: zalo.replyDestinations,
    });
    bots.push(bot);
    bot.replies.start();
    const handle = await zalo.start(bot);
    try {
      const message = userMessage(CITIZEN, 'đăng ký khai sinh cho con');
      api.listener.receive(message);
      await vi.waitFor(() => expect(api.to(CITIZEN).join('\n')).toMatch(/KHAI SINH/));
      // The send is recorded after the platform took it: wait for the record, not only the message.
      await vi.waitFor(() => expect(readFileSync(join(dataDir, ZALO_SENT_LOG_FILE), 'utf8')).toContain(`reply-zalo:zalo:${message.data.msgId}:1#0`));
    } finally {
      await handle.stop();
    }
  });
});
