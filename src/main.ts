// `npm start`: runs every channel that is configured. With no channel tokens it opens
// the terminal chat, so a fresh clone does something useful straight away.
import { loadConfig } from './app/config.ts';
import { openBot } from './app/open-bot.ts';
import { runTerminalChat } from './channels/terminal/terminal-chat.ts';
import { ConsoleDestination } from './outbox/console-destination.ts';
import { formatProblem } from './knowledge/problems.ts';
import { DataFileCorruptError } from './storage/json-document.ts';

const config = loadConfig();
try {
  const bot = await openBot(config, { citizenRoutes: { terminal: new ConsoleDestination('citizen-terminal', (t) => process.stdout.write(`\n${t}\n> `)) } });
  for (const p of bot.knowledge.problems) console.error(formatProblem(p));
  console.error(`Đã nạp ${bot.knowledge.entries.length} mục kiến thức; dữ liệu lưu tại ${config.TTHC_DATA_DIR}.`);
  console.error('Chưa cấu hình kênh nào (Telegram, Zalo): mở cửa sổ trò chuyện trong dòng lệnh. Gõ "thoat" để thoát.');
  bot.outbox.start();
  await runTerminalChat(bot.conversation, { input: process.stdin, output: process.stdout });
  await bot.close();
} catch (err) {
  if (err instanceof DataFileCorruptError) {
    console.error(err.message);
    process.exit(2);
  }
  throw err;
}
