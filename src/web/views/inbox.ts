// The inbox: every feedback, the nearest deadline first (or newest first), marked due soon
// or overdue, with filters (status, field, channel, quarter, "Của tôi"), a search and pages. The list shows no personal data; the detail page does.
import { CHANNELS, type Channel } from '../../address/address.ts';
import { FEEDBACK_KINDS, FEEDBACK_STATUSES, type FeedbackPage, type FeedbackStatus } from '../../feedback/record.ts';
import { CHANNEL_LABELS, UNCATEGORISED_LABEL } from '../../feedback/report.ts';
import { CATEGORIES, type Category } from '../../knowledge/schema.ts';
import { vietnameseDateTime } from '../../time/vietnam-calendar.ts';
import type { Staff } from '../staff/auth.ts';
import { html, type SafeHtml } from '../html.ts';
import { csrfField, staffPage, type Flash } from './staff-layout.ts';
import type { DeadlineState } from '../../feedback/deadlines.ts';
import { deadlineBadge } from './casework.ts';
import { vietnameseDate } from '../../time/vietnam-calendar.ts';

export interface InboxFilters {
  status?: FeedbackStatus;
  category?: Category;
  channel?: Channel;
  /** "2026-Q4" */
  quarter?: string;
  text?: string;
  /** A unit picked by province-level staff. */
  unit?: string;
  /** "Của tôi": only the records assigned to the staff member. */
  mine?: boolean;
  /** Newest first instead of the nearest deadline first. */
  newest?: boolean;
  page: number;
}

/** Where each listed record stands against its deadline. */
export type StateOf = (r: FeedbackPage['records'][number]) => DeadlineState;

export const PAGE_SIZE = 50;

const PREVIEW = 90;
const preview = (text: string) => (text.length > PREVIEW ? `${text.slice(0, PREVIEW - 1).trimEnd()}…` : text);

function select<K extends string>(name: string, label: string, options: Record<K, string>, value: K | undefined): SafeHtml {
  return html`<label>${label}
    <select name="${name}">
      <option value="">Tất cả</option>
      ${(Object.keys(options) as K[]).map((k) => html`<option value="${k}"${k === value ? html` selected` : ''}>${options[k]}</option>`)}
    </select></label>`;
}

/** Hidden copies of the filters, so a search or a page change keeps them. */
function keep(f: InboxFilters): SafeHtml {
  return html`${(['status', 'category', 'channel', 'quarter', 'unit'] as const).map((k) => (f[k] ? html`<input type="hidden" name="${k}" value="${f[k]}">` : ''))}${f.mine ? html`<input type="hidden" name="mine" value="1">` : ''}${f.newest ? html`<input type="hidden" name="order" value="newest">` : ''}`;
}

