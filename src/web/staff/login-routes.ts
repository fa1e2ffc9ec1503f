// Logging in and out of the staff workspace.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { WRONG_LOGIN } from '../../staff/accounts.ts';
import { vietnameseDateTime } from '../../time/vietnam-calendar.ts';
import { RATE_LIMITS } from '../rate-limits.ts';
import { forbid } from '../security.ts';
import { loginPage } from '../views/login.ts';
import { field, html, type StaffDeps } from './deps.ts';

/** `inbox` renders /staff for a logged-in member: the same address is the login form before. */
export function loginRoutes(app: FastifyInstance, deps: StaffDeps, inbox: (request: FastifyRequest, reply: FastifyReply) => unknown): void {
  const unit = () => deps.knowledge().settings.unit.committee;

  app.get('/staff', async (request, reply) => {
    if (await deps.auth.identify(request)) return inbox(request, reply);
    return html(reply, loginPage(unit(), deps.auth.loginToken(request, reply)));
  });

  app.post('/staff/login', { config: { rateLimit: RATE_LIMITS.login } }, async (request, reply) => {
    if (!deps.auth.loginAllowed(request, field(request.body, '_csrf'))) return forbid(reply, 'thiếu hoặc sai mã chống giả mạo (CSRF)');
    const username = field(request.body, 'username') ?? '';
    const result = await deps.accounts.login(username, field(request.body, 'password') ?? '');
    if (result.ok) {
      deps.auth.startSession(reply, request, result.account);
      deps.log.info(`Trang cán bộ: ${result.account.username} đăng nhập.`);
      return reply.redirect('/staff', 303);
    }
    const message = result.reason === 'locked' ? `Tài khoản tạm khóa do nhập sai nhiều lần, thử lại sau ${vietnameseDateTime(result.until!)}.` : WRONG_LOGIN;
    if (result.reason === 'locked') deps.log.warn('Trang cán bộ: một tài khoản bị khóa 15 phút do nhập sai mật khẩu nhiều lần.');
    return html(reply.code(result.reason === 'locked' ? 423 : 401), loginPage(unit(), deps.auth.loginToken(request, reply), message));
  });

  app.post('/staff/logout', async (request, reply) => {
    const staff = await deps.auth.requireForChange(request, reply, field(request.body, '_csrf'));
    if (!staff) return reply;
    await deps.auth.endSession(reply, staff);
    return reply.redirect('/staff', 303);
  });
}
