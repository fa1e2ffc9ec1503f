// The web server `npm start` runs beside the chat channels: the citizen chat at "/", the
// staff workspace at "/staff", and /healthz. Security is set up here, once: the cookie
// parser, form bodies, headers (helmet) and a Content-Security-Policy that allows only our
// own scripts, styles and connections; embedding is allowed for the chat and refused for
// the staff pages. Route handlers call the same core as every other channel.
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import { performance } from 'node:perf_hooks';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type { Log } from '../logging/log.ts';
import { registerAssets } from './assets-route.ts';
import { registerRateLimits, type StreamLimits } from './rate-limits.ts';
import { fastifyTrustProxy, type TrustProxy } from './security.ts';
import { citizenChat, type CitizenChatDeps } from './citizen/chat-routes.ts';
import { accountRoutes } from './staff/account-routes.ts';
import { announcementRoutes } from './staff/announcement-routes.ts';
import { posterRoutes } from './staff/poster-routes.ts';
import { newsRoutes } from './citizen/news-routes.ts';
import type { StaffDeps } from './staff/deps.ts';
import { inboxRoutes } from './staff/inbox-routes.ts';
import { knowledgeRoutes } from './staff/knowledge-routes.ts';
import { loginRoutes } from './staff/login-routes.ts';
import { reportRoutes } from './staff/report-routes.ts';
import { reviewRoutes } from './staff/review-routes.ts';

export interface WebOptions {
  port: number;
  host: string;
  /** Behind a reverse proxy: which of its X-Forwarded-* hops to believe (see security.ts TrustProxy). */
  trustProxy: TrustProxy;
  /** Sites allowed to embed the chat in a frame; "*" for any. */
  embedOrigins: string;
  /** Event streams open at once, per address and in all (STREAM_LIMITS by default). */
  streamLimits?: StreamLimits;
}

/** Once the server stops, open requests get this long to finish before their connections are cut. */
const CLOSE_GRACE_MS = 3_000;

export interface WebDeps {
  citizen: CitizenChatDeps;
  staff: StaffDeps;
  /** What /healthz reports; the server answers 200 once it is up. */
  health: () => Record<string, unknown> | Promise<Record<string, unknown>>;
  log: Log;
}

const CSP = (frameAncestors: string) =>
  [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');

function withCsp(app: FastifyInstance, frameAncestors: string): void {
  const policy = CSP(frameAncestors);
  app.addHook('onSend', async (_request, reply: FastifyReply, payload) => {
    reply.header('Content-Security-Policy', policy);
    return payload;
  });
}

export async function buildWebApp(deps: WebDeps, options: Pick<WebOptions, 'trustProxy' | 'embedOrigins' | 'streamLimits'>): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, trustProxy: fastifyTrustProxy(options.trustProxy), bodyLimit: 256 * 1024 });
  await app.register(cookie);
  await app.register(formbody);
  await registerRateLimits(app);
  await app.register(helmet, { contentSecurityPolicy: false, frameguard: false, crossOriginEmbedderPolicy: false, crossOriginResourcePolicy: { policy: 'cross-origin' } });

  app.setErrorHandler((err: Error & { statusCode?: number; validation?: unknown }, request, reply) => {
    const status = err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 429) return reply.code(429).type('text/plain; charset=utf-8').send('Bạn thao tác quá nhanh. Vui lòng đợi một phút rồi thử lại.');
    // The route and the message only: never the body, which may hold personal data.
    if (status >= 500) deps.log.error(`Trang web: lỗi ở ${request.method} ${request.routeOptions.url ?? '?'}: ${err.message}`);
    return reply.code(status).type('text/plain; charset=utf-8').send(status >= 500 ? 'Xin lỗi, máy chủ gặp lỗi. Bạn thử lại sau ít phút.' : 'Yêu cầu không hợp lệ.');
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).type('text/plain; charset=utf-8').send('Không có trang này.'));

  // How long the server took, for a browser's network panel and the bench (no personal data in it).
  const started = new WeakMap<object, number>();
  app.addHook('onRequest', async (request) => void started.set(request.raw, performance.now()));
  app.addHook('onSend', async (request, reply, payload) => {
    const at = started.get(request.raw);
    if (at !== undefined) reply.header('Server-Timing', `app;dur=${(performance.now() - at).toFixed(1)}`);
    return payload;
  });
  app.get('/healthz', async () => ({ status: 'ok', ...(await deps.health()) }));
  registerAssets(app);

  await app.register(async (citizen) => {
    withCsp(citizen, options.embedOrigins);
    await citizenChat(citizen, { ...deps.citizen, ...(options.streamLimits ? { streamLimits: options.streamLimits } : {}) });
    newsRoutes(citizen, deps.citizen);
  });
  await app.register(async (staff) => {
    withCsp(staff, "'none'");
    staff.addHook('onSend', async (_request, reply, payload) => {
      reply.header('X-Frame-Options', 'DENY');
      return payload;
    });
    const inbox = inboxRoutes(staff, deps.staff);
    loginRoutes(staff, deps.staff, inbox);
    knowledgeRoutes(staff, deps.staff);
    reportRoutes(staff, deps.staff);
    reviewRoutes(staff, deps.staff);
    accountRoutes(staff, deps.staff);
    announcementRoutes(staff, deps.staff);
    posterRoutes(staff, deps.staff);
  });
  return app;
}

export interface RunningWeb {
  url: string;
  close(): Promise<void>;
}

export async function startWebServer(deps: WebDeps, options: WebOptions): Promise<RunningWeb> {
  const app = await buildWebApp(deps, options);
  const address = await app.listen({ port: options.port, host: options.host });
  return {
    url: address.replace('[::1]', 'localhost'),
    // Event streams are ended by the chat routes; whatever a client still holds open is cut after the grace.
    close: async () => {
      const cut = setTimeout(() => app.server.closeAllConnections(), CLOSE_GRACE_MS);
      try {
        await app.close();
      } finally {
        clearTimeout(cut);
      }
    },
  };
}
