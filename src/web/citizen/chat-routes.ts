// The citizen web chat: the page, the JSON calls its script makes, and the event stream
// that brings the office's answers into the open page. One more channel adapter over the
// same conversation core: it translates, and decides nothing.
import { randomBytes } from 'node:crypto';
import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Conversation } from '../../conversation/conversation.ts';
import type { IncomingMessage, Reply } from '../../conversation/types.ts';
import type { Settings } from '../../knowledge/schema.ts';
import { CITIZEN_COOKIE, forbid, fromThisMachine, isHttps, sameOrigin, type Signer } from '../security.ts';
import { RATE_LIMITS, STREAM_LIMITS, type StreamLimits } from '../rate-limits.ts';
import { EventStreams } from './event-streams.ts';
import { chatPage } from '../views/chat.ts';
import type { WebInbox } from './web-inbox.ts';

export interface CitizenChatDeps {
  conversation: Pick<Conversation, 'handle'>;
  /** The settings a page is shown with: the unit's when it names one of this deployment's, else the deployment's. */
  settings: (unit?: string) => { settings: Settings; unit?: string };
  inbox: WebInbox;
  signer: Signer;
  /** Event streams open at once (STREAM_LIMITS unless a test says otherwise). */
  streamLimits?: StreamLimits;
}

const YEAR_S = 365 * 24 * 3600;
const HEARTBEAT_MS = 25_000;
const SHOWN_DAYS = 7;

const chatBody = {
  type: 'object',
  properties: { text: { type: 'string', maxLength: 20_000 }, button: { type: 'string', maxLength: 500 } },
  additionalProperties: false,
} as const;

const openBody = {
  type: 'object',
  properties: { unit: { type: 'string', maxLength: 64 } },
  additionalProperties: false,
} as const;

/** Replies as the page's script draws them. */
const toJson = (replies: Reply[]) => ({ replies: replies.map(({ sections, buttons }) => ({ sections, buttons })) });

export async function citizenChat(app: FastifyInstance, deps: CitizenChatDeps): Promise<void> {
  /** The citizen this browser is: a random id in a signed cookie, made on the first visit. */
  const citizenOf = (request: FastifyRequest, reply: FastifyReply): string => identify(request, reply).id;
  /** `known`: the browser sent the cookie back, so it will be recognised next time too. */
  const identify = (request: FastifyRequest, reply: FastifyReply): { id: string; known: boolean } => {
    const known = deps.signer.verify<{ id?: unknown }>(request.cookies[CITIZEN_COOKIE]);
    if (typeof known?.id === 'string') return { id: known.id, known: true };
    const id = randomBytes(16).toString('base64url');
    const https = isHttps(request);
    // Embedded in a ward's own site the page is a third party: only SameSite=None reaches it, and that needs https.
    reply.setCookie(CITIZEN_COOKIE, deps.signer.sign({ id }), { path: '/', httpOnly: true, maxAge: YEAR_S, sameSite: https ? 'none' : 'lax', secure: https });
    return { id, known: false };
  };

  // Without the cookie (a script, a browser refusing cookies) each request is a new citizen: answered, nothing kept.
  const talk = (request: FastifyRequest, reply: FastifyReply, input: IncomingMessage['input']) => {
    const { id, known } = identify(request, reply);
    return deps.conversation.handle({ channel: 'web', userId: id, chatId: id, input, ...(known ? {} : { transient: true }) });
  };

  const streams = new EventStreams(deps.streamLimits ?? STREAM_LIMITS);
  // Stopping: open pages are told to wait and their streams end, so the server can close.
  app.addHook('preClose', async () => streams.endAll());

  app.get<{ Querystring: { embed?: string; unit?: string } }>('/', { config: { rateLimit: RATE_LIMITS.page } }, async (request, reply) => {
    citizenOf(request, reply);
    const { settings, unit } = deps.settings(typeof request.query.unit === 'string' ? request.query.unit : undefined);
    return reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-store').send(chatPage(settings, request.query.embed === '1', unit));
  });

  app.post<{ Body: { unit?: string } }>('/api/chat/open', { schema: { body: openBody }, config: { rateLimit: RATE_LIMITS.chat } }, async (request, reply) => {
    if (!sameOrigin(request)) return forbid(reply, 'yêu cầu không đến từ trang của bot');
    const unit = request.body?.unit;
    return toJson(await talk(request, reply, { kind: 'open', ...(unit ? { unit } : {}) }));
  });

  app.post<{ Body: { text?: string; button?: string } }>('/api/chat/message', { schema: { body: chatBody }, config: { rateLimit: RATE_LIMITS.chat } }, async (request, reply) => {
    if (!sameOrigin(request)) return forbid(reply, 'yêu cầu không đến từ trang của bot');
    const { text, button } = request.body ?? {};
    const input: IncomingMessage['input'] = button !== undefined ? { kind: 'button', payload: button } : { kind: 'text', text: text ?? '' };
    return toJson(await talk(request, reply, input));
  });

  app.get('/api/chat/events', { config: { rateLimit: RATE_LIMITS.page } }, async (request, reply) => {
    const admission = streams.admit(request.ip, reply.raw, fromThisMachine(request));
    if (!admission.ok) {
      return admission.reason === 'address'
        ? reply.code(429).type('text/plain; charset=utf-8').send('Bạn đang mở quá nhiều trang trò chuyện cùng lúc. Hãy đóng bớt rồi tải lại trang.')
        : reply.code(503).header('Retry-After', '30').type('text/plain; charset=utf-8').send('Máy chủ đang bận. Bạn tải lại trang sau ít phút nhé.');
    }
    const id = citizenOf(request, reply);
    const since = Date.now() - SHOWN_DAYS * 24 * 3600_000;
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
      ...Object.fromEntries(Object.entries(reply.getHeaders()).map(([k, v]) => [k, String(v)])),
    });
    // Sent at once: the page learns the stream is open without waiting for a message or the heartbeat.
    raw.write(': ok\n\n');
    const push = (m: { id: string }) => void (raw.writableEnded || raw.write(`id: ${m.id}\ndata: ${JSON.stringify(m)}\n\n`));
    let unsubscribe = () => {};
    const heartbeat = setInterval(() => raw.write(': ping\n\n'), HEARTBEAT_MS);
    // Listened for first: the page may close (or the server end the stream) while the inbox is read.
    raw.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      admission.release();
    });
    for (const m of await deps.inbox.list(id)) if (Date.parse(m.at) >= since) push(m);
    if (!raw.destroyed && !raw.writableEnded) unsubscribe = deps.inbox.subscribe(id, push);
  });
}
