// The poster: an A4 page to print and a PDF download, for the staff member's ward (province
// staff pick one).
import type { FastifyInstance } from 'fastify';
import { posterContent, posterPdf, qrDataUrl } from '../poster.ts';
import { posterPage } from '../views/poster.ts';
import { headerFor, html, staffOrLogin, unitScope, type StaffDeps } from './deps.ts';
import { unitChoices } from './inbox-routes.ts';

export function posterRoutes(app: FastifyInstance, deps: StaffDeps): void {
  const contentFor = (unit: string | undefined) => posterContent(deps.knowledge().units.settingsOf(unit), deps.posterLinks?.() ?? {}, unit);

  app.get<{ Querystring: { unit?: string } }>('/staff/poster', async (request, reply) => {
    const staff = await staffOrLogin(deps, request, reply);
    if (!staff) return reply;
    const unit = unitScope(deps, staff, request.query.unit);
    const content = contentFor(unit);
    const qr = await Promise.all(content.channels.map((c) => qrDataUrl(c.url)));
    return html(reply, posterPage(staff, headerFor(deps, staff), content, qr, unitChoices(deps, staff), unit));
  });

  app.get<{ Querystring: { unit?: string } }>('/staff/poster.pdf', async (request, reply) => {
    const staff = await staffOrLogin(deps, request, reply);
    if (!staff) return reply;
    const unit = unitScope(deps, staff, request.query.unit);
    return reply
      .type('application/pdf')
      .header('Content-Disposition', `attachment; filename="ap-phich-${unit ?? 'bot'}.pdf"`)
      .send(await posterPdf(contentFor(unit)));
  });
}
