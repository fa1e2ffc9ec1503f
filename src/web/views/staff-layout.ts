// The frame of every staff page: the unit's name, the navigation, who is logged in and a
// logout button, and a message line for what just happened.
import type { Staff } from '../staff/auth.ts';
import { html, type SafeHtml } from '../html.ts';
import { page } from './layout.ts';

export type StaffSection = 'inbox' | 'unanswered' | 'review' | 'report' | 'accounts' | 'announcements' | 'poster';

const LINKS: { section: StaffSection; href: string; label: string; admin?: boolean }[] = [
  { section: 'inbox', href: '/staff', label: 'Phản ánh, kiến nghị' },
  { section: 'unanswered', href: '/staff/unanswered', label: 'Câu hỏi chưa trả lời' },
  { section: 'review', href: '/staff/review', label: 'Cần rà soát' },
  { section: 'report', href: '/staff/report', label: 'Báo cáo quý' },
  { section: 'announcements', href: '/staff/announcements', label: 'Tin tuyên truyền' },
  { section: 'poster', href: '/staff/poster', label: 'Áp phích' },
  { section: 'accounts', href: '/staff/accounts', label: 'Tài khoản', admin: true },
];

export interface Flash {
  kind: 'ok' | 'error';
  text: string;
}

export function staffPage(staff: Staff, unit: string, section: StaffSection, title: string, body: SafeHtml, options: { flash?: Flash; scripts?: string[]; styles?: string[] } = {}): string {
  return page({
    title: `${title} – ${unit}`,
    styles: ['/assets/base.css', '/assets/staff.css', ...(options.styles ?? [])],
    scripts: options.scripts,
    bodyClass: 'staff',
    body: html`<header class="staff-header">
  <p class="unit">${unit}</p>
  <nav aria-label="Trang làm việc">
    <ul>${LINKS.filter((l) => !l.admin || staff.account.role === 'admin').map(
      (l) => html`<li><a href="${l.href}"${l.section === section ? html` aria-current="page"` : ''}>${l.label}</a></li>`,
    )}</ul>
  </nav>
  <form method="post" action="/staff/logout" class="logout">
    <input type="hidden" name="_csrf" value="${staff.csrf}">
    <span>${staff.account.username} (${staff.account.role === 'admin' ? 'quản trị' : 'cán bộ'})</span>
    <button type="submit">Đăng xuất</button>
  </form>
</header>
<main class="staff-main">
  <h1>${title}</h1>
  ${options.flash ? html`<p class="${options.flash.kind}" role="status">${options.flash.text}</p>` : ''}
  ${body}
</main>`,
  });
}

export const csrfField = (staff: Staff) => html`<input type="hidden" name="_csrf" value="${staff.csrf}">`;
