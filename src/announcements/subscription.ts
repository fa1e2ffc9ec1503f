// A citizen's consent to receive a ward's announcements on one channel. It belongs to the
// ward they chose and the channel they asked on; unsubscribing deletes it. Only counts are
// kept of the comings and goings (for the quarterly report), never who.
import { z } from 'zod';
import { CHANNELS, citizenAddress, citizenKey, type CitizenAddress } from '../address/address.ts';

/** A browser's push subscription (PushSubscription.toJSON()): where and how to encrypt a push. */
export const pushTarget = z.object({
  endpoint: z.url({ protocol: /^https?$/ }).max(2_000),
  keys: z.object({ p256dh: z.string().min(1).max(200), auth: z.string().min(1).max(100) }),
});
export type PushTarget = z.infer<typeof pushTarget>;

export const storedSubscription = z.object({
  /** citizenKey(to): one subscription per citizen and channel. */
  key: z.string().min(1),
  to: citizenAddress,
  unit: z.string().optional(),
  since: z.string(),
  /** Web only: the browser's push subscription, when the citizen allowed notifications. */
  push: pushTarget.optional(),
});
export type Subscription = z.infer<typeof storedSubscription>;

export function newSubscription(to: CitizenAddress, unit: string | undefined, at: Date, push?: PushTarget): Subscription {
  return { key: citizenKey(to), to, ...(unit ? { unit } : {}), since: at.toISOString(), ...(push ? { push } : {}) };
}

/** Why a subscription ended: the citizen asked, or the platform says the bot was blocked. */
export type EndReason = 'citizen' | 'blocked';

/** One coming or going, without who: what the quarterly report counts. */
export const subscriptionEvent = z.object({
  at: z.string(),
  channel: z.enum(CHANNELS),
  unit: z.string().optional(),
  kind: z.enum(['subscribed', 'unsubscribed']),
  reason: z.enum(['citizen', 'blocked']).optional(),
});
export type SubscriptionEvent = z.infer<typeof subscriptionEvent>;
