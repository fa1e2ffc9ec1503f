// Where a citizen can be reached: the channel they wrote on, and their chat and user
// there. Feedback records keep it, the outbox sends to it, channels resolve it.
import { z } from 'zod';

export const CHANNELS = ['telegram', 'zalo-bot', 'zalo', 'web', 'terminal'] as const;
export type Channel = (typeof CHANNELS)[number];

export const citizenAddress = z.object({ channel: z.enum(CHANNELS), chatId: z.string().min(1), userId: z.string().min(1) });
export type CitizenAddress = z.infer<typeof citizenAddress>;

/** One citizen on one channel: the key of their session, limits and rights to their own feedback. */
export const citizenKey = (a: Pick<CitizenAddress, 'channel' | 'userId'>) => `${a.channel}:${a.userId}`;
