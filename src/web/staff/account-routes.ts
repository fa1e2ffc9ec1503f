// Accounts, for administrators only: the same operations as `cli staff`.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { nameInUnit, ROLES, type Role } from '../../staff/accounts.ts';
import { forbid } from '../security.ts';
import { accountsPage } from '../views/accounts.ts';
import type { Staff } from './auth.ts';
import { field, flashOf, headerFor, html, staffOrLogin, unitScope, type StaffDeps } from './deps.ts';
import { unitChoices } from './inbox-routes.ts';

export function accountRoutes(app: FastifyInstance, deps: StaffDeps): void {
  // A unit's administrator manages the accounts of that unit only.
  const visible = async (staff: Staff) => (await deps.accounts.list()).filter((a) => !staff.account.unit || a.unit === staff.account.unit);
  const show = async (staff: Staff, reply: FastifyReply, flash?: Parameters<typeof accountsPage>[3], code = 200) =>
    html(reply.code(code), accountsPage(staff, headerFor(deps, staff), await visible(staff), flash, unitChoices(deps, staff)));

  app.get<{ Querystring: { ok?: string } }>('/staff/accounts', async (request, reply) => {
    const staff = await staffOrLogin(deps, request, reply);
    if (!staff) return reply;
    if (staff.account.role !== 'admin') return forbid(reply, 'chỉ quản trị viên quản lý tài khoản');
    return show(staff, reply, flashOf(request.query.ok));
  });

  const change = (action: 'add' | 'password' | 'remove') =>
    app.post(`/staff/accounts/${action}`, async (request, reply) => {
      const staff = await deps.auth.requireForChange(request, reply, field(request.body, '_csrf'));
      if (!staff) return reply;
      if (staff.account.role !== 'admin') return forbid(reply, 'chỉ quản trị viên quản lý tài khoản');
      let username = (field(request.body, 'username') ?? '').trim().toLowerCase();
      try {
        if (action === 'add') {
          const role = field(request.body, 'role');
          const unit = unitScope(deps, staff, field(request.body, 'unit'));
          // A unit's administrator names accounts within the unit (see nameInUnit): no answer here tells of another unit's.
          if (staff.account.unit) username = nameInUnit(username, staff.account.unit);
          await deps.accounts.add(username, field(request.body, 'password') ?? '', (ROLES as readonly string[]).includes(role ?? '') ? (role as Role) : 'staff', unit);
        } else if (staff.account.unit && !(await visible(staff)).some((a) => a.username === username || a.username === `${username}@${staff.account.unit}`))
          throw new Error(`Không có tài khoản "${username}" trong đơn vị của bạn.`);
        else {
          if (staff.account.unit && !(await visible(staff)).some((a) => a.username === username)) username = `${username}@${staff.account.unit}`;
          if (action === 'password') await deps.accounts.setPassword(username, field(request.body, 'password') ?? '');
          else if (username === staff.account.username) throw new Error('Không tự xóa tài khoản của mình.');
          else await deps.accounts.remove(username);
        }
      } catch (err) {
        return show(staff, reply, { kind: 'error', text: (err as Error).message }, 400);
      }
      deps.log.info(`Trang cán bộ: ${staff.account.username} ${action === 'add' ? 'tạo' : action === 'password' ? 'đặt lại mật khẩu' : 'xóa'} tài khoản ${username}.`);
      return reply.redirect('/staff/accounts?ok=account', 303);
    });
  change('add');
  change('password');
  change('remove');
}
