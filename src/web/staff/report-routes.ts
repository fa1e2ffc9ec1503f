// The quarterly report: the page with charts, and the CSV and Word downloads. Counts only.
import type { FastifyInstance } from 'fastify';
import { buildOutreachReport } from '../../announcements/outreach-report.ts';
import { buildQuarterReport } from '../../feedback/report.ts';
import { reportToCsv } from '../../feedback/report-csv.ts';
import { reportToDocx } from '../../feedback/report-docx.ts';
import { quarterBounds, quarterOf } from '../../time/vietnam-calendar.ts';
import { reportPage } from '../views/report.ts';
import type { Staff } from './auth.ts';
import { html, staffOrLogin, unitScope, type StaffDeps } from './deps.ts';
import { parseQuarter, recentQuarters, unitChoices } from './inbox-routes.ts';

export function reportRoutes(app: FastifyInstance, deps: StaffDeps): void {
  /**
   * The quarter's report for what the staff member covers: their unit; or, for
   * province-level staff, the unit they pick, or the whole province counted by unit.
   */
  const reportFor = async (staff: Staff, query: { quarter?: string; unit?: string }) => {
    const now = deps.now();
    const quarter = parseQuarter(query.quarter) ?? quarterOf(now);
    const bounds = quarterBounds(quarter);
    const unit = unitScope(deps, staff, query.unit);
    const range = { from: new Date(bounds.from).toISOString(), to: new Date(bounds.until - 1).toISOString(), ...(unit && { unit }) };
    const choices = unitChoices(deps, staff);
    const byUnit = !unit && Object.keys(choices).length ? choices : undefined;
    const report = buildQuarterReport(await deps.feedback.list(range), await deps.feedback.unanswered(range), quarter, now, byUnit);
    const settings = deps.knowledge().units.settingsOf(unit);
    const ann = deps.announcements?.store;
    const outreach = ann && buildOutreachReport(await ann.list({ status: ['sending', 'sent'] }), await ann.subscriptionEvents({ to: new Date(bounds.until).toISOString() }), bounds.from, bounds.until, unit);
    return { report, outreach, settings, unit, choices, key: `${quarter.year}-Q${quarter.q}`, file: `bao-cao-${quarter.year}-Q${quarter.q}${unit ? `-${unit}` : ''}` };
  };

  app.get<{ Querystring: { quarter?: string; unit?: string } }>('/staff/report', async (request, reply) => {
    const staff = await staffOrLogin(deps, request, reply);
    if (!staff) return reply;
    const { report, outreach, settings, unit, choices, key } = await reportFor(staff, request.query);
    const quarters = recentQuarters(deps.now());
    return html(reply, reportPage(staff, settings.unit.committee, report, quarters.includes(key) ? quarters : [key, ...quarters], key, choices, unit, outreach));
  });

  app.get<{ Querystring: { quarter?: string; unit?: string } }>('/staff/report.csv', async (request, reply) => {
    const staff = await staffOrLogin(deps, request, reply);
    if (!staff) return reply;
    const { report, outreach, file } = await reportFor(staff, request.query);
    return reply.type('text/csv; charset=utf-8').header('Content-Disposition', `attachment; filename="${file}.csv"`).send(reportToCsv(report, outreach));
  });

  app.get<{ Querystring: { quarter?: string; unit?: string } }>('/staff/report.docx', async (request, reply) => {
    const staff = await staffOrLogin(deps, request, reply);
    if (!staff) return reply;
    const { report, outreach, settings, file } = await reportFor(staff, request.query);
    return reply
      .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .header('Content-Disposition', `attachment; filename="${file}.docx"`)
      .send(await reportToDocx(report, settings, outreach));
  });
}
