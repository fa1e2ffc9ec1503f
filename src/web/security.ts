// What keeps the web pages safe: signed cookies (the staff session, the citizen's id),
// a CSRF token tied to the session, and the same-origin check on every request that
// changes something. Pure functions and small types, so routes only call them.
import { LRUCache } from 'lru-cache';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
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

  /** Tokens whose signature was checked, with what they say: a browser sends its cookie with every message. */
  private readonly verified = new LRUCache<string, string>({ max: 10_000 });

  verify<T>(token: string | undefined): T | undefined {
    if (!token) return undefined;
    let text = this.verified.get(token);
    if (text === undefined) {
      const [body, mac] = token.split('.');
      if (!body || !mac) return undefined;
      const expected = Buffer.from(this.mac(body));
      const given = Buffer.from(mac);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
      text = Buffer.from(body, 'base64url').toString('utf8');
      this.verified.set(token, text);
    }
    try {
      return JSON.parse(text) as T;
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

/**
 * Which X-Forwarded-For entries the server believes (Fastify's trustProxy): none (false),
 * the last `n` hops (a number: 1 for one reverse proxy on this machine), or only hops
 * from these proxy addresses or CIDR ranges. Never "every hop": the first entries are
 * whatever the client wrote.
 */
export type TrustProxy = false | number | string;

/**
 * TRUST_PROXY as an operator writes it: unset, "false", "0" or "no" for none; "1" (or
 * "true", "yes": one proxy) or another number of hops; or proxy addresses and CIDRs,
 * comma-separated. Throws a Vietnamese message for anything else.
 */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const v = value?.trim().toLowerCase() ?? '';
  if (!v || ['false', '0', 'no'].includes(v)) return false;
  if (['true', 'yes'].includes(v)) return 1;
  if (/^\d{1,2}$/.test(v)) return Number(v);
  const parts = v.split(',').map((p) => p.trim()).filter(Boolean);
  const bad = parts.filter((p) => {
    const [address, bits, ...rest] = p.split('/');
    const kind = isIP(address ?? '');
    return !kind || rest.length > 0 || (bits !== undefined && !(/^\d{1,3}$/.test(bits) && Number(bits) <= (kind === 4 ? 32 : 128)));
  });
  if (bad.length || !parts.length) throw new Error(`số proxy tin cậy (1 = một proxy trên máy này), hoặc địa chỉ IP/CIDR của proxy, cách nhau bởi dấu phẩy; không hiểu "${bad.join(', ') || value}"`);
  return parts.join(',');
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * TrustProxy as Fastify takes it. A hop count trusts that many hops from the connection,
 * the first being the connection itself, which must then come from this machine: a client
 * reaching the port directly cannot pass its own X-Forwarded-For off as the proxy's.
 */
export function fastifyTrustProxy(trust: TrustProxy): false | string | ((address: string, hop: number) => boolean) {
  if (typeof trust !== 'number') return trust;
  return (address, hop) => hop < trust && (hop > 0 || LOOPBACK.has(address));
}

/**
 * A request from this machine itself: both the connection and the client it names are
 * loopback. Behind a reverse proxy on this machine the connection is loopback but the
 * client is not, and a client cannot make itself loopback by writing X-Forwarded-For.
 */
export const fromThisMachine = (request: FastifyRequest) => LOOPBACK.has(request.ip) && LOOPBACK.has(request.socket.remoteAddress ?? '');

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
