// The quarterly report: the page with charts, and the CSV and Word downloads. Counts only.
import type { FastifyInstance } from 'fastify';
import { buildQuarterReport } from '../../feedback/report.ts';
import { reportToCsv } from '../../feedback/report-csv.ts';
import { reportToDocx } from '../../feedback/report-docx.ts';
import { quarterBounds, quarterOf } from '../../time/vietnam-calendar.ts';
import { reportPage } from '../views/report.ts';
import { html, staffOrLogin, type StaffDeps } from './deps.ts';
import { parseQuarter, recentQuarters } from './inbox-routes.ts';

export function reportRoutes(app: FastifyInstance, deps: StaffDeps): void {
  const reportFor = async (value: string | undefined) => {
    const now = deps.now();
    const current = quarterOf(now);
    const quarter = parseQuarter(value) ?? current;
    const bounds = quarterBounds(quarter);
    const range = { from: new Date(bounds.from).toISOString(), to: new Date(bounds.until - 1).toISOString() };
    const report = buildQuarterReport(await deps.feedback.list(range), await deps.feedback.unanswered(range), quarter, now);
    return { report, key: `${quarter.year}-Q${quarter.q}` };
  };

  app.get<{ Querystring: { quarter?: string } }>('/staff/report', async (request, reply) => {
    const staff = await staffOrLogin(deps, request, reply);
    if (!staff) return reply;
    const { report, key } = await reportFor(request.query.quarter);
    const quarters = recentQuarters(deps.now());
    return html(reply, reportPage(staff, deps.knowledge().settings.unit.committee, report, quarters.includes(key) ? quarters : [key, ...quarters], key));
  });

  app.get<{ Querystring: { quarter?: string } }>('/staff/report.csv', async (request, reply) => {
    if (!(await staffOrLogin(deps, request, reply))) return reply;
    const { report, key } = await reportFor(request.query.quarter);
    return reply.type('text/csv; charset=utf-8').header('Content-Disposition', `attachment; filename="bao-cao-${key}.csv"`).send(reportToCsv(report));
  });

  app.get<{ Querystring: { quarter?: string } }>('/staff/report.docx', async (request, reply) => {
    if (!(await staffOrLogin(deps, request, reply))) return reply;
    const { report, key } = await reportFor(request.query.quarter);
    return reply
      .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .header('Content-Disposition', `attachment; filename="bao-cao-${key}.docx"`)
      .send(await reportToDocx(report, deps.knowledge().settings));
  });
}
