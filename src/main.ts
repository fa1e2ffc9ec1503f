// `npm start`: the bot as a service. It opens the data folder and the knowledge (reloaded
// when staff edit it), starts the outbox, serves the web (citizen chat, staff workspace)
// and runs every configured chat channel, retrying one that cannot connect while the rest
// goes on. A fresh clone, with no token, serves the web chat at http://127.0.0.1:8080/.
import { ChannelSupervisor, type SupervisedChannel } from './app/channel-supervisor.ts';
import { loadConfig, secretsOf, type AppConfig } from './app/config.ts';
import { exitWith, NothingToRunError } from './app/fatal-errors.ts';
import { exitIfStillRunning, STOP_DEADLINE_MS, stopRequested } from './app/stop-signals.ts';
import { openBot, type Bot } from './app/open-bot.ts';
import { openStore } from './app/open-store.ts';
import { startDeadlineReminders } from './app/deadline-reminders.ts';
import type { BotStore } from './storage/bot-store.ts';
import type { UnitDirectory } from './conversation/units.ts';
import { startWeb } from './app/start-web.ts';
import { serveControl } from './app/control-socket.ts';
import { controlHandlers, isInputError } from './app/control-handlers.ts';
import type { RunningWeb } from './web/server.ts';
import { isPermanentTelegramError, TelegramChannel } from './channels/telegram/telegram-channel.ts';
import { ZaloCredentialsError } from './channels/zalo/credentials.ts';
import { isPermanentZaloBotError, ZaloBotChannel } from './channels/zalo-bot/zalo-bot-channel.ts';
import { prepareZaloFromEnv, zaloStopError, ZaloSessionEndedError, type PreparedZalo } from './channels/zalo/zalo-login.ts';
import { formatProblem } from './knowledge/problems.ts';
import { createLogger } from './logging/log.ts';
import { ConsoleDestination } from './outbox/console-destination.ts';

/** Unit id → a staff chat of theirs, from the units' settings as they are now (staff edit them while the bot runs). */
type UnitChats = () => ReadonlyMap<string, string>;

function unitChatsOf(units: () => UnitDirectory | undefined, key: 'telegramChatId' | 'zaloGroupId'): UnitChats {
  return () => new Map((units()?.units ?? []).flatMap((u) => (u.settings.staff?.[key] ? [[u.id, u.settings.staff[key]!] as const] : [])));
}

function telegramFrom(config: AppConfig, store: BotStore, unitChats: UnitChats, log: (line: string) => void): TelegramChannel | undefined {
  if (!config.TELEGRAM_BOT_TOKEN) return undefined;
  return new TelegramChannel({
    token: config.TELEGRAM_BOT_TOKEN,
    apiRoot: config.TELEGRAM_API_ROOT,
    staffChatId: config.TELEGRAM_STAFF_CHAT_ID,
    unitChats,
    staffIds: config.TELEGRAM_STAFF_IDS,
    sent: store.handledIds('telegram-sent'),
    claims: store.updateClaims('telegram-updates'),
    claimMs: config.CLAIM_SECONDS * 1000,
    limits: { globalPerSecond: config.TELEGRAM_SEND_PER_SECOND },
    log,
    webhook: config.TELEGRAM_WEBHOOK_URL
      ? { url: config.TELEGRAM_WEBHOOK_URL, port: config.TELEGRAM_WEBHOOK_PORT ?? 8443, secretToken: config.TELEGRAM_WEBHOOK_SECRET! }
      : undefined,
  });
}

function zaloBotFrom(config: AppConfig, store: BotStore, log: (line: string) => void): ZaloBotChannel | undefined {
  if (!config.ZALO_BOT_TOKEN) return undefined;
  return new ZaloBotChannel({
    token: config.ZALO_BOT_TOKEN,
    apiRoot: config.ZALO_BOT_API_ROOT,
    sent: store.handledIds('zalo-bot-sent'),
    claims: store.updateClaims('zalo-bot-received'),
    options: store.chatOptions('zalo-bot'),
    claimMs: config.CLAIM_SECONDS * 1000,
    log,
    webhook: config.ZALO_BOT_WEBHOOK_URL
      ? { url: config.ZALO_BOT_WEBHOOK_URL, port: config.ZALO_BOT_WEBHOOK_PORT ?? 8445, secret: config.ZALO_BOT_WEBHOOK_SECRET! }
      : undefined,
  });
}

