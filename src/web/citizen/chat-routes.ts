// The citizen web chat: the page, the JSON calls its script makes, and the event stream
// that brings the office's answers into the open page. One more channel adapter over the
// same conversation core: it translates, and decides nothing.
import { randomBytes } from 'node:crypto';
import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Conversation } from '../../conversation/conversation.ts';
import { PRIVATE_TURN, type ChatTranscriptStore, type TranscriptEntry } from '../../conversation/transcript.ts';
import type { IncomingMessage, Reply, Turn } from '../../conversation/types.ts';
import type { Settings } from '../../knowledge/schema.ts';
import { CITIZEN_COOKIE, forbid, fromThisMachine, isHttps, sameOrigin, type Signer } from '../security.ts';
import { RATE_LIMITS, STREAM_LIMITS, type StreamLimits } from '../rate-limits.ts';
import { EventStreams } from './event-streams.ts';
import { chatPage } from '../views/chat.ts';
import type { AnnouncementStore } from '../../announcements/store.ts';
import type { WebPushSender } from './web-push.ts';
import type { WebInbox, WebInboxMessage } from './web-inbox.ts';
import { attachmentRoutes } from './attachment-routes.ts';
import { messageButtons } from '../../channels/message-buttons.ts';

export interface CitizenChatDeps {
  conversation: Pick<Conversation, 'respond'>;
  /** What each citizen and the bot said, shown again when the page is reloaded. */
  transcripts: ChatTranscriptStore;
  now: () => Date;
  /** The settings a page is shown with: the unit's when it names one of this deployment's, else the deployment's. */
  settings: (unit?: string) => { settings: Settings; unit?: string };
  inbox: WebInbox;
  signer: Signer;
  /** Announcements: the latest shown when the chat opens ("Tin mới"), and web push. */
  announcements?: { store: AnnouncementStore; push: WebPushSender };
  /** Event streams open at once (STREAM_LIMITS unless a test says otherwise). */
  streamLimits?: StreamLimits;
}

const YEAR_S = 365 * 24 * 3600;
const HEARTBEAT_MS = 25_000;
const SHOWN_DAYS = 7;

const chatBody = {
  type: 'object',
  // `label`: what the pressed button said, for the transcript (the payload means nothing to a reader).
  properties: { text: { type: 'string', maxLength: 20_000 }, button: { type: 'string', maxLength: 500 }, label: { type: 'string', maxLength: 300 } },
  additionalProperties: false,
} as const;

const openBody = {
  type: 'object',
  properties: { unit: { type: 'string', maxLength: 64 } },
  additionalProperties: false,
} as const;

/** Replies as the page's script draws them. */
const toJson = (replies: Reply[]) => ({ replies: replies.map(({ sections, buttons }) => ({ sections, buttons })) });

/** A turn as the transcript keeps it: what was typed or pressed, what the bot said; personal data as a note. */
function transcriptOf(said: string | undefined, turn: Turn, at: string): TranscriptEntry[] {
  const mine: TranscriptEntry[] = said ? [{ at, who: 'me', text: turn.personal.input ? PRIVATE_TURN : said }] : [];
  if (turn.personal.replies) return [...mine, { at, who: 'bot', sections: [{ lines: [PRIVATE_TURN] }], buttons: [] }];
  return [...mine, ...turn.replies.map(({ sections, buttons }): TranscriptEntry => ({ at, who: 'bot', sections, buttons }))];
}

/** This browser's citizen id when it sent its cookie back: a browser that keeps it, whose history is worth keeping. */
function knownCitizenOf(signer: Signer, request: FastifyRequest): string | undefined {
  // Asked two or three times a request: the signer remembers the signatures it has checked.
  const known = signer.verify<{ id?: unknown }>(request.cookies[CITIZEN_COOKIE]);
  return typeof known?.id === 'string' ? known.id : undefined;
}

/** The citizen this browser is: a random id in a signed cookie, made on the first visit. */
export function citizenIdOf(signer: Signer, request: FastifyRequest, reply: FastifyReply): string {
  const known = knownCitizenOf(signer, request);
  if (known) return known;
  const id = randomBytes(16).toString('base64url');
  const https = isHttps(request);
  // Embedded in a ward's own site the page is a third party: only SameSite=None reaches it, and that needs https.
  reply.setCookie(CITIZEN_COOKIE, signer.sign({ id }), { path: '/', httpOnly: true, maxAge: YEAR_S, sameSite: https ? 'none' : 'lax', secure: https });
  return id;
}

export async function citizenChat(app: FastifyInstance, deps: CitizenChatDeps): Promise<void> {
  const citizenOf = (request: FastifyRequest, reply: FastifyReply) => citizenIdOf(deps.signer, request, reply);
  const knownCitizen = (request: FastifyRequest) => knownCitizenOf(deps.signer, request);

  /**
   * One message through the conversation. Without the cookie back (a script, a browser
   * refusing cookies) each request is a new citizen: answered, nothing kept, neither the
   * session nor the transcript (a flood of them must not fill the data folder).
   */
  const talk = async (request: FastifyRequest, reply: FastifyReply, input: IncomingMessage['input'], said?: string): Promise<Reply[]> => {
    const known = knownCitizen(request);
    const id = citizenOf(request, reply);
    const turn = await deps.conversation.respond({ channel: 'web', userId: id, chatId: id, input, ...(known ? {} : { transient: true }) });
    const entries = known ? transcriptOf(said, turn, deps.now().toISOString()) : [];
    if (entries.length) await deps.transcripts.append(id, entries).catch((err: unknown) => request.log.warn({ err }, 'không lưu được lịch sử trò chuyện'));
    return turn.replies;
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
    const known = knownCitizen(request);
    // A returning page shows its history first, and is greeted only when it has none.
    const history = known ? await deps.transcripts.list(known) : [];
    const replies = await talk(request, reply, { kind: 'open', ...(unit ? { unit } : {}), ...(history.length ? { returning: true } : {}) });
    return { ...toJson(replies), history };
  });

  app.post<{ Body: { text?: string; button?: string; label?: string } }>('/api/chat/message', { schema: { body: chatBody }, config: { rateLimit: RATE_LIMITS.chat } }, async (request, reply) => {
    if (!sameOrigin(request)) return forbid(reply, 'yêu cầu không đến từ trang của bot');
    const { text, button, label } = request.body ?? {};
    const input: IncomingMessage['input'] = button !== undefined ? { kind: 'button', payload: button } : { kind: 'text', text: text ?? '' };
    return toJson(await talk(request, reply, input, button !== undefined ? label : text));
  });

  attachmentRoutes(app, { talk, toJson });

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
    // A message that asks something (the satisfaction question, an announcement) carries its choices.
    const push = (m: WebInboxMessage) => void (raw.writableEnded || raw.write(`id: ${m.id}\ndata: ${JSON.stringify({ ...m, buttons: messageButtons(m) })}\n\n`));
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
