// For channels without buttons (Zalo, both kinds): a reply's buttons become numbered lines,
// numbered on across the replies of one turn, and a number typed back presses that option
// of the last turn in the same chat. Remembered per chat in an OptionsMemory: in memory for
// the newest chats, or in the database, where every replica finds what another numbered.
import type { Reply } from '../conversation/types.ts';
import { renderPlain } from './render-plain.ts';

/** "2", "số 2", "2." or "(2)": what people type to choose option 2. */
const CHOICE = /^\s*(?:s[oố]\s*)?[([]?(\d{1,2})[)\].]?\s*$/iu;

export const CHOOSE_HINT = '(Gõ số để chọn)';

/** Per chat: the payloads of the last turn's buttons, in the order they were numbered. */
export interface OptionsMemory {
  get(chatId: string): Promise<readonly string[] | undefined>;
  /** An empty list forgets the chat's options. */
  set(chatId: string, payloads: readonly string[]): Promise<void>;
}

/** The newest `maxChats` chats, in this process. */
export class MemoryOptions implements OptionsMemory {
  private readonly last = new Map<string, readonly string[]>();
  constructor(private readonly maxChats = 10_000) {}

  async get(chatId: string): Promise<readonly string[] | undefined> {
    return this.last.get(chatId);
  }

  async set(chatId: string, payloads: readonly string[]): Promise<void> {
    this.last.delete(chatId);
    if (!payloads.length) return;
    this.last.set(chatId, payloads);
    if (this.last.size > this.maxChats) this.last.delete(this.last.keys().next().value!);
  }
}

export class NumberedOptions {
  constructor(private readonly memory: OptionsMemory = new MemoryOptions()) {}

  /** The turn's replies as plain texts (empty ones left out), remembering its options for `chatId`. */
  async render(chatId: string, replies: readonly Reply[]): Promise<string[]> {
    // No reply at all (a message handled already, a citizen told to slow down): nothing new
    // on screen, so the numbers last shown still mean the same.
    if (replies.length) await this.memory.set(chatId, replies.flatMap((r) => r.buttons.map((b) => b.payload)));
    const texts: string[] = [];
    let n = 1;
    const lastWithOptions = replies.findLastIndex((r) => r.buttons.length > 0);
    for (const [i, reply] of replies.entries()) {
      let text = renderPlain(reply, n).trim();
      n += reply.buttons.length;
      // Once per turn, under the last options: how to choose without buttons.
      if (i === lastWithOptions) text += `\n${CHOOSE_HINT}`;
      if (text) texts.push(text);
    }
    return texts;
  }

  /** The payload of the option `typed` chooses in `chatId`, if it is a number of the last turn. */
  async pick(chatId: string, typed: string): Promise<string | undefined> {
    const m = CHOICE.exec(typed.normalize('NFC'));
    return m ? (await this.memory.get(chatId))?.[Number(m[1]) - 1] : undefined;
  }
}
