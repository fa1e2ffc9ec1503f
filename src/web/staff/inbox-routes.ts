// The inbox, a feedback's page, and the two things staff do to it: answer, change status.
// The rules live in feedback/staff-actions.ts, shared with the CLI and the chat groups.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CHANNELS, type Channel } from '../../address/address.ts';
import { FEEDBACK_STATUSES, type FeedbackFilter, type FeedbackRecord, type FeedbackStatus } from '../../feedback/record.ts';
import { deadlineState } from '../../feedback/deadlines.ts';
import { answerFeedback, changeFeedbackStatus } from '../../feedback/staff-actions.ts';
import { CATEGORIES, type Category } from '../../knowledge/schema.ts';
import { quarterBounds, quarterOf, vietnamDate, type Quarter, type QuarterNumber } from '../../time/vietnam-calendar.ts';
import { caseworkRoutes, showDetail } from './casework-routes.ts';
import { inboxPage, PAGE_SIZE, type InboxFilters } from '../views/inbox.ts';
import type { Flash } from '../views/staff-layout.ts';
import type { Staff } from './auth.ts';
import { reviewCount } from './review-routes.ts';
import { field, flashOf, headerFor, html, staffOrLogin, unitScope, type StaffDeps } from './deps.ts';

const QUARTER = /^(\d{4})-Q([1-4])$/;

/** The last eight quarters, newest first: what the quarter filter offers. */
export function recentQuarters(now: Date, count = 8): string[] {
  let { year, q } = quarterOf(now);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.push(`${year}-Q${q}`);
    if (--q === 0) [year, q] = [year - 1, 4];
  }
  return out;
}

export const parseQuarter = (value: string | undefined): Quarter | undefined => {
  const m = value ? QUARTER.exec(value) : null;
  return m ? { year: Number(m[1]), q: Number(m[2]) as QuarterNumber } : undefined;
};

const oneOf = <K extends string>(keys: readonly K[], value: unknown): K | undefined => (typeof value === 'string' && (keys as readonly string[]).includes(value) ? (value as K) : undefined);

