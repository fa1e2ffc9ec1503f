// What keeps the web pages safe: signed cookies (the staff session, the citizen's id),
// a CSRF token tied to the session, and the same-origin check on every request that
// changes something. Pure functions and small types, so routes only call them.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const STAFF_COOKIE = 'tthc_staff';
export const CITIZEN_COOKIE = 'tthc_citizen';
export const STAFF_SESSION_HOURS = 8;

/** HMAC-signed JSON, base64url: tamper-evident, not secret (no personal data goes in). */
export class Signer {
  constructor(private readonly secret: Buffer) {}

  sign(payload: object): string {
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  verify<T>(token: string | undefined): T | undefined {
    if (!token) return undefined;
    const [body, mac] = token.split('.');
    if (!body || !mac) return undefined;
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as T;
    } catch {
      return undefined;
    }
  }

  /** A value derived from the secret, e.g. the CSRF token of a session. */
  mac(value: string): string {
    return createHmac('sha256', this.secret).update(value).digest('base64url');
  }
}


export interface StaffSession {
  /** Username. */
  u: string;
  /** The account's session version when logged in: a new password ends the session. */
  v: number;
  /** Session id, for the CSRF token. */
  sid: string;
  /** Expiry, epoch ms. */
  exp: number;
}

export const newStaffSession = (username: string, version: number, now: Date): StaffSession => ({
  u: username,
  v: version,
  sid: randomBytes(16).toString('base64url'),
  exp: now.getTime() + STAFF_SESSION_HOURS * 3600_000,
});

export const csrfTokenOf = (signer: Signer, session: StaffSession) => signer.mac(`csrf:${session.sid}`);

export function csrfValid(signer: Signer, session: StaffSession, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const expected = Buffer.from(csrfTokenOf(signer, session));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Cookies marked Secure when the page is served over https (directly or behind a trusted proxy). */
export const isHttps = (request: FastifyRequest) => request.protocol === 'https';

/**
 * A request that changes something must come from our own pages: its Origin (or, failing
 * that, its Referer) names this host. Browsers always send Origin on such requests.
 */
export function sameOrigin(request: FastifyRequest): boolean {
  const source = request.headers.origin ?? request.headers.referer;
  if (!source || source === 'null') return false;
  try {
    return new URL(source).host === request.host;
  } catch {
    return false;
  }
}

export function forbid(reply: FastifyReply, why: string): FastifyReply {
  return reply.code(403).type('text/plain; charset=utf-8').send(`Yêu cầu bị từ chối: ${why}.`);
}
