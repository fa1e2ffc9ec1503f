// The webhook the Zalo Bot Platform posts updates to (behind the https reverse proxy that
// serves ZALO_BOT_WEBHOOK_URL). A request without the secret in X-Bot-Api-Secret-Token is
// refused before its body is looked at. An update is answered once it is handled (its
// replies queued on disk), which takes milliseconds.
import { timingSafeEqual } from 'node:crypto';
import Fastify from 'fastify';
import { UpdateBusyError } from '../update-claims.ts';

export interface WebhookOptions {
  port: number;
  host?: string;
  path: string;
  secret: string;
  onUpdate(body: unknown): Promise<void>;
  log: (line: string) => void;
}

export interface WebhookServer {
  url: string;
  close(): Promise<void>;
}

const SECRET_HEADER = 'x-bot-api-secret-token';

function sameSecret(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startWebhookServer(options: WebhookOptions): Promise<WebhookServer> {
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  app.addHook('onRequest', async (request, reply) => {
    if (!sameSecret(request.headers[SECRET_HEADER], options.secret)) {
      options.log('zalo-bot: từ chối một yêu cầu tới webhook không có mã bí mật đúng');
      return reply.code(403).send({ ok: false, description: 'Forbidden' });
    }
  });
  app.post(options.path, async (request) => {
    await options.onUpdate(request.body);
    return { ok: true };
  });
  app.setErrorHandler((err: Error & { statusCode?: number }, _request, reply) => {
    // Being handled by another replica: the platform delivers it again later.
    if (err instanceof UpdateBusyError) return reply.code(503).header('retry-after', '5').send({ ok: false });
    const status = err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
    if (status >= 500) options.log(`zalo-bot: webhook lỗi khi xử lý một cập nhật: ${err.message}`);
    return reply.code(status).send({ ok: false });
  });
  const url = await app.listen({ port: options.port, host: options.host ?? '0.0.0.0' });
  return { url, close: () => app.close() };
}
