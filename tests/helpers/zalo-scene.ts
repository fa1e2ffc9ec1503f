// The Zalo channel set up as main.ts does, against the fake zca-js API: the real bot
// (real knowledge, real files in a temp data folder, real outboxes) with the Zalo
// destinations sharing one on-disk HandledIdsFile, and the adapter started on it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/app/config.ts';
import { openBot, type Bot } from '../../src/app/open-bot.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/app/paths.ts';
import { HandledIdsFile } from '../../src/storage/lowdb/handled-ids-file.ts';
import { SendThrottle } from '../../src/channels/zalo/throttle.ts';
import { startZalo, zaloNumberedOptions, type ZaloAdapterOptions, type ZaloHandle } from '../../src/channels/zalo/zalo-adapter.ts';
import { staffZaloDestination, zaloCitizenRoute, zaloReplyDestination, ZALO_SENT_LOG_FILE } from '../../src/channels/zalo/zalo-destinations.ts';
import { ZaloOutgoing } from '../../src/channels/zalo/zalo-outgoing.ts';
import { FakeZaloApi, groupMessage, userMessage } from './fake-zalo-api.ts';

export const STAFF_GROUP = '5550000000000000001';
export const STAFF = '7770000000000000001';
export const CITIZEN = '1230000000000000001';

export interface ZaloScene {
  dataDir: string;
  api: FakeZaloApi;
  bot: Bot;
  handle: ZaloHandle;
  outgoing: ZaloOutgoing;
  logs: string[];
  /** Waits each reconnect was scheduled after (the attempt numbers), in order. */
  reconnects: number[];
  /** A citizen writes; resolves with what the bot sent back to that chat. */
  say(text: string, uid?: string): Promise<string[]>;
  /** Someone writes in a group; resolves with what the bot sent back to that group. */
  sayInGroup(groupId: string, uid: string, text: string): Promise<string[]>;
  /** Starts the channel again on the same bot with a fresh API, as after a restart of the channel. */
  restart(): Promise<void>;
}

export type SceneOptions = { throttle?: SendThrottle } & Partial<Pick<ZaloAdapterOptions, 'now' | 'closesBeforeSessionDead' | 'session'>>;

const open: { scene: ZaloScene }[] = [];

/** For afterEach: stops every scene's channel and closes its bot. */
export async function closeScenes(): Promise<void> {
  for (const { scene } of open.splice(0)) {
    await scene.handle.stop();
    await scene.bot.close();
  }
}

export async function openScene(options: SceneOptions = {}): Promise<ZaloScene> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tthc-zalo-'));
  const outgoing = new ZaloOutgoing(options.throttle ?? new SendThrottle({ perThreadMs: 0, globalMs: 0 }));
  const sentLog = new HandledIdsFile(join(dataDir, ZALO_SENT_LOG_FILE));
  const numbered = zaloNumberedOptions();
  const bot = await openBot(loadConfig({ TTHC_DATA_DIR: dataDir, TTHC_KNOWLEDGE_DIRS: DEFAULT_KNOWLEDGE_DIR }), {
    citizenRoutes: { zalo: zaloCitizenRoute(outgoing, sentLog, numbered) },
    staffDestinations: [staffZaloDestination(outgoing, STAFF_GROUP, sentLog)],
    replyDestinations: [zaloReplyDestination(outgoing, sentLog)],
  });
  const logs: string[] = [];
  const reconnects: number[] = [];
  const start = (api: FakeZaloApi) =>
    startZalo({
      api,
      conversation: bot.conversation,
      feedback: bot.feedback,
      outbox: bot.outbox,
      replies: bot.replies,
      staffDestinations: bot.staffDestinations,
      staffGroupId: STAFF_GROUP,
      staffIds: [STAFF],
      outgoing,
      numbered,
      log: (line) => logs.push(line),
      reconnectDelayMs: (attempt) => {
        reconnects.push(attempt);
        return 1;
      },
      now: options.now,
      closesBeforeSessionDead: options.closesBeforeSessionDead,
      session: options.session,
    });
  const received = async (threadId: string, emit: () => void) => {
    const before = scene.api.to(threadId).length;
    emit();
    await scene.handle.settled();
    await bot.replies.flush();
    return scene.api.to(threadId).slice(before);
  };
  const api = new FakeZaloApi();
  const scene: ZaloScene = {
    dataDir,
    api,
    bot,
    handle: start(api),
    outgoing,
    logs,
    reconnects,
    say: (text, uid = CITIZEN) => received(uid, () => scene.api.listener.receive(userMessage(uid, text))),
    sayInGroup: (groupId, uid, text) => received(groupId, () => scene.api.listener.receive(groupMessage(groupId, uid, text))),
    restart: async () => {
      await scene.handle.stop();
      scene.api = new FakeZaloApi();
      scene.handle = start(scene.api);
    },
  };
  open.push({ scene });
  return scene;
}

/** The number shown before the option whose label contains `label`. */
export function optionNumber(sent: string[], label: string): string {
  const line = sent.join('\n').split('\n').find((l) => /^\[\d+\] /.test(l) && l.includes(label));
  if (!line) throw new Error(`no option "${label}" in:\n${sent.join('\n---\n')}`);
  return /^\[(\d+)\]/.exec(line)![1]!;
}

/** Walks a citizen through sending feedback; resolves with its tracking code. */
export async function sendFeedback(scene: ZaloScene, name = 'Lê Văn Cường'): Promise<string> {
  const none = await scene.say('giá vàng hôm nay bao nhiêu');
  await scene.say(optionNumber(none, 'Gửi câu hỏi cho cán bộ'));
  await scene.say('đồng ý');
  await scene.say(name);
  await scene.say('0912 345 678');
  return /PA-[A-Z0-9]{6}/.exec((await scene.say('gửi')).join('\n'))![0];
}
