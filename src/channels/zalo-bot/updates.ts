// What the Zalo Bot Platform delivers (from getUpdates or to the webhook), read
// defensively: copies of its documentation and live reports disagree on whether a webhook
// body is wrapped in `{ok, result}`, events the documentation does not list exist, and an
// event may carry no message at all (content withheld for protected users).
import { z } from 'zod';

const id = z.union([z.string(), z.number()]).transform(String);

const message = z.object({
  message_id: id,
  date: z.number().optional(),
  text: z.string().optional(),
  from: z.object({ id, display_name: z.string().optional(), first_name: z.string().optional(), is_bot: z.boolean().optional() }).optional(),
  chat: z.object({ id, chat_type: z.string().optional() }),
});

const update = z.object({
  event_name: z.string().optional(),
  message: message.optional(),
});

/** An update as the channel handles it. */
export type ZaloBotUpdate =
  | { kind: 'text'; messageId: string; chatId: string; userId: string; displayName?: string; text: string; isGroup: boolean }
  /** A photo, sticker, voice message or anything else without text the bot can read. */
  | { kind: 'other'; messageId: string; chatId: string; userId: string; event: string; isGroup: boolean }
  /** Nothing to answer (no message, or not one this bot can reply to). */
  | { kind: 'ignored'; event: string };

/** Reads one update, unwrapping `{ok: true, result}` when present. Never throws. */
export function readUpdate(body: unknown): ZaloBotUpdate {
  const inner = body && typeof body === 'object' && (body as { ok?: unknown }).ok === true && 'result' in body ? (body as { result: unknown }).result : body;
  const parsed = update.safeParse(inner);
  if (!parsed.success) return { kind: 'ignored', event: 'không đọc được' };
  const event = parsed.data.event_name ?? (parsed.data.message?.text !== undefined ? 'message.text.received' : 'không rõ');
  const m = parsed.data.message;
  if (!m || !m.from || m.from.is_bot) return { kind: 'ignored', event };
  const common = {
    messageId: m.message_id,
    chatId: m.chat.id,
    userId: m.from.id,
    isGroup: (m.chat.chat_type ?? 'PRIVATE').toUpperCase() !== 'PRIVATE',
  };
  if (event === 'message.text.received' && m.text !== undefined) {
    const displayName = m.from.display_name ?? m.from.first_name;
    return { kind: 'text', ...common, text: m.text, ...(displayName ? { displayName } : {}) };
  }
  return { kind: 'other', ...common, event };
}
