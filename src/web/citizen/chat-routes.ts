// The citizen web chat: the page, the JSON calls its script makes, and the event stream
// that brings the office's answers into the open page. One more channel adapter over the
// same conversation core: it translates, and decides nothing.
import { randomBytes } from 'node:crypto';
import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Conversation } from '../../conversation/conversation.ts';
import type { IncomingMessage, Reply } from '../../conversation/types.ts';
import type { Settings } from '../../knowledge/schema.ts';
import { CITIZEN_COOKIE, forbid, isHttps, sameOrigin, type Signer } from '../security.ts';
import { RATE_LIMITS } from '../rate-limits.ts';
import { chatPage } from '../views/chat.ts';
import type { WebInbox, WebInboxMessage } from './web-inbox.ts';
import { attachmentRoutes } from './attachment-routes.ts';
import { buttonsOf } from '../../feedback/satisfaction.ts';

export interface CitizenChatDeps {
  conversation: Pick<Conversation, 'handle'>;
  /** The settings a page is shown with: the unit's when it names one of this deployment's, else the deployment's. */
  settings: (unit?: string) => { settings: Settings; unit?: string };
  inbox: WebInbox;
  signer: Signer;
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
  const citizenOf = (request: FastifyRequest, reply: FastifyReply): string => {
    const known = deps.signer.verify<{ id?: unknown }>(request.cookies[CITIZEN_COOKIE]);
    if (typeof known?.id === 'string') return known.id;
    const id = randomBytes(16).toString('base64url');
    const https = isHttps(request);
    // Embedded in a ward's own site the page is a third party: only SameSite=None reaches it, and that needs https.
    reply.setCookie(CITIZEN_COOKIE, deps.signer.sign({ id }), { path: '/', httpOnly: true, maxAge: YEAR_S, sameSite: https ? 'none' : 'lax', secure: https });
    return id;
  };

  const talk = (id: string, input: IncomingMessage['input']) => deps.conversation.handle({ channel: 'web', userId: id, chatId: id, input });

  app.get<{ Querystring: { embed?: string; unit?: string } }>('/', async (request, reply) => {
    citizenOf(request, reply);
    const { settings, unit } = deps.settings(typeof request.query.unit === 'string' ? request.query.unit : undefined);
    return reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-store').send(chatPage(settings, request.query.embed === '1', unit));
  });

  app.post<{ Body: { unit?: string } }>('/api/chat/open', { schema: { body: openBody }, config: { rateLimit: RATE_LIMITS.chat } }, async (request, reply) => {
    if (!sameOrigin(request)) return forbid(reply, 'yêu cầu không đến từ trang của bot');
    const unit = request.body?.unit;
    return toJson(await talk(citizenOf(request, reply), { kind: 'open', ...(unit ? { unit } : {}) }));
  });

  app.post<{ Body: { text?: string; button?: string } }>('/api/chat/message', { schema: { body: chatBody }, config: { rateLimit: RATE_LIMITS.chat } }, async (request, reply) => {
    if (!sameOrigin(request)) return forbid(reply, 'yêu cầu không đến từ trang của bot');
    const { text, button } = request.body ?? {};
    const input: IncomingMessage['input'] = button !== undefined ? { kind: 'button', payload: button } : { kind: 'text', text: text ?? '' };
    return toJson(await talk(citizenOf(request, reply), input));
  });

  attachmentRoutes(app, { citizenOf, talk: (id, input) => talk(id, input), toJson });

  app.get('/api/chat/events', async (request, reply) => {
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
    // A message that asks something (the satisfaction question) carries its choices.
    const push = (m: WebInboxMessage) => raw.write(`id: ${m.id}\ndata: ${JSON.stringify({ ...m, buttons: buttonsOf(m) })}\n\n`);
    for (const m of await deps.inbox.list(id)) if (Date.parse(m.at) >= since) push(m);
    const unsubscribe = deps.inbox.subscribe(id, push);
    const heartbeat = setInterval(() => raw.write(': ping\n\n'), HEARTBEAT_MS);
    request.raw.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  });
}
