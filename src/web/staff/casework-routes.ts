// The casework routes of a record's page: its photos (staff of its ward only), assigning
// it, correcting its field and its kind (the deadline follows the kind). The rules live in
// feedback/ (assignment.ts, casework-changes.ts, deadlines.ts), shared with other tools.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { assignFeedback, officersOf } from '../../feedback/assignment.ts';
import { deadlineFor, deadlineState, dueOf } from '../../feedback/deadlines.ts';
import { FEEDBACK_KINDS, type FeedbackKind, type FeedbackRecord } from '../../feedback/record.ts';
import { requireRecord } from '../../feedback/staff-actions.ts';
import { CATEGORIES, type Category } from '../../knowledge/schema.ts';
import { vietnamDate } from '../../time/vietnam-calendar.ts';
import type { Staff } from './auth.ts';
import { detailPage } from '../views/detail.ts';
import type { CaseworkView } from '../views/casework.ts';
import type { Flash } from '../views/staff-layout.ts';
import { field, headerFor, html, type StaffDeps } from './deps.ts';

const LIMIT_WORDS = { working: 'ngày làm việc', calendar: 'ngày' } as const;

/** What the record page shows beside the record: its deadline's stages and state, the ward's officers. */
export async function caseworkViewOf(deps: StaffDeps, record: FeedbackRecord): Promise<CaseworkView> {
  const { casework } = deps.knowledge();
  const found = deadlineFor(record.kind, vietnamDate(record.createdAt), casework);
  return {
    state: deadlineState(record, vietnamDate(deps.now().getTime()), casework.calendar, casework.deadlines?.soonWorkingDays),
    stages: found?.stages.map((s) => ({ name: s.name, end: s.end, limit: `${s.limit.days} ${LIMIT_WORDS[s.limit.counting]}` })) ?? [],
    ...(found?.rule.note ? { ruleNote: found.rule.note } : {}),
    officers: officersOf(await deps.accounts.list(), record).map((o) => o.username),
  };
}

/** The record's page, with its casework. */
export async function showDetail(deps: StaffDeps, staff: Staff, reply: FastifyReply, record: FeedbackRecord, flash?: Flash): Promise<FastifyReply> {
  return html(reply, detailPage(staff, headerFor(deps, staff), record, flash, deps.knowledge().units.get(record.unit)?.name, await caseworkViewOf(deps, record)));
}

const oneOf = <K extends string>(keys: readonly K[], value: unknown): K | undefined => (typeof value === 'string' && (keys as readonly string[]).includes(value) ? (value as K) : undefined);

export function caseworkRoutes(app: FastifyInstance, deps: StaffDeps): void {
  // Photos are personal data: staff of the record's ward only, never cached, never sniffed.
  app.get<{ Params: { code: string; id: string } }>('/staff/feedback/:code/attachments/:id', async (request, reply) => {
    const staff = await deps.auth.identify(request);
    if (!staff) return reply.code(403).type('text/plain; charset=utf-8').send('Cần đăng nhập.');
    const record = await deps.feedback.get(request.params.code);
    const ref = record?.attachments?.find((a) => a.id === request.params.id);
    if (!record || !ref || (staff.account.unit && record.unit !== staff.account.unit)) return reply.code(404).type('text/plain; charset=utf-8').send('Không có ảnh này.');
    const data = await deps.attachments.get(ref.id);
    if (!data) return reply.code(404).type('text/plain; charset=utf-8').send('Không có ảnh này.');
    return reply.type(ref.type).header('Cache-Control', 'private, no-store').header('X-Content-Type-Options', 'nosniff').header('Content-Disposition', 'inline').send(data);
  });

  const act = (action: 'assign' | 'category' | 'kind', change: (staff: Staff, record: FeedbackRecord, body: unknown, by: string) => Promise<unknown>) =>
    app.post<{ Params: { code: string } }>(`/staff/feedback/:code/${action}`, async (request, reply) => {
      const staff = await deps.auth.requireForChange(request, reply, field(request.body, '_csrf'));
      if (!staff) return reply;
      const by = `web:${staff.account.username}`;
      try {
        const record = await requireRecord(deps.feedback, request.params.code, staff.account.unit);
        await change(staff, record, request.body, by);
      } catch (err) {
        const record = await deps.feedback.get(request.params.code);
        if (!record || (staff.account.unit && record.unit !== staff.account.unit)) return reply.code(404).send('Không có phản ánh này.');
        return showDetail(deps, staff, reply.code(400), record, { kind: 'error', text: (err as Error).message });
      }
      deps.log.info(`Trang cán bộ: ${staff.account.username} ${action === 'assign' ? 'giao xử lý' : action === 'category' ? 'đổi lĩnh vực' : 'đổi loại'} ${request.params.code}.`);
      return reply.redirect(`/staff/feedback/${encodeURIComponent(request.params.code)}?ok=${action}`, 303);
    });

  act('assign', async (staff, record, body, by) => {
    const assignee = field(body, 'assignee')?.trim() || undefined;
    await assignFeedback(deps.feedback, deps.outbox, await deps.accounts.list(), record.code, assignee, by, staff.account.unit);
  });
  act('category', async (_staff, record, body, by) => {
    const category = oneOf(Object.keys(CATEGORIES) as Category[], field(body, 'category'));
    if (!category || category === 'smalltalk') throw new Error('Chọn một lĩnh vực.');
    await deps.feedback.amend(record.code, { action: 'category', category }, by);
  });
  act('kind', async (_staff, record, body, by) => {
    const kind = oneOf(Object.keys(FEEDBACK_KINDS) as FeedbackKind[], field(body, 'kind'));
    if (!kind) throw new Error('Chọn một loại.');
    // The deadline of the new kind, counted from the day the record was received.
    await deps.feedback.amend(record.code, { action: 'kind', kind, due: dueOf(kind, record.createdAt, deps.knowledge().casework) }, by);
  });
}
