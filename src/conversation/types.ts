// The conversation core's view of the world: a message in, replies out. Channel
// adapters (Telegram, Zalo, web, terminal) translate to and from these and nothing else.
import type { Channel } from '../feedback/record.ts';
import type { AnswerSection } from './sections.ts';

export interface IncomingMessage {
  channel: Channel;
  userId: string;
  chatId: string;
  displayName?: string;
  /** What the citizen typed, or the payload of the button they pressed; never both. */
  input: { kind: 'text'; text: string } | { kind: 'button'; payload: string };
}

export interface Button {
  label: string;
  payload: string;
}

/** One message to send: sections of light formatting (a heading, lines) and optional buttons. */
export interface Reply {
  sections: AnswerSection[];
  buttons: Button[];
}

export const reply = (sections: AnswerSection[] | string, buttons: Button[] = []): Reply => ({
  sections: typeof sections === 'string' ? [{ lines: [sections] }] : sections,
  buttons,
});
