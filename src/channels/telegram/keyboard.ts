// Inline keyboards for the bot's buttons. callback_data holds at most 64 bytes: a longer
// payload is kept here, for the newest few thousand, and a short key ("~1a") sent instead.
import type { InlineKeyboardMarkup } from 'telegraf/types';
import type { Reply } from '../../conversation/types.ts';

const CALLBACK_DATA_BYTES = 64;

export class Keyboards {
  private readonly long = new Map<string, string>();
  private seq = 0;

  constructor(private readonly kept = 5_000) {}

  of(r: Reply): InlineKeyboardMarkup {
    return { inline_keyboard: r.buttons.map((b) => [{ text: b.label, callback_data: this.encode(b.payload) }]) };
  }

  /** The payload a pressed button's callback_data stands for (the menu, for a key forgotten since). */
  decode(data: string): string {
    return data.startsWith('~') ? (this.long.get(data) ?? 'menu') : data;
  }

  private encode(payload: string): string {
    if (Buffer.byteLength(payload, 'utf8') <= CALLBACK_DATA_BYTES && !payload.startsWith('~')) return payload;
    const key = `~${(this.seq++).toString(36)}`;
    this.long.set(key, payload);
    if (this.long.size > this.kept) this.long.delete(this.long.keys().next().value!);
    return key;
  }
}
