// The terminal channel: the whole conversation in a console, buttons shown as numbers.
import { createInterface } from 'node:readline/promises';
import type { Conversation } from '../../conversation/conversation.ts';
import type { IncomingMessage } from '../../conversation/types.ts';
import { renderPlain } from '../render-plain.ts';

export interface TerminalIo {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

export const TERMINAL_USER = 'local';

export async function runTerminalChat(conversation: Conversation, io: TerminalIo): Promise<void> {
  const rl = createInterface({ input: io.input, terminal: false });
  // Take the iterator now: lines that arrive while the greeting is being prepared would
  // otherwise be dropped (readline only queues lines for an iterator that exists).
  const lines = rl[Symbol.asyncIterator]();
  const write = (s: string) => io.output.write(s);
  // The buttons of the last reply, so that typing "2" presses the second one.
  let buttons: string[] = [];
  const send = async (input: IncomingMessage['input']) => {
    const replies = await conversation.handle({ channel: 'terminal', userId: TERMINAL_USER, chatId: TERMINAL_USER, displayName: 'Bạn', input });
    buttons = replies.flatMap((r) => r.buttons.map((b) => b.payload));
    let n = 1;
    for (const r of replies) {
      write(`\n${renderPlain(r, n)}\n`);
      n += r.buttons.length;
    }
    write('\n> ');
  };
  // Not "/start": that would throw away a feedback draft the citizen left half-written.
  await send({ kind: 'open' });
  for await (const line of { [Symbol.asyncIterator]: () => lines }) {
    const text = line.trim();
    if (/^(thoat|thoát|exit|quit)$/i.test(text)) break;
    const pressed = /^\d{1,2}$/.test(text) ? buttons[Number(text) - 1] : undefined;
    await send(pressed ? { kind: 'button', payload: pressed } : { kind: 'text', text: line });
  }
  rl.close();
  write('\nTạm biệt!\n');
}
