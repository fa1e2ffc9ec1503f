// `converse --json`: the conversation core as a line protocol, for tools that check the
// bot end to end. Each input line is one citizen message, {"user","text"} or
// {"user","button"}; each gets exactly one output line:
//   {"user","decision","answered","replies":[{"text","buttons":[{"label","payload"}]}]}
// Different `user` values are different citizens (sessions, context, limits).
import { loadConfig } from '../../app/config.ts';
import { openBot } from '../../app/open-bot.ts';
import { sectionsToPlainText } from '../../conversation/sections.ts';
import type { IncomingMessage, Turn } from '../../conversation/types.ts';
import { jsonLine, readLines, writeOut } from '../io.ts';

type Parsed = { user: string; input: IncomingMessage['input'] } | { user: string | null; error: string };

function parseLine(line: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { user: null, error: 'dòng không phải JSON hợp lệ' };
  }
  const o = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const user = typeof o.user === 'string' && o.user ? o.user : typeof o.user === 'number' ? String(o.user) : null;
  if (!user) return { user: null, error: 'thiếu "user"' };
  if (typeof o.button === 'string') return { user, input: { kind: 'button', payload: o.button } };
  if (typeof o.text === 'string') return { user, input: { kind: 'text', text: o.text } };
  return { user, error: 'cần "text" hoặc "button"' };
}

export function turnToJson(user: string, turn: Turn) {
  return {
    user,
    decision: turn.decision,
    answered: turn.answered,
    replies: turn.replies.map((r) => ({ text: sectionsToPlainText(r.sections), buttons: r.buttons.map(({ label, payload }) => ({ label, payload })) })),
  };
}

export async function converseCommand(knowledgeDirs: string[], input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout): Promise<void> {
  const config = loadConfig();
  const bot = await openBot({ ...config, TTHC_KNOWLEDGE_DIRS: knowledgeDirs.length ? knowledgeDirs : config.TTHC_KNOWLEDGE_DIRS });
  // Feedback forwarded here reaches the staff inbox file like any other.
  bot.outbox.start();
  try {
    for await (const line of readLines(input)) {
      if (!line.trim()) continue;
      const parsed = parseLine(line);
      if ('error' in parsed) {
        await writeOut(output, jsonLine({ user: parsed.user, decision: null, answered: null, replies: [], error: parsed.error }));
        continue;
      }
      const turn = await bot.conversation.respond({ channel: 'terminal', userId: parsed.user, chatId: parsed.user, input: parsed.input });
      await writeOut(output, jsonLine(turnToJson(parsed.user, turn)));
    }
  } finally {
    await bot.close();
  }
}
