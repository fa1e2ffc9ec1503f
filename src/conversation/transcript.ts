// What a web citizen and the bot said, so that reloading the page shows the conversation
// so far. Kept per citizen (their signed cookie), short (the last messages of the last
// days), and without personal data: turns of the feedback flow that carry a name, a phone
// or an address are stored as a note, not as what was typed or shown.
import type { AnswerSection } from './sections.ts';
import type { Button } from './types.ts';

export type TranscriptEntry =
  | { at: string; who: 'me'; text: string }
  | { at: string; who: 'bot'; sections: AnswerSection[]; buttons: Button[] };

/** Messages kept per citizen, and for how long. */
export const TRANSCRIPT_KEEP = 40;
export const TRANSCRIPT_DAYS = 30;

/** Shown in place of the turns that carried personal data. */
export const PRIVATE_TURN = '(Thông tin cá nhân trong phần gửi phản ánh không được lưu lại trên trang này.)';

export interface ChatTranscriptStore {
  /** Adds entries at the end; older ones beyond the kept number or days go. */
  append(citizen: string, entries: readonly TranscriptEntry[]): Promise<void>;
  /** The citizen's recent entries, oldest first. */
  list(citizen: string): Promise<TranscriptEntry[]>;
}

/** Drops what is too old or beyond the kept number. */
export function keepRecent(entries: readonly TranscriptEntry[], now: Date): TranscriptEntry[] {
  const since = now.getTime() - TRANSCRIPT_DAYS * 86_400_000;
  return entries.filter((e) => Date.parse(e.at) >= since).slice(-TRANSCRIPT_KEEP);
}
