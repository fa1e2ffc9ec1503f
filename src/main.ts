// `npm start`: runs every channel that is configured. With no channel tokens it opens
// the terminal chat, so a fresh clone does something useful straight away.
import { join } from 'node:path';
import { loadConfig } from './app/config.ts';
import { openBot } from './app/open-bot.ts';
import { TelegramChannel } from './channels/telegram/telegram-channel.ts';
import { runTerminalChat } from './channels/terminal/terminal-chat.ts';
import { ConsoleDestination } from './outbox/console-destination.ts';
import type { Destination } from './outbox/message.ts';
import { formatProblem } from './knowledge/problems.ts';
import { DataDirBusyError } from './storage/data-dir-lock.ts';
import { DataFileCorruptError } from './storage/json-document.ts';

const config = loadConfig();
try {
  const telegram = config.TELEGRAM_BOT_TOKEN
    ? new TelegramChannel({
        token: config.TELEGRAM_BOT_TOKEN,
        apiRoot: config.TELEGRAM_API_ROOT,
        staffChatId: config.TELEGRAM_STAFF_CHAT_ID,
        staffIds: config.TELEGRAM_STAFF_IDS,
        sentLogFile: join(config.TTHC_DATA_DIR, 'telegram-sent.txt'),
        webhook: config.TELEGRAM_WEBHOOK_URL
          ? { url: config.TELEGRAM_WEBHOOK_URL, port: config.TELEGRAM_WEBHOOK_PORT ?? 8443, secretToken: config.TELEGRAM_WEBHOOK_SECRET! }
          : undefined,
      })
    : undefined;
  const staffDestinations: Destination[] = telegram?.staffDestination ? [telegram.staffDestination] : [];
  const bot = await openBot(config, {
    citizenRoutes: {
      terminal: new ConsoleDestination('citizen-terminal', (t) => process.stdout.write(`\n${t}\n> `)),
      ...(telegram ? { telegram: telegram.citizenDestination } : {}),
    },
    staffDestinations,
  });
  for (const p of bot.knowledge.problems) console.error(formatProblem(p));
  console.error(`Đã nạp ${bot.knowledge.entries.length} mục kiến thức; dữ liệu lưu tại ${config.TTHC_DATA_DIR}.`);
  bot.outbox.start();
  if (telegram) {
    if (!config.TELEGRAM_STAFF_CHAT_ID) console.error('Chưa đặt TELEGRAM_STAFF_CHAT_ID: phản ánh chỉ được ghi vào tệp staff-inbox.jsonl.');
    telegram.attach(bot);
    try {
      await telegram.start();
    } catch (err) {
      await bot.close();
      throw err;
    }
    console.error(`Telegram: đang chạy (@${telegram.telegraf.botInfo?.username ?? '?'}). Nhấn Ctrl+C để dừng.`);
    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    console.error(`Nhận ${signal}: đang dừng…`);
    await telegram.stop();
    await bot.close();
  } else {
    console.error('Chưa cấu hình kênh nào (Telegram, Zalo): mở cửa sổ trò chuyện trong dòng lệnh. Gõ "thoat" để thoát.');
    await runTerminalChat(bot.conversation, { input: process.stdin, output: process.stdout });
    await bot.close();
  }
} catch (err) {
  if (err instanceof DataFileCorruptError || err instanceof DataDirBusyError) {
    console.error(err.message);
    process.exit(2);
  }
  throw err;
}
