// `npm start`: runs every channel that is configured. With no channel tokens it opens
// the terminal chat, so a fresh clone does something useful straight away.
import { loadConfig } from './app/config.ts';
import { openEngine } from './app/open-engine.ts';
import { runChat } from './cli/commands/chat.ts';
import { formatProblem } from './knowledge/problems.ts';

const config = loadConfig();
const { engine, knowledge } = openEngine(config.TTHC_KNOWLEDGE_DIRS);
for (const p of knowledge.problems) console.error(formatProblem(p));
console.error(`Đã nạp ${knowledge.entries.length} mục kiến thức từ ${config.TTHC_KNOWLEDGE_DIRS.join(', ')}.`);
console.error('Chưa cấu hình kênh nào (Telegram, Zalo): mở cửa sổ trò chuyện trong dòng lệnh.');
await runChat(engine, knowledge.settings, { input: process.stdin, output: process.stdout });
