// Per-address limits on the web's open doors, on top of the conversation's per-citizen limit:
// a web citizen is only a cookie, and a script can make a new one for every request.
// Generous enough for a ward office where many citizens share one address (NAT, Wi-Fi).
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { fromThisMachine } from './security.ts';

export const RATE_LIMITS = {
  /** Chat messages from one address. */
  chat: { max: 120, timeWindow: '1 minute' },
  /** Opening the chat page, or its event stream, from one address. */
  page: { max: 60, timeWindow: '1 minute' },
  /** Login attempts from one address, across accounts (each account also locks after 10 failures). */
  login: { max: 30, timeWindow: '5 minutes' },
} as const;

/** Event streams (a chat page each) open at once: from one address, and in all. */
export const STREAM_LIMITS = { perAddress: 20, total: 1_000 } as const;
export type StreamLimits = { perAddress: number; total: number };

export async function registerRateLimits(app: FastifyInstance): Promise<void> {
  // Only routes that name a limit in their config are limited. This machine itself is not
  // (see fromThisMachine): a client behind the proxy is counted by its own address when
  // TRUST_PROXY names the proxy, and by the proxy's (loopback) otherwise, so put
  // TRUST_PROXY=1 behind nginx on the same machine.
  await app.register(rateLimit, { global: false, allowList: (request) => fromThisMachine(request) });
}
