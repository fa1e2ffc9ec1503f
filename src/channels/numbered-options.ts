// For channels without buttons (Zalo, both kinds): a reply's buttons become numbered lines,
// numbered on across the replies of one turn, and a number typed back presses that option
// of the last turn in the same chat. Remembered per chat, in memory, for the newest chats.
import type { Reply } from '../conversation/types.ts';
import { renderPlain } from './render-plain.ts';

/** "2", "số 2", "2." or "(2)": what people type to choose option 2. */
const CHOICE = /^\s*(?:s[oố]\s*)?[([]?(\d{1,2})[)\].]?\s*$/iu;

export const CHOOSE_HINT = '(Gõ số để chọn)';

export class NumberedOptions {
  /** Per chat: the payloads of the last turn's buttons, in the order they were numbered. */
  private readonly last = new Map<string, string[]>();

  constructor(private readonly maxChats = 10_000) {}

  /** The turn's replies as plain texts (empty ones left out), remembering its options for `chatId`. */
  render(chatId: string, replies: readonly Reply[]): string[] {
    const payloads = replies.flatMap((r) => r.buttons.map((b) => b.payload));
    this.last.delete(chatId);
    if (payloads.length) {
      this.last.set(chatId, payloads);
      if (this.last.size > this.maxChats) this.last.delete(this.last.keys().next().value!);
    }
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
  pick(chatId: string, typed: string): string | undefined {
    const m = CHOICE.exec(typed.normalize('NFC'));
    return m ? this.last.get(chatId)?.[Number(m[1]) - 1] : undefined;
  }
}
