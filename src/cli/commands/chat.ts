// `cli chat`: the whole conversation in the terminal, feedback included. The person at
// the keyboard is the citizen; messages for staff land in the data folder's staff inbox.
import { loadConfig } from '../../app/config.ts';
import { openBot } from '../../app/open-bot.ts';
import { runTerminalChat, type TerminalIo } from '../../channels/terminal/terminal-chat.ts';
import { formatProblem } from '../../knowledge/problems.ts';
import { ConsoleDestination } from '../../outbox/console-destination.ts';

export async function chatCommand(knowledgeDirs: string[], io: TerminalIo = { input: process.stdin, output: process.stdout }): Promise<void> {
  const config = loadConfig();
  const bot = await openBot(
    { ...config, TTHC_KNOWLEDGE_DIRS: knowledgeDirs.length ? knowledgeDirs : config.TTHC_KNOWLEDGE_DIRS },
    { citizenRoutes: { terminal: new ConsoleDestination('citizen-terminal', (t) => io.output.write(`\n${t}\n> `)) }, watchKnowledge: true },
  );
  for (const p of bot.knowledge.current().knowledge.problems) process.stderr.write(formatProblem(p) + '\n');
  bot.outbox.start();
  try {
    await runTerminalChat(bot.conversation, io);
  } finally {
    await bot.close();
  }
}
