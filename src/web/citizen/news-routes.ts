// What the chat page shows and offers of the ward's announcements: the latest ones when it
// opens ("Tin mới"), and notifications through the browser (web push) for a citizen who
// allows them: the key to subscribe with, and the subscription kept as theirs.
import type { FastifyInstance } from 'fastify';
import { newSubscription, pushTarget } from '../../announcements/subscription.ts';
import { RATE_LIMITS } from '../rate-limits.ts';
import { forbid, sameOrigin } from '../security.ts';
import { citizenIdOf, type CitizenChatDeps } from './chat-routes.ts';

/** Announcements shown when the chat opens. */
const NEWS_SHOWN = 3;

const subscribeBody = {
  type: 'object',
  required: ['subscription'],
  properties: { subscription: { type: 'object' }, unit: { type: 'string', maxLength: 64 } },
  additionalProperties: false,
} as const;

export function newsRoutes(app: FastifyInstance, deps: CitizenChatDeps): void {
  const ann = deps.announcements;
  if (!ann) return;

  app.get<{ Querystring: { unit?: string } }>('/api/chat/news', { config: { rateLimit: RATE_LIMITS.chat } }, async (request) => {
    // The page's ward when it names one of this deployment's; else only what went to everyone.
    const unit = deps.settings(typeof request.query.unit === 'string' ? request.query.unit : undefined).unit;
    const sent = await ann.store.list({ status: ['sending', 'sent'], ...(unit ? { unit } : {}), limit: 20 });
    const news = sent.filter((a) => (unit ? true : !a.unit)).slice(0, NEWS_SHOWN);
    return { news: news.map((a) => ({ id: a.id, title: a.title, text: a.text, ...(a.link ? { link: a.link } : {}), at: 'sendAt' in a ? a.sendAt : a.createdAt })) };
  });

  app.get('/api/push/key', async () => ({ publicKey: await ann.push.publicKey() }));

  app.post<{ Body: { subscription: unknown; unit?: string } }>('/api/push/subscribe', { schema: { body: subscribeBody }, config: { rateLimit: RATE_LIMITS.chat } }, async (request, reply) => {
    if (!sameOrigin(request)) return forbid(reply, 'yêu cầu không đến từ trang của bot');
    const target = pushTarget.safeParse(request.body.subscription);
    if (!target.success) return reply.code(400).send({ error: 'Đăng ký nhận thông báo không hợp lệ.' });
    const id = citizenIdOf(deps.signer, request, reply);
    const unit = deps.settings(request.body.unit).unit;
    const to = { channel: 'web' as const, chatId: id, userId: id };
    const existing = await ann.store.subscription(`web:${id}`);
    await ann.store.subscribe(newSubscription(to, unit ?? existing?.unit, new Date(), target.data));
    return { subscribed: true };
  });

  app.post('/api/push/unsubscribe', { config: { rateLimit: RATE_LIMITS.chat } }, async (request, reply) => {
    if (!sameOrigin(request)) return forbid(reply, 'yêu cầu không đến từ trang của bot');
    const id = citizenIdOf(deps.signer, request, reply);
    return { unsubscribed: await ann.store.unsubscribe(`web:${id}`, new Date(), 'citizen') };
  });
}
