// A real bot (real knowledge, real files in a temp data folder, real outbox) driven the
// way a channel adapter drives it, with a recording destination standing in for the
// citizen's channel.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBot, type Bot } from '../../src/app/open-bot.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/app/paths.ts';
import { renderPlain } from '../../src/channels/render-plain.ts';
import type { Reply } from '../../src/conversation/types.ts';
import type { Destination, OutboxMessage } from '../../src/outbox/message.ts';

export class RecordingDestination implements Destination {
  readonly received: OutboxMessage[] = [];
  constructor(readonly name: string) {}
  async deliver(message: OutboxMessage): Promise<void> {
    if (!this.received.some((m) => m.id === message.id)) this.received.push(message);
  }
}

export interface Harness {
  bot: Bot;
  dataDir: string;
  citizenInbox: RecordingDestination;
  say(text: string, user?: string): Promise<Reply[]>;
  press(payload: string, user?: string): Promise<Reply[]>;
  /** The replies as the terminal would print them. */
  text(replies: Reply[]): string;
}

export async function openHarness(dataDir = mkdtempSync(join(tmpdir(), 'tthc-bot-')), now?: () => Date): Promise<Harness> {
  const citizenInbox = new RecordingDestination('citizen-terminal');
  const bot = await openBot(
    { TTHC_KNOWLEDGE_DIRS: [DEFAULT_KNOWLEDGE_DIR], TTHC_DATA_DIR: dataDir },
    { citizenRoutes: { terminal: citizenInbox }, now },
  );
  const send = (user: string, input: { kind: 'text'; text: string } | { kind: 'button'; payload: string }) =>
    bot.conversation.handle({ channel: 'terminal', userId: user, chatId: `chat-${user}`, input });
  return {
    bot,
    dataDir,
    citizenInbox,
    say: (text, user = 'u1') => send(user, { kind: 'text', text }),
    press: (payload, user = 'u1') => send(user, { kind: 'button', payload }),
    text: (replies) => replies.map((r) => renderPlain(r)).join('\n\n'),
  };
}

export const payloads = (replies: Reply[]) => replies.flatMap((r) => r.buttons.map((b) => b.payload));
