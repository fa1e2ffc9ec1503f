// Per-address limits on the web's open doors, on top of the conversation's per-citizen limit:
// a web citizen is only a cookie, and a script can make a new one for every request.
// Generous enough for a ward office where many citizens share one address (NAT, Wi-Fi).
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';

export const RATE_LIMITS = {
  /** Chat messages and page opens from one address. */
  chat: { max: 120, timeWindow: '1 minute' },
  /** Login attempts from one address, across accounts (each account also locks after 10 failures). */
  login: { max: 30, timeWindow: '5 minutes' },
} as const;

export async function registerRateLimits(app: FastifyInstance): Promise<void> {
  // Only routes that name a limit in their config are limited. Loopback is not limited: it is
  // this machine, or a reverse proxy whose clients are all one address unless TRUST_PROXY
  // tells the server to read their own addresses from X-Forwarded-For.
  await app.register(rateLimit, { global: false, allowList: ['127.0.0.1', '::1', '::ffff:127.0.0.1'] });
}
