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
  /** A photo: its address on the platform (documentation and reports disagree on the name). */
  photo_url: z.string().optional(),
  photo: z.string().optional(),
  /** A shared place. */
  location: z.object({ latitude: z.coerce.number(), longitude: z.coerce.number() }).optional(),
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
  | { kind: 'image'; messageId: string; chatId: string; userId: string; url: string; isGroup: boolean }
  | { kind: 'location'; messageId: string; chatId: string; userId: string; latitude: number; longitude: number; isGroup: boolean }
  /** A sticker, voice message or anything else the bot cannot read. */
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
  const url = m.photo_url ?? m.photo;
  if (event === 'message.image.received' && url && /^https?:\/\//.test(url)) return { kind: 'image', ...common, url };
  if (m.location && Number.isFinite(m.location.latitude) && Number.isFinite(m.location.longitude) && Math.abs(m.location.latitude) <= 90 && Math.abs(m.location.longitude) <= 180)
    return { kind: 'location', ...common, latitude: m.location.latitude, longitude: m.location.longitude };
  return { kind: 'other', ...common, event };
}