function supervisedZaloBot(channel: ZaloBotChannel): SupervisedChannel {
  return { name: 'Zalo Bot', start: () => channel.start(), stop: () => channel.stop(), isPermanent: isPermanentZaloBotError };
}

function supervisedTelegram(telegram: TelegramChannel): SupervisedChannel {
  return { name: 'Telegram', start: () => telegram.start(), stop: () => telegram.stop(), isPermanent: isPermanentTelegramError };
}

function supervisedZalo(zalo: PreparedZalo, bot: Bot): SupervisedChannel {
  let stop: () => Promise<void> = async () => undefined;
  return {
    name: 'Zalo',
    async start() {
      const handle = await zalo.start(bot);
      // Stopping also saves the session one last time.
      stop = () => handle.stop();
      const done = handle.stopped.then((reason) => {
        const err = zaloStopError(reason);
        if (err) throw err;
      });
      return { done };
    },
    stop: () => stop(),
    isPermanent: (err) => err instanceof ZaloSessionEndedError || (err instanceof ZaloCredentialsError && err.reason === 'missing'),
  };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger({ level: config.LOG_LEVEL, secrets: secretsOf() });
  const warn = (line: string) => log.warn(line);
  const store = await openStore(config, { log: warn });
  // Channels exist before the bot (openBot needs their destinations); the units they route by come from its knowledge.
  let bot: Bot | undefined;
  const units = () => bot?.knowledge.current().units;
  const telegram = telegramFrom(config, store, unitChatsOf(units, 'telegramChatId'), warn);
  const zalo = prepareZaloFromEnv(process.env, config.TTHC_DATA_DIR, warn, { sent: store.handledIds('zalo-sent'), unitGroups: unitChatsOf(units, 'zaloGroupId') });
  const zaloBot = zaloBotFrom(config, store, warn);
  // Destinations exist before the bot does: the outbox keeps retrying until a channel is up.
  bot = await openBot(config, {
    citizenRoutes: {
      terminal: new ConsoleDestination('citizen-terminal', (t) => process.stdout.write(`\n${t}\n> `)),
      ...(telegram ? { telegram: telegram.citizenDestination } : {}),
      ...(zaloBot ? { 'zalo-bot': zaloBot.citizenDestination } : {}),
      ...zalo?.citizenRoutes,
    },
    staffDestinations: [...(telegram?.staffDestination ? [telegram.staffDestination] : []), ...(zalo?.staffDestinations ?? [])],
    replyDestinations: [...(zaloBot ? [zaloBot.replyDestination] : []), ...(zalo?.replyDestinations ?? [])],
    log,
    watchKnowledge: true,
    store,
    claimMs: config.CLAIM_SECONDS * 1000,
    broadcastRates: { telegram: config.TELEGRAM_BROADCAST_PER_SECOND },
    webPush: { subject: config.WEB_PUSH_SUBJECT ?? (config.PUBLIC_WEB_URL?.startsWith('https:') ? config.PUBLIC_WEB_URL : 'mailto:tthc-bot@localhost'), pageUrl: config.PUBLIC_WEB_URL ?? '/' },
  });
  const { knowledge } = bot.knowledge.current();
  for (const p of knowledge.problems) (p.severity === 'error' ? log.error : log.warn).call(log, formatProblem(p));
  log.info(`Đã nạp ${knowledge.entries.length} mục kiến thức; dữ liệu lưu tại ${store.where} (${store.kind === 'postgres' ? 'PostgreSQL' : 'lowdb'}).`);
  bot.outbox.start();
  bot.replies.start();
  bot.broadcast.start();
  // Staff commands reach a data folder this bot holds through it (PostgreSQL needs no such thing).
  const closeControl = store.kind === 'lowdb' ? await serveControl(config.TTHC_DATA_DIR, controlHandlers(bot), isInputError, warn) : undefined;
  const stopReminders = startDeadlineReminders(bot);

  const supervisors: ChannelSupervisor[] = [];
  if (telegram) {
    if (!config.TELEGRAM_STAFF_CHAT_ID) log.warn('Chưa đặt TELEGRAM_STAFF_CHAT_ID: phản ánh chỉ được ghi vào tệp staff-inbox.jsonl và trang cán bộ.');
    telegram.attach(bot);
    supervisors.push(new ChannelSupervisor(supervisedTelegram(telegram), log));
  }
  if (zaloBot) {
    zaloBot.attach(bot);
    supervisors.push(new ChannelSupervisor(supervisedZaloBot(zaloBot), log));
  }
  if (zalo) supervisors.push(new ChannelSupervisor(supervisedZalo(zalo, bot), log));
  for (const s of supervisors) s.run();

  // A knowledge file that does not load keeps its last good copy serving: the bot still
  // answers (200), but says "degraded" and which files, so monitoring tells staff to fix them.
  const health = async () => {
    const { entries, problems } = bot.knowledge.current().knowledge;
    const broken = problems.filter((p) => p.severity === 'error').map((p) => ({ file: p.file, ...(p.entry ? { entry: p.entry } : {}), message: p.message }));
    return {
      ...(broken.length ? { status: 'degraded' } : {}),
      knowledge: { entries: entries.length, ...(broken.length ? { problems: broken } : {}) },
      channels: Object.fromEntries([['web', 'running'], ...supervisors.map((s) => [s.channel.name.toLowerCase().replace(/ /g, '-'), s.state])]),
      outbox: { pending: (await bot.outbox.pending()).length, replies: (await bot.replies.pending()).length },
    };
  };
  let web: RunningWeb | undefined;
  if (config.WEB_PORT) {
    try {
      web = await startWeb(bot, config, health, bot.now, { telegramUsername: () => config.TELEGRAM_BOT_USERNAME ?? telegram?.telegraf.botInfo?.username });
      log.info(`Trang web: ${web.url} (người dân: ${web.url}/ · cán bộ: ${web.url}/staff)`);
    } catch (err) {
      log.error(`Trang web: không mở được cổng ${config.WEB_HOST}:${config.WEB_PORT}: ${(err as Error).message}`);
    }
  }
  if (!web && !supervisors.length) {
    await bot.close();
    throw new NothingToRunError('Không có gì chạy được: trang web không mở được và chưa cấu hình kênh chat nào.');
  }
  if (!supervisors.length) log.info('Chưa cấu hình kênh chat (Telegram, Zalo Bot, Zalo): bot phục vụ qua trang web. Trò chuyện trong dòng lệnh: npm run -s cli -- chat');
  log.info('Bot đang chạy. Nhấn Ctrl+C để dừng.');

  // Runs until a signal; gives up only when nothing can run (no web, every channel failed for good).
  const allFailed = web ? new Promise<never>(() => undefined) : Promise.all(supervisors.map((s) => s.failed)).then(() => 'failed' as const);
  const outcome = await Promise.race([stopRequested(), allFailed]);
  log.info(
    outcome === 'failed' ? 'Không kênh nào chạy được: dừng bot.' : outcome === 'parent-gone' ? 'Tiến trình npm đã dừng: đang dừng bot…' : `Nhận ${outcome}: đang dừng…`,
  );
  exitIfStillRunning(STOP_DEADLINE_MS, () => log.error(`Bot chưa dừng xong sau ${STOP_DEADLINE_MS / 1000} giây: dừng ngay.`));
  stopReminders();
  await web?.close();
  await closeControl?.();
  for (const s of supervisors) await s.stop();
  await bot.close();
  if (outcome === 'failed') process.exit(1);
}

try {
  await main();
} catch (err) {
  exitWith(err);
}
