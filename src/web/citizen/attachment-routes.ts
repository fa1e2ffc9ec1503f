// What the web chat sends besides words, during a feedback: a photo (its bytes, checked by
// the core like any channel's, whatever the browser called it) and a place the citizen
// chose to share (the browser's geolocation, with their permission).
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage, Reply } from '../../conversation/types.ts';
import { MAX_IMAGE_BYTES, TOO_LARGE } from '../../feedback/attachments.ts';
import { RATE_LIMITS } from '../rate-limits.ts';
import { forbid, sameOrigin } from '../security.ts';

export interface AttachmentRouteDeps {
  /** One message through the conversation for this browser's citizen; `said` is what the page's history shows of it. */
  talk: (request: FastifyRequest, reply: FastifyReply, input: IncomingMessage['input'], said?: string) => Promise<Reply[]>;
  toJson: (replies: Reply[]) => unknown;
}

const locationBody = {
  type: 'object',
  required: ['latitude', 'longitude'],
  properties: { latitude: { type: 'number', minimum: -90, maximum: 90 }, longitude: { type: 'number', minimum: -180, maximum: 180 } },
  additionalProperties: false,
} as const;

export function attachmentRoutes(app: FastifyInstance, deps: AttachmentRouteDeps): void {
  // Raw bytes, whatever type the browser claims: the core looks at the content.
  app.addContentTypeParser(/^(application\/octet-stream|image\/[\w.+-]+)$/, { parseAs: 'buffer', bodyLimit: MAX_IMAGE_BYTES }, (_request, body, done) => done(null, body));

  app.post<{ Body: Buffer }>(
    '/api/chat/photo',
    {
      bodyLimit: MAX_IMAGE_BYTES,
      config: { rateLimit: RATE_LIMITS.chat },
      // A file over the limit is refused before it is read in full: said plainly, nothing kept.
      errorHandler: (err: FastifyError, _request, reply) => {
        if (err.statusCode === 413) return reply.code(413).send(deps.toJson([{ sections: [{ lines: [TOO_LARGE] }], buttons: [] }]));
        if (err.statusCode === 415) return reply.code(415).send(deps.toJson([{ sections: [{ lines: ['Bot chỉ nhận ảnh (JPEG, PNG hoặc WebP).'] }], buttons: [] }]));
        throw err;
      },
    },
    async (request, reply) => {
      if (!sameOrigin(request)) return forbid(reply, 'yêu cầu không đến từ trang của bot');
      if (!Buffer.isBuffer(request.body) || !request.body.length) return reply.code(400).send(deps.toJson([{ sections: [{ lines: ['Chưa nhận được ảnh.'] }], buttons: [] }]));
      return deps.toJson(await deps.talk(request, reply, { kind: 'image', image: { data: request.body } }, '📷 Ảnh'));
    },
  );

  app.post<{ Body: { latitude: number; longitude: number } }>('/api/chat/location', { schema: { body: locationBody }, config: { rateLimit: RATE_LIMITS.chat } }, async (request, reply) => {
    if (!sameOrigin(request)) return forbid(reply, 'yêu cầu không đến từ trang của bot');
    const { latitude, longitude } = request.body;
    return deps.toJson(await deps.talk(request, reply, { kind: 'location', latitude, longitude }, '📍 Vị trí đã gửi'));
  });
}