function filtersOf(source: Record<string, unknown>): InboxFilters {
  const page = Number(source.page);
  return {
    status: oneOf(Object.keys(FEEDBACK_STATUSES) as FeedbackStatus[], source.status),
    category: oneOf(Object.keys(CATEGORIES) as Category[], source.category),
    channel: oneOf(CHANNELS as readonly Channel[], source.channel),
    quarter: parseQuarter(typeof source.quarter === 'string' ? source.quarter : undefined) ? String(source.quarter) : undefined,
    text: typeof source.q === 'string' && source.q.trim() ? source.q.trim().slice(0, 200) : undefined,
    unit: typeof source.unit === 'string' && source.unit ? source.unit.slice(0, 64) : undefined,
    mine: source.mine === '1' || undefined,
    newest: source.order === 'newest' || undefined,
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

/** The units province-level staff may pick from (none for a unit's staff, or a single-ward deployment). */
export function unitChoices(deps: StaffDeps, staff: Staff): Record<string, string> {
  const { units } = deps.knowledge();
  return staff.account.unit || !units.several ? {} : Object.fromEntries(units.units.map((u) => [u.id, u.name]));
}

export function inboxRoutes(app: FastifyInstance, deps: StaffDeps): (request: FastifyRequest, reply: FastifyReply) => Promise<unknown> {

  const showInbox = async (request: FastifyRequest, reply: FastifyReply, f: InboxFilters, flash?: Flash) => {
    const staff = await staffOrLogin(deps, request, reply);
    if (!staff) return reply;
    const quarter = parseQuarter(f.quarter);
    const bounds = quarter && quarterBounds(quarter);
    const unit = unitScope(deps, staff, f.unit);
    const filter: FeedbackFilter = {
      ...(unit && { unit }),
      ...(f.status && { status: f.status }),
      ...(f.category && { category: f.category }),
      ...(f.channel && { channel: f.channel }),
      ...(bounds && { from: new Date(bounds.from).toISOString(), to: new Date(bounds.until - 1).toISOString() }),
      ...(f.text && { text: f.text }),
      ...(f.mine && { assignee: staff.account.username }),
      sort: f.newest ? 'newest' : 'deadline',
    };
    const result = await deps.feedback.page(filter, (f.page - 1) * PAGE_SIZE, PAGE_SIZE);
    const { casework } = deps.knowledge();
    const today = vietnamDate(deps.now().getTime());
    const stateOf = (r: FeedbackRecord) => deadlineState(r, today, casework.calendar, casework.deadlines?.soonWorkingDays);
    return html(reply, inboxPage(staff, headerFor(deps, staff), { ...f, unit }, result, recentQuarters(deps.now()), unitChoices(deps, staff), flash, stateOf, reviewCount(deps, staff.account.unit)));
  };

  const inbox = (request: FastifyRequest, reply: FastifyReply) => showInbox(request, reply, filtersOf(request.query as Record<string, unknown>), flashOf((request.query as { ok?: unknown }).ok));

  // Search terms may be a name or a phone number: sent in the body, never in the address.
  app.post('/staff/search', async (request, reply) => {
    const staff = await deps.auth.requireForChange(request, reply, field(request.body, '_csrf'));
    if (!staff) return reply;
    return showInbox(request, reply, filtersOf(request.body as Record<string, unknown>));
  });

  app.get<{ Params: { code: string }; Querystring: { ok?: string } }>('/staff/feedback/:code', async (request, reply) => {
    const staff = await staffOrLogin(deps, request, reply);
    if (!staff) return reply;
    const record = await deps.feedback.get(request.params.code);
    // Another unit's record is not there, for this unit's staff.
    if (!record || (staff.account.unit && record.unit !== staff.account.unit))
      return html(reply.code(404), inboxPage(staff, headerFor(deps, staff), { page: 1 }, { records: [], total: 0 }, recentQuarters(deps.now()), unitChoices(deps, staff), { kind: 'error', text: `Không có phản ánh mã ${request.params.code}.` }));
    return showDetail(deps, staff, reply, record, flashOf(request.query.ok));
  });

  const act = (action: 'answer' | 'status') =>
    app.post<{ Params: { code: string } }>(`/staff/feedback/:code/${action}`, async (request, reply) => {
      const staff = await deps.auth.requireForChange(request, reply, field(request.body, '_csrf'));
      if (!staff) return reply;
      const by = `web:${staff.account.username}`;
      try {
        if (action === 'answer') await answerFeedback(deps.feedback, deps.outbox, request.params.code, field(request.body, 'answer') ?? '', by, staff.account.unit);
        else {
          const status = oneOf(Object.keys(FEEDBACK_STATUSES) as FeedbackStatus[], field(request.body, 'status'));
          if (!status) throw new Error('Chọn một trạng thái.');
          await changeFeedbackStatus(deps.feedback, deps.outbox, request.params.code, status, by, field(request.body, 'note')?.trim() || undefined, staff.account.unit);
        }
      } catch (err) {
        const record = await deps.feedback.get(request.params.code);
        if (!record || (staff.account.unit && record.unit !== staff.account.unit)) return reply.code(404).send('Không có phản ánh này.');
        return showDetail(deps, staff, reply.code(400), record, { kind: 'error', text: (err as Error).message });
      }
      deps.log.info(`Trang cán bộ: ${staff.account.username} ${action === 'answer' ? 'trả lời' : 'đổi trạng thái'} ${request.params.code}.`);
      return reply.redirect(`/staff/feedback/${encodeURIComponent(request.params.code)}?ok=${action === 'answer' ? 'answered' : 'status'}`, 303);
    });
  act('answer');
  act('status');
  caseworkRoutes(app, deps);

  return inbox;
}
