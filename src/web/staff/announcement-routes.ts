// The announcements page: write, preview, keep as a draft, send now or at a time; and the
// list with each broadcast's counts. The rules are the actions' (announcements/actions.ts),
// shared with the CLI. A ward's staff write for their ward only; province staff for one
// ward or everyone.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AnnouncementInputError, type AnnouncementInput } from '../../announcements/actions.ts';
import type { Announcement } from '../../announcements/announcement.ts';
import { announcementsPage, emptyForm, type AnnouncementForm, type ListedAnnouncement } from '../views/announcements.ts';
import type { Flash } from '../views/staff-layout.ts';
import type { Staff } from './auth.ts';
import { field, flashOf, headerFor, html, staffOrLogin, unitScope, type StaffDeps } from './deps.ts';
import { unitChoices } from './inbox-routes.ts';

const LISTED = 50;

function formOf(body: unknown): AnnouncementForm {
  return {
    title: field(body, 'title') ?? '',
    text: field(body, 'text') ?? '',
    link: field(body, 'link') ?? '',
    unit: field(body, 'unit') ?? '',
    when: field(body, 'when') === 'at' ? 'at' : 'now',
    at: field(body, 'at') ?? '',
  };
}

const formFrom = (a: Announcement): AnnouncementForm => ({ title: a.title, text: a.text, link: a.link ?? '', unit: a.unit ?? '', when: 'now', at: '' });

/** "2026-01-05T07:30" from a datetime-local field, read as Vietnam's time (UTC+7, no summer time). */
function vietnamTime(local: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local)) throw new AnnouncementInputError('Chọn ngày giờ gửi.');
  return new Date(`${local}:00+07:00`);
}

export function announcementRoutes(app: FastifyInstance, deps: StaffDeps): void {
  const ann = deps.announcements;
  if (!ann) return;

  const list = async (staff: Staff): Promise<ListedAnnouncement[]> => {
    const scope = staff.account.unit;
    const items = await ann.store.list({ ...(scope ? { unit: scope } : {}), limit: LISTED });
    const since = items.flatMap((a) => ('startedAt' in a ? [a.startedAt] : [])).sort()[0];
    const events = since ? await ann.store.subscriptionEvents({ from: since, to: new Date(deps.now().getTime() + 1).toISOString() }) : [];
    return items.map((a) => ({
      announcement: a,
      unsubscribedSince: 'startedAt' in a ? events.filter((e) => e.kind === 'unsubscribed' && e.at >= a.startedAt && (!a.unit || e.unit === a.unit)).length : 0,
    }));
  };

  const show = async (reply: FastifyReply, staff: Staff, form: AnnouncementForm, options: { editing?: string; flash?: Flash; code?: number } = {}) => {
    const units = unitChoices(deps, staff);
    const picked = unitScope(deps, staff, form.unit);
    return html(
      reply.code(options.code ?? 200),
      announcementsPage({
        staff,
        header: headerFor(deps, staff),
        form,
        units,
        from: deps.knowledge().units.settingsOf(picked).unit.committee,
        subscribers: await ann.store.countSubscribers({ ...(staff.account.unit ? { unit: staff.account.unit } : {}) }),
        list: await list(staff),
        ...(options.editing ? { editing: options.editing } : {}),
        ...(options.flash ? { flash: options.flash } : {}),
      }),
    );
  };

  /** What the form asks for, as the actions take it; the ward is the staff member's own unless they cover the province. */
  const inputOf = (staff: Staff, form: AnnouncementForm, action: string): AnnouncementInput => {
    const unit = staff.account.unit ?? (form.unit ? unitScope(deps, staff, form.unit) : undefined);
    if (!staff.account.unit && form.unit && !unit) throw new AnnouncementInputError(`Không có phường, xã mã "${form.unit}".`);
    return {
      title: form.title,
      text: form.text,
      ...(form.link.trim() ? { link: form.link } : {}),
      ...(unit ? { unit } : {}),
      ...(action === 'send' && form.when === 'at' ? { sendAt: vietnamTime(form.at) } : {}),
      draft: action === 'draft',
      by: `web:${staff.account.username}`,
    };
  };

  app.get<{ Querystring: { ok?: string } }>('/staff/announcements', async (request, reply) => {
    const staff = await staffOrLogin(deps, request, reply);
    if (!staff) return reply;
    return show(reply, staff, emptyForm(), { flash: flashOf(request.query.ok) });
  });

  app.get<{ Params: { id: string } }>('/staff/announcements/:id', async (request, reply) => {
    const staff = await staffOrLogin(deps, request, reply);
    if (!staff) return reply;
    const a = await ann.actions.visible(request.params.id, { ...(staff.account.unit ? { unit: staff.account.unit } : {}) });
    if (!a || a.status !== 'draft') return show(reply, staff, emptyForm(), { code: 404, flash: { kind: 'error', text: 'Không có bản nháp này (có thể đã được gửi).' } });
    return show(reply, staff, formFrom(a), { editing: a.id });
  });

  const submit = async (request: FastifyRequest<{ Params: { id?: string } }>, reply: FastifyReply) => {
    const staff = await deps.auth.requireForChange(request, reply, field(request.body, '_csrf'));
    if (!staff) return reply;
    const form = formOf(request.body);
    const action = field(request.body, 'action') ?? 'send';
    const editing = request.params.id;
    if (action === 'preview') return show(reply, staff, form, { ...(editing ? { editing } : {}) });
    try {
      const input = inputOf(staff, form, action);
      const scope = { ...(staff.account.unit ? { unit: staff.account.unit } : {}) };
      const { announcement, recipients } = editing ? await ann.actions.editDraft(editing, input, scope) : await ann.actions.create(input);
      deps.log.info(`Trang cán bộ: ${staff.account.username} ${announcement.status === 'draft' ? 'lưu nháp' : 'gửi'} tin ${announcement.id} (${recipients} người đăng ký).`);
      const ok = announcement.status === 'draft' ? 'ann-draft' : announcement.status === 'scheduled' ? 'ann-scheduled' : 'ann-sent';
      return reply.redirect(`/staff/announcements?ok=${ok}`, 303);
    } catch (err) {
      if (!(err instanceof AnnouncementInputError)) throw err;
      return show(reply, staff, form, { code: 400, flash: { kind: 'error', text: err.message }, ...(editing ? { editing } : {}) });
    }
  };
  app.post('/staff/announcements', submit);
  app.post<{ Params: { id: string } }>('/staff/announcements/:id', submit);
}
