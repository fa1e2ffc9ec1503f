// Staff accounts, for administrators: who may log in, with which role; add, reset a
// password, remove. Passwords are never shown.
import type { StaffAccount } from '../../staff/accounts.ts';
import { vietnameseDateTime } from '../../time/vietnam-calendar.ts';
import type { Staff } from '../staff/auth.ts';
import { html } from '../html.ts';
import { csrfField, staffPage, type Flash } from './staff-layout.ts';

/** `units`: id → name, offered to a province-level administrator (empty otherwise). */
export function accountsPage(staff: Staff, unit: string, accounts: StaffAccount[], flash?: Flash, units: Record<string, string> = {}): string {
  const now = Date.now();
  const several = Object.keys(units).length > 0;
  const body = html`<table class="accounts">
  <thead><tr><th scope="col">Tên đăng nhập</th><th scope="col">Vai trò</th>${several ? html`<th scope="col">Phường, xã</th>` : ''}<th scope="col">Tạo lúc</th><th scope="col">Tình trạng</th><th scope="col">Việc</th></tr></thead>
  <tbody>${accounts.map(
    (a) => html`<tr>
    <td>${a.username}</td><td>${a.role === 'admin' ? 'Quản trị' : 'Cán bộ'}</td>${several ? html`<td>${a.unit ? (units[a.unit] ?? a.unit) : 'Toàn tỉnh'}</td>` : ''}<td>${vietnameseDateTime(a.createdAt)}</td>
    <td>${a.lockedUntil && Date.parse(a.lockedUntil) > now ? `Khóa đến ${vietnameseDateTime(a.lockedUntil)}` : 'Bình thường'}</td>
    <td>
      <form method="post" action="/staff/accounts/password" class="inline">${csrfField(staff)}<input type="hidden" name="username" value="${a.username}">
        <label class="visually-hidden" for="pw-${a.username}">Mật khẩu mới cho ${a.username}</label>
        <input id="pw-${a.username}" name="password" type="password" minlength="10" placeholder="Mật khẩu mới" autocomplete="new-password" required>
        <button type="submit">Đặt lại</button></form>
      ${a.username === staff.account.username ? '' : html`<form method="post" action="/staff/accounts/remove" class="inline">${csrfField(staff)}<input type="hidden" name="username" value="${a.username}"><button type="submit" class="secondary">Xóa</button></form>`}
    </td>
  </tr>`,
  )}</tbody>
</table>
<h2>Thêm tài khoản</h2>
<form method="post" action="/staff/accounts/add" class="account-form">
  ${csrfField(staff)}
  <label for="new-username">Tên đăng nhập${staff.account.unit ? html` (thành tên@${staff.account.unit})` : ''}</label><input id="new-username" name="username" required pattern="[a-z0-9][a-z0-9._\-]{1,39}(@[a-z0-9\-]+)?">
  <label for="new-password">Mật khẩu (ít nhất 10 ký tự)</label><input id="new-password" name="password" type="password" minlength="10" autocomplete="new-password" required>
  <label for="new-role">Vai trò</label><select id="new-role" name="role"><option value="staff">Cán bộ</option><option value="admin">Quản trị</option></select>
  ${several ? html`<label for="new-unit">Phường, xã</label><select id="new-unit" name="unit"><option value="">Toàn tỉnh</option>${Object.entries(units).map(([id, name]) => html`<option value="${id}">${name}</option>`)}</select>` : ''}
  <button type="submit">Thêm</button>
</form>`;
  return staffPage(staff, unit, 'accounts', 'Tài khoản cán bộ', body, { flash });
}
