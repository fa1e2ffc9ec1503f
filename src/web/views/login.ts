import { html } from '../html.ts';
import { page } from './layout.ts';

export function loginPage(unit: string, token: string, error?: string): string {
  return page({
    title: `Đăng nhập – ${unit}`,
    styles: ['/assets/base.css', '/assets/staff.css'],
    bodyClass: 'staff login',
    body: html`<main class="login-box">
  <h1>Trang làm việc của cán bộ</h1>
  <p>${unit}</p>
  ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
  <form method="post" action="/staff/login">
    <input type="hidden" name="_csrf" value="${token}">
    <label for="username">Tên đăng nhập</label>
    <input id="username" name="username" type="text" autocomplete="username" required autofocus data-testid="login-username">
    <label for="password">Mật khẩu</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required data-testid="login-password">
    <button type="submit" data-testid="login-submit">Đăng nhập</button>
  </form>
  <p class="hint">Chưa có tài khoản? Người quản trị tạo bằng lệnh <code>npm run -s cli -- staff add TÊN</code>.</p>
</main>`,
  });
}
