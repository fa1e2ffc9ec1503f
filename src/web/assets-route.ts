// The few static files the pages need, served from our own origin (the CSP allows no
// other): the stylesheets and scripts in web/assets, and Chart.js from node_modules.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

const here = dirname(fileURLToPath(import.meta.url));
const TYPES: Record<string, string> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };

function assets(): Map<string, { body: Buffer; type: string }> {
  const files = new Map<string, { body: Buffer; type: string }>();
  for (const name of ['base.css', 'chat.css', 'staff.css', 'chat.js', 'report.js', 'staff.js', 'embed.js', 'announce.js', 'poster.css', 'sw.js']) {
    files.set(name, { body: readFileSync(join(here, 'assets', name)), type: TYPES[name.split('.').pop()!]! });
  }
  // The package exports only its modules; the browser bundle sits beside its main file.
  const chart = join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js');
  files.set('chart.umd.min.js', { body: readFileSync(chart), type: TYPES.js! });
  return files;
}

export function registerAssets(app: FastifyInstance): void {
  const files = assets();
  // The one snippet a ward puts on its own site (see README).
  app.get('/embed.js', async (_request, reply) => {
    const file = files.get('embed.js')!;
    return reply.type(file.type).header('Cache-Control', 'public, max-age=3600').send(file.body);
  });
  // The service worker that shows web push notifications: served from the root, so its scope is the chat page.
  app.get('/sw.js', async (_request, reply) => {
    const file = files.get('sw.js')!;
    return reply.type(file.type).header('Cache-Control', 'no-cache').send(file.body);
  });
  app.get<{ Params: { name: string } }>('/assets/:name', async (request, reply) => {
    const file = files.get(request.params.name);
    if (!file) return reply.code(404).send('Không có tệp này.');
    return reply.type(file.type).header('Cache-Control', 'public, max-age=3600').send(file.body);
  });
}
