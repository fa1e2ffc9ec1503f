// Who is asking, on every /staff page: a signed session cookie (HttpOnly, SameSite=Strict,
// Secure behind https) naming a live account; on every request that changes something,
// the same origin and the session's CSRF token too. Before logging in, the login form is
// protected the same way by a token tied to a short-lived cookie.
import { randomBytes } from 'node:crypto';
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { StaffAccount, StaffAccounts } from '../../staff/accounts.ts';
import { csrfTokenOf, csrfValid, forbid, isHttps, newStaffSession, sameOrigin, STAFF_COOKIE, STAFF_SESSION_HOURS, type Signer, type StaffSession } from '../security.ts';

export interface Staff {
  account: StaffAccount;
  session: StaffSession;
  csrf: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    staff?: Staff;
  }
}

const LOGIN_COOKIE = 'tthc_login';

export class StaffAuth {
  constructor(
    private readonly signer: Signer,
    private readonly accounts: StaffAccounts,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The logged-in staff member, or undefined (expired, logged out, password changed, account removed). */
  async identify(request: FastifyRequest): Promise<Staff | undefined> {
    const session = this.signer.verify<StaffSession>(request.cookies[STAFF_COOKIE]);
    if (!session || typeof session.u !== 'string' || session.exp < this.now().getTime()) return undefined;
    const account = await this.accounts.get(session.u);
    if (!account || account.sessionVersion !== session.v || typeof session.sid !== 'string') return undefined;
    if (account.endedSessions?.some((e) => e.sid === session.sid)) return undefined;
    return { account, session, csrf: csrfTokenOf(this.signer, session) };
  }

  startSession(reply: FastifyReply, request: FastifyRequest, account: StaffAccount): void {
    const session = newStaffSession(account.username, account.sessionVersion, this.now());
    reply.setCookie(STAFF_COOKIE, this.signer.sign(session), {
      path: '/staff',
      httpOnly: true,
      sameSite: 'strict',
      secure: isHttps(request),
      maxAge: STAFF_SESSION_HOURS * 3600,
    });
    reply.clearCookie(LOGIN_COOKIE, { path: '/staff' });
  }

  /** Logs out: the session is ended in the store (a copy of the cookie kept elsewhere stops working too), then the cookie cleared. */
  async endSession(reply: FastifyReply, staff: Staff): Promise<void> {
    await this.accounts.endSession(staff.account.username, staff.session.sid, new Date(staff.session.exp));
    reply.clearCookie(STAFF_COOKIE, { path: '/staff' });
  }

  /** The token the login form carries; its cookie is set here. */
  loginToken(request: FastifyRequest, reply: FastifyReply): string {
    let nonce = this.signer.verify<{ n?: string }>(request.cookies[LOGIN_COOKIE])?.n;
    if (!nonce) {
      nonce = randomBytes(16).toString('base64url');
      reply.setCookie(LOGIN_COOKIE, this.signer.sign({ n: nonce }), { path: '/staff', httpOnly: true, sameSite: 'strict', secure: isHttps(request), maxAge: 3600 });
    }
    return this.signer.mac(`login:${nonce}`);
  }

  /** A login POST from our own form: same origin, and the token of its cookie. */
  loginAllowed(request: FastifyRequest, given: unknown): boolean {
    const nonce = this.signer.verify<{ n?: string }>(request.cookies[LOGIN_COOKIE])?.n;
    return sameOrigin(request) && typeof given === 'string' && !!nonce && given === this.signer.mac(`login:${nonce}`);
  }

  /**
   * For requests that change something: the staff member, or a 403 already sent. `token`
   * is the CSRF field of a form (or the X-CSRF-Token header).
   */
  async requireForChange(request: FastifyRequest, reply: FastifyReply, token: unknown): Promise<Staff | undefined> {
    const staff = await this.identify(request);
    if (!staff) {
      forbid(reply, 'phiên đăng nhập đã hết hạn, hãy đăng nhập lại');
      return undefined;
    }
    if (!sameOrigin(request)) {
      forbid(reply, 'yêu cầu không đến từ trang làm việc');
      return undefined;
    }
    if (!csrfValid(this.signer, staff.session, token ?? request.headers['x-csrf-token'])) {
      forbid(reply, 'thiếu hoặc sai mã chống giả mạo (CSRF)');
      return undefined;
    }
    return staff;
  }
}