/** `units`: id → name, offered as a filter to province-level staff (empty otherwise). */
/** `stateOf`: each record's deadline state; `toReview`: how many knowledge warnings wait on "Cần rà soát", counted on the header. */
export function inboxPage(staff: Staff, unit: string, f: InboxFilters, result: FeedbackPage, quarters: string[], units: Record<string, string>, flash?: Flash, stateOf: StateOf = () => 'none', toReview = 0): string {
  const several = Object.keys(units).length > 0;
  const categories = Object.fromEntries(Object.entries(CATEGORIES).filter(([k]) => k !== 'smalltalk')) as Record<Category, string>;
  const lastPage = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
  const pageLink = (n: number, label: string) =>
    f.text
      ? html`<form method="post" action="/staff/search" class="inline">${csrfField(staff)}${keep(f)}<input type="hidden" name="q" value="${f.text}"><input type="hidden" name="page" value="${n}"><button type="submit">${label}</button></form>`
      : html`<a href="/staff?${new URLSearchParams({
          ...Object.fromEntries((['status', 'category', 'channel', 'quarter', 'unit'] as const).flatMap((k) => (f[k] ? [[k, f[k]!]] : []))),
          ...(f.mine ? { mine: '1' } : {}),
          ...(f.newest ? { order: 'newest' } : {}),
          page: String(n),
        }).toString()}">${label}</a>`;
  const body = html`${toReview ? html`<p class="review-notice"><a href="/staff/review" data-testid="review-count">⚠️ ${toReview} mục kiến thức cần rà soát</a></p>` : ''}
<form method="get" action="/staff" class="filters" aria-label="Lọc">
  ${select('status', 'Trạng thái', FEEDBACK_STATUSES, f.status)}
  ${select('category', 'Lĩnh vực', categories, f.category)}
  ${select('channel', 'Kênh', Object.fromEntries(CHANNELS.map((c) => [c, CHANNEL_LABELS[c]])) as Record<Channel, string>, f.channel)}
  ${select('quarter', 'Quý', Object.fromEntries(quarters.map((q) => [q, q.replace('-Q', ' – quý ')])), f.quarter)}
  ${several ? select('unit', 'Phường, xã', units, f.unit) : ''}
  <label>Sắp xếp
    <select name="order" data-testid="inbox-order">
      <option value="">Hạn xử lý gần nhất</option>
      <option value="newest"${f.newest ? html` selected` : ''}>Mới nhất</option>
    </select></label>
  <label class="check"><input type="checkbox" name="mine" value="1" data-testid="filter-mine"${f.mine ? html` checked` : ''}> Của tôi</label>
  <button type="submit">Lọc</button>
</form>
<form method="post" action="/staff/search" class="search" role="search">
  ${csrfField(staff)}${keep(f)}
  <label for="q">Tìm (mã, nội dung, tên, số điện thoại)</label>
  <input id="q" name="q" type="search" value="${f.text ?? ''}" maxlength="200">
  <button type="submit">Tìm</button>
</form>
<p>${result.total} phản ánh, kiến nghị${f.text ? html` khớp “${f.text}”` : ''}.</p>
<table class="inbox">
  <caption class="visually-hidden">Danh sách phản ánh, kiến nghị</caption>
  <thead><tr><th scope="col">Mã</th><th scope="col">Tiếp nhận</th><th scope="col">Hạn xử lý</th><th scope="col">Loại</th><th scope="col">Lĩnh vực</th><th scope="col">Kênh</th>${several ? html`<th scope="col">Phường, xã</th>` : ''}<th scope="col">Trạng thái</th><th scope="col">Nội dung</th></tr></thead>
  <tbody>
  ${result.records.map(
    (r) => html`<tr data-testid="inbox-row" data-code="${r.code}" class="status-${r.status}">
    <td><a href="/staff/feedback/${r.code}">${r.code}</a></td>
    <td>${vietnameseDateTime(r.createdAt)}</td>
    <td data-testid="inbox-deadline">${r.due ? vietnameseDate(r.due) : '—'} ${deadlineBadge(stateOf(r))}</td>
    <td>${FEEDBACK_KINDS[r.kind]}</td>
    <td>${r.category ? CATEGORIES[r.category] : UNCATEGORISED_LABEL}</td>
    <td>${CHANNEL_LABELS[r.from.channel]}</td>
    ${several ? html`<td>${r.unit ? (units[r.unit] ?? r.unit) : ''}</td>` : ''}
    <td>${FEEDBACK_STATUSES[r.status]}</td>
    <td>${preview(r.content)}</td>
  </tr>`,
  )}
  </tbody>
</table>
<nav class="pages" aria-label="Trang">
  ${f.page > 1 ? pageLink(f.page - 1, '← Trang trước') : ''}
  <span>Trang ${f.page}/${lastPage}</span>
  ${f.page < lastPage ? pageLink(f.page + 1, 'Trang sau →') : ''}
</nav>`;
  return staffPage(staff, unit, 'inbox', 'Phản ánh, kiến nghị', body, { flash });
}
