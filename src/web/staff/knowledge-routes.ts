// The unanswered questions page: grouped, with the entries the engine thinks of; an admin
// adds a question to an entry's samples (the knowledge file changes, the bot reloads it
// at once), anyone dismisses one. Who did it and when is kept with the questions.
import type { FastifyInstance } from 'fastify';
import { groupQuestions } from '../../feedback/unanswered-groups.ts';
import { addSampleQuestion } from '../../knowledge/add-question.ts';
import { unansweredPage, type GroupView } from '../views/unanswered.ts';
import type { Staff } from './auth.ts';
import { type StaffDeps, field, flashOf, headerFor, html, staffOrLogin } from './deps.ts';

const SHOWN = 100;

export function knowledgeRoutes(app: FastifyInstance, deps: StaffDeps): void {
  const ids = (body: unknown) => (field(body, 'ids') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  /** True when every id is an open question this staff member may see: their ward's, or any for province-level staff. */
  const own = async (staff: Staff, wanted: string[]) => {
    const unit = staff.account.unit;
    const open = new Set((await deps.feedback.unanswered({ open: true, ...(unit ? { unit } : {}) })).map((q) => q.id));
    return wanted.length > 0 && wanted.every((id) => open.has(id));
  };
  const scope = (staff: Staff) => (staff.account.unit ? { unit: staff.account.unit } : {});

  const page = async (staff: Staff, flash?: Parameters<typeof unansweredPage>[4]) => {
    const { engine, entries } = deps.knowledge();
    const unit = staff.account.unit;
    const questions = (await deps.feedback.unanswered({ open: true, ...(unit ? { unit } : {}) })) as (Awaited<ReturnType<typeof deps.feedback.unanswered>>[number] & { id: string })[];
    const groups: GroupView[] = groupQuestions(questions)
      .slice(0, SHOWN)
      .map((g) => {
        const outcome = engine.search(g.text, 3);
        const now = outcome.hits.map((h) => h.entry.id);
        const choiceIds = [...new Set([...now, ...g.candidates.map((c) => c.id)])].filter((id) => engine.entry(id));
        // A guess the engine would not answer with is only offered, never chosen in advance: one click must not file a bus question under land sales.
        const suggested = outcome.decision === 'answer' ? now[0] : undefined;
        return { ...g, choices: choiceIds.map((id) => ({ id, title: engine.entry(id)!.title })), ...(suggested ? { suggested } : {}) };
      });
    const all = entries.filter((e) => e.kind !== 'smalltalk').map((e) => ({ id: e.id, title: e.title }));
    return { groups, all, flash };
  };

  app.get<{ Querystring: { ok?: string } }>('/staff/unanswered', async (request, reply) => {
    const staff = await staffOrLogin(deps, request, reply);
    if (!staff) return reply;
    const { groups, all } = await page(staff);
    return html(reply, unansweredPage(staff, headerFor(deps, staff), groups, all, flashOf(request.query.ok)));
  });

  app.post('/staff/unanswered/add', async (request, reply) => {
    const staff = await deps.auth.requireForChange(request, reply, field(request.body, '_csrf'));
    if (!staff) return reply;
    const fail = async (text: string, code = 400) => {
      const { groups, all } = await page(staff);
      return html(reply.code(code), unansweredPage(staff, headerFor(deps, staff), groups, all, { kind: 'error', text }));
    };
    if (staff.account.role !== 'admin') return fail('Chỉ quản trị viên thêm được câu hỏi vào kho kiến thức.', 403);
    // Checked before the knowledge changes: another ward's question, or one dealt with already, is not this form's.
    if (!(await own(staff, ids(request.body)))) return fail('Không có câu hỏi này trong danh sách chờ của đơn vị bạn (có thể đã được xử lý).', 404);
    const entryId = (field(request.body, 'otherEntryId')?.trim() || field(request.body, 'entryId') || '').trim();
    const question = field(request.body, 'question') ?? '';
    if (!entryId) return fail('Bạn chưa chọn mục kiến thức để thêm câu hỏi vào.');
    const file = deps.knowledge().pathOf.get(entryId);
    if (!file) return fail(`Không có mục kiến thức "${entryId}".`);
    try {
      await addSampleQuestion(file, entryId, question);
    } catch (err) {
      return fail(`Chưa thêm được: ${(err as Error).message}`);
    }
    deps.reloadKnowledge();
    await deps.feedback.resolveUnanswered(ids(request.body), { how: 'added', entryId, by: `web:${staff.account.username}`, at: deps.now().toISOString() }, scope(staff));
    deps.log.info(`Trang cán bộ: ${staff.account.username} thêm một câu hỏi mẫu vào mục ${entryId}.`);
    return reply.redirect('/staff/unanswered?ok=added', 303);
  });

  app.post('/staff/unanswered/dismiss', async (request, reply) => {
    const staff = await deps.auth.requireForChange(request, reply, field(request.body, '_csrf'));
    if (!staff) return reply;
    const done = await deps.feedback.resolveUnanswered(ids(request.body), { how: 'dismissed', by: `web:${staff.account.username}`, at: deps.now().toISOString() }, scope(staff));
    if (!done) {
      const { groups, all } = await page(staff);
      return html(reply.code(404), unansweredPage(staff, headerFor(deps, staff), groups, all, { kind: 'error', text: 'Không có câu hỏi này trong danh sách chờ của đơn vị bạn (có thể đã được xử lý).' }));
    }
    return reply.redirect('/staff/unanswered?ok=dismissed', 303);
  });
}
