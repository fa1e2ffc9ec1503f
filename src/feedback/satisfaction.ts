// The citizen's satisfaction with an answer: asked once per record, right after the first
// answer reaches them, as its own message ("rate:PA-K7M3QX") so that a restart between the
// two asks again at most the one time, and never twice. Channels show the three choices
// as buttons (or numbered lines where there are none) from the message's kind and code;
// the message itself is made with the others in notifications.ts.
import type { NewOutboxMessage } from '../outbox/message.ts';
import { SATISFACTION_LEVELS, type SatisfactionLevel } from './record.ts';

export const SATISFACTION_QUESTION = 'Bạn có hài lòng với trả lời này không?';

/** The payload of a rating button: "sat:PA-K7M3QX:hai-long". */
export const ratingPayload = (code: string, level: SatisfactionLevel) => `sat:${code}:${level}`;

/** The three choices for a record, as any channel shows them; labels start with the level's name. */
export function satisfactionButtons(code: string): { label: string; payload: string }[] {
  return (Object.keys(SATISFACTION_LEVELS) as SatisfactionLevel[]).map((level) => ({ label: SATISFACTION_LEVELS[level], payload: ratingPayload(code, level) }));
}

/** The buttons an outbox message carries, worked out from its kind and code (none for most). */
export function buttonsOf(message: Pick<NewOutboxMessage, 'kind' | 'code'>): { label: string; payload: string }[] {
  return message.kind === 'satisfaction' && message.code ? satisfactionButtons(message.code) : [];
}
