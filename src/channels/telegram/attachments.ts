// A Telegram photo, image file or location as the conversation core's input: the largest
// size of a photo (or a file sent as a document, which keeps the camera's EXIF: the core
// strips it), fetched only when Telegram says it is within the size the bot keeps.
import type { Telegram } from 'telegraf';
import type { Message } from 'telegraf/types';
import type { IncomingMessage } from '../../conversation/types.ts';
import { MAX_IMAGE_BYTES } from '../../feedback/attachments.ts';
import { fetchLimited } from '../fetch-limited.ts';

/** The input a message without text stands for; undefined for a sticker, a voice message… */
export async function telegramAttachment(telegram: Telegram, message: Message): Promise<IncomingMessage['input'] | undefined> {
  if ('location' in message && message.location) return { kind: 'location', latitude: message.location.latitude, longitude: message.location.longitude };
  const file =
    'photo' in message && message.photo?.length
      ? message.photo.reduce((a, b) => ((b.file_size ?? b.width * b.height) > (a.file_size ?? a.width * a.height) ? b : a))
      : 'document' in message && message.document
        ? message.document
        : undefined;
  if (!file) return undefined;
  if (file.file_size !== undefined && file.file_size > MAX_IMAGE_BYTES) return { kind: 'image', image: { tooLarge: file.file_size } };
  const image = await fetchLimited(await telegram.getFileLink(file.file_id), MAX_IMAGE_BYTES);
  return { kind: 'image', image };
}
