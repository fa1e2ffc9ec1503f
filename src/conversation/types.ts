// The conversation core's view of the world: a message in, replies out. Channel
// adapters (Telegram, Zalo, web, terminal) translate to and from these and nothing else.
import type { Channel } from '../address/address.ts';
import type { AnswerSection } from './sections.ts';

export interface IncomingMessage {
  channel: Channel;
  userId: string;
  chatId: string;
  displayName?: string;
  /**
   * The platform's id of this message, where the platform may deliver it again: the session
   * remembers the last few handled, so a message handled already changes nothing.
   */
  id?: string;
  /**
   * The channel cannot recognise this citizen next time (a web request without the cookie
   * the page sets): they are answered, but nothing is kept or counted for them, since every
   * such request would otherwise leave a session behind.
   */
  transient?: boolean;
  /**
   * What the citizen typed, or the payload of the button they pressed; or `open`: the
   * channel has just (re)opened the conversation (a terminal started, a web page loaded),
   * which greets a newcomer and reminds someone in the middle of a feedback where they were;
   * `unit`: the ward or commune the page was opened for (a ward's own site embedding the chat);
   * `returning`: the page already shows the conversation so far, so a greeting would repeat it.
   */
  input:
    | { kind: 'text'; text: string }
    | { kind: 'button'; payload: string }
    | { kind: 'open'; unit?: string; returning?: boolean }
    /**
     * A photo: its bytes as the platform gave them (checked by the core, never trusted), or
     * only its size when the channel did not fetch a file too large to keep.
     */
    | { kind: 'image'; image: { data: Buffer } | { tooLarge: number } }
    /** A place the citizen chose to share. */
    | { kind: 'location'; latitude: number; longitude: number };
}

export interface Button {
  label: string;
  payload: string;
}

/** One message to send: sections of light formatting (a heading, lines) and optional buttons. */
export interface Reply {
  sections: AnswerSection[];
  buttons: Button[];
  /** The knowledge entry whose content this reply shows, if any. */
  about?: string;
}

/** A handled message: the replies, and for a typed question the engine's decision. */
export interface Turn {
  replies: Reply[];
  decision: 'answer' | 'clarify' | 'none' | null;
  /** The entry whose content the replies show; null when none does. */
  answered: string | null;
  /**
   * What of the turn carries personal data (a name, a phone, an address, phone digits):
   * the message typed, the replies shown. A channel that keeps a history keeps neither.
   */
  personal: { input: boolean; replies: boolean };
}

/** What a channel does inside a turn. */
export interface TurnHooks {
  /**
   * Called with the replies before the citizen's session is saved: a channel that queues
   * its replies here (with ids from the update) can have the update handled again after a
   * crash between the two, and queue nothing twice, where saving first would have moved
   * the conversation on without the replies.
   */
  beforeSave?(replies: Reply[]): Promise<void>;
}

export const reply = (sections: AnswerSection[] | string, buttons: Button[] = []): Reply => ({
  sections: typeof sections === 'string' ? [{ lines: [sections] }] : sections,
  buttons,
});
