// `npm start`: runs every channel that is configured (Telegram, Zalo). With none, it opens
// the terminal chat, so a fresh clone does something useful straight away.
import { join } from 'node:path';
import { loadConfig, type AppConfig } from './app/config.ts';
import { openBot } from './app/open-bot.ts';
import { TelegramChannel } from './channels/telegram/telegram-channel.ts';
import { runTerminalChat } from './channels/terminal/terminal-chat.ts';
import { prepareZaloFromEnv } from './channels/zalo/zalo-login.ts';
import { formatProblem } from './knowledge/problems.ts';
import { ConsoleDestination } from './outbox/console-destination.ts';
import { DataDirBusyError } from './storage/data-dir-lock.ts';
import { DataFileCorruptError } from './storage/json-document.ts';

function telegramFrom(config: AppConfig): TelegramChannel | undefined {
  if (!config.TELEGRAM_BOT_TOKEN) return undefined;
  return new TelegramChannel({
    token: config.TELEGRAM_BOT_TOKEN,
    apiRoot: config.TELEGRAM_API_ROOT,
    staffChatId: config.TELEGRAM_STAFF_CHAT_ID,
    staffIds: config.TELEGRAM_STAFF_IDS,
    sentLogFile: join(config.TTHC_DATA_DIR, 'telegram-sent.txt'),
    webhook: config.TELEGRAM_WEBHOOK_URL
      ? { url: config.TELEGRAM_WEBHOOK_URL, port: config.TELEGRAM_WEBHOOK_PORT ?? 8443, secretToken: config.TELEGRAM_WEBHOOK_SECRET! }
      : undefined,
  });
}

const config = loadConfig();
try {
  const telegram = telegramFrom(config);
  const zalo = prepareZaloFromEnv(process.env, config.TTHC_DATA_DIR);
  // Destinations exist before the bot does: the outbox keeps retrying until a channel is up.
  const bot = await openBot(config, {
    citizenRoutes: {
      terminal: new ConsoleDestination('citizen-terminal', (t) => process.stdout.write(`\n${t}\n> `)),
      ...(telegram ? { telegram: telegram.citizenDestination } : {}),
      ...zalo?.citizenRoutes,
    },
    staffDestinations: [...(telegram?.staffDestination ? [telegram.staffDestination] : []), ...(zalo?.staffDestinations ?? [])],
  });
  for (const p of bot.knowledge.problems) console.error(formatProblem(p));
  console.error(`Đã nạp ${bot.knowledge.entries.length} mục kiến thức; dữ liệu lưu tại ${config.TTHC_DATA_DIR}.`);
  bot.outbox.start();

  const running: { name: string; stop: () => Promise<void> }[] = [];
  if (telegram) {
    if (!config.TELEGRAM_STAFF_CHAT_ID) console.error('Chưa đặt TELEGRAM_STAFF_CHAT_ID: phản ánh chỉ được ghi vào tệp staff-inbox.jsonl.');
    telegram.attach(bot);
    try {
      await telegram.start();
      running.push({ name: 'Telegram', stop: () => telegram.stop() });
      console.error(`Telegram: đang chạy (@${telegram.telegraf.botInfo?.username ?? '?'}).`);
    } catch (err) {
      console.error(`Telegram: không khởi động được: ${(err as Error).message}`);
    }
  }
  if (zalo) {
    try {
      const handle = await zalo.start(bot);
      running.push({ name: 'Zalo', stop: () => handle.stop() });
      console.error('Zalo: đang chạy.');
    } catch (err) {
      // Expired or missing credentials: say so plainly, keep the other channels running.
      console.error(`Zalo: không khởi động được: ${(err as Error).message}`);
    }
  }

  if (!running.length) {
    console.error('Chưa có kênh nào chạy (Telegram, Zalo): mở cửa sổ trò chuyện trong dòng lệnh. Gõ "thoat" để thoát.');
    await runTerminalChat(bot.conversation, { input: process.stdin, output: process.stdout });
  } else {
    console.error('Nhấn Ctrl+C để dừng.');
    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    console.error(`Nhận ${signal}: đang dừng…`);
    for (const channel of running) await channel.stop();
  }
  await bot.close();
} catch (err) {
  if (err instanceof DataFileCorruptError || err instanceof DataDirBusyError) {
    console.error(err.message);
    process.exit(2);
  }
  throw err;
}
