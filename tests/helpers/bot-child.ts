// A bot in a child process, for tests that kill it or change its umask: it opens the data
// folder given as argv[2], plays the script of argv[3], prints one line per acknowledged
// step, and (for the crash tests) can be made to kill itself at a chosen point.
// usage: node --import tsx tests/helpers/bot-child.ts DATA_DIR SCRIPT [options as JSON]
import { openBot } from '../../src/app/open-bot.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/app/paths.ts';
import { RecordingDestination } from './bot-harness.ts';

const [dataDir, script, rawOptions] = process.argv.slice(2);
const options = JSON.parse(rawOptions ?? '{}') as { killAtEnqueue?: number; citizens?: number; prefix?: string };

const bot = await openBot({ TTHC_KNOWLEDGE_DIRS: [DEFAULT_KNOWLEDGE_DIR], TTHC_DATA_DIR: dataDir! }, { citizenRoutes: { terminal: new RecordingDestination('citizen-terminal') } });
const say = (user: string, text: string) => bot.conversation.handle({ channel: 'terminal', userId: user, chatId: user, input: { kind: 'text', text } });
const code = (replies: Awaited<ReturnType<typeof say>>) => /PA-[A-Z0-9]{6}/.exec(JSON.stringify(replies))?.[0];

if (options.killAtEnqueue !== undefined) {
  // Dies the moment the N-th batch is about to be queued: after its record is stored.
  const enqueue = bot.outbox.enqueue.bind(bot.outbox);
  let calls = 0;
  bot.outbox.enqueue = async (messages) => {
    if (++calls === options.killAtEnqueue) process.kill(process.pid, 'SIGKILL');
    return enqueue(messages);
  };
}

async function feedback(user: string): Promise<string | undefined> {
  await say(user, '/phananh');
  await say(user, `Đèn đường tổ dân phố ${user} hỏng đã hai tuần, đề nghị phường sửa.`);
  await say(user, 'đồng ý');
  await say(user, 'Nguyễn Văn Thử');
  await say(user, '0912 345 678');
  return code(await say(user, 'gửi'));
}

if (script === 'feedback-loop') {
  for (let i = 0; i < (options.citizens ?? 1_000); i++) {
    const c = await feedback(`${options.prefix ?? 'c'}${i}`);
    if (!c) throw new Error(`no code for citizen ${i}`);
    process.stdout.write(`${c}\n`);
  }
} else if (script === 'everything') {
  // Something in every data file: an unanswered question, a session, feedback, outbox, staff inbox, limits.
  await say('q', 'giá vàng hôm nay bao nhiêu');
  await say('d', '/phananh');
  await say('d', 'Một bản nháp chưa gửi xong về đường sá.');
  process.stdout.write(`${await feedback('f')}\n`);
  await bot.outbox.flush();
}
await bot.close();
