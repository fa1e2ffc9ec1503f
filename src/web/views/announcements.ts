// The announcements page: write one (title, text, an optional link; for the ward, or for
// everyone for province staff; now, at a time, or kept as a draft), see it as a phone will
// show it, and follow those sent: recipients, delivered, failed, unsubscribed since.
import { ANNOUNCEMENT_STATUSES, countsOf, MAX_LINK_CHARS, MAX_TEXT_CHARS, MAX_TITLE_CHARS, type Announcement } from '../../announcements/announcement.ts';
import { vietnameseDateTime } from '../../time/vietnam-calendar.ts';
import type { Staff } from '../staff/auth.ts';
import { html, type SafeHtml } from '../html.ts';
import { csrfField, staffPage, type Flash } from './staff-layout.ts';

/** What the form holds (as typed), for the form and the preview. */
export interface AnnouncementForm {
  title: string;
  text: string;
  link: string;
  unit: string;
  when: 'now' | 'at';
  at: string;
}

export const emptyForm = (): AnnouncementForm => ({ title: '', text: '', link: '', unit: '', when: 'now', at: '' });

export interface ListedAnnouncement {
  announcement: Announcement;
  /** Unsubscribes in its audience since it started going out. */
  unsubscribedSince: number;
}

export interface AnnouncementsView {
  staff: Staff;
  header: string;
  form: AnnouncementForm;
  /** The draft being edited, if any. */
  editing?: string;
  /** Ward id → name, offered to province staff (empty for a ward's staff). */
  units: Record<string, string>;
  /** The ward's name (or the deployment's), for the preview. */
  from: string;
  subscribers: number;
  list: ListedAnnouncement[];
  flash?: Flash;
}

/** The message as a phone shows it: the title set off, the text, the link, the button to leave. */
export function phonePreview(form: Pick<AnnouncementForm, 'title' | 'text' | 'link'>, from: string): SafeHtml {
  return html`<figure class="phone" data-testid="announcement-preview" aria-label="Xem trước trên điện thoại">
  <div class="phone-screen">
    <p class="phone-from">${from}</p>
    <div class="phone-bubble">
      <p class="phone-title" data-preview="title">${form.title || 'Tiêu đề tin'}</p>
      <p class="phone-text" data-preview="text">${form.text || 'Nội dung tin sẽ hiện ở đây.'}</p>
      <p class="phone-link" data-preview="link"${form.link ? '' : html` hidden`}>${form.link}</p>
      <span class="phone-button">Hủy nhận tin</span>
    </div>
  </div>
  <figcaption>Người dân thấy tin như thế này (Telegram; trên Zalo, "Hủy nhận tin" là lựa chọn số 1).</figcaption>
</figure>`;
}

function scopeOf(a: Announcement, units: Record<string, string>): string {
  return a.unit ? (units[a.unit] ?? a.unit) : 'Tất cả người đăng ký';
}

function row({ announcement: a, unsubscribedSince }: ListedAnnouncement, units: Record<string, string>, staff: Staff): SafeHtml {
  const c = countsOf(a);
  const started = 'startedAt' in a;
  const editable = a.status === 'draft' && (!staff.account.unit || a.unit === staff.account.unit);
  const when = a.status === 'draft' ? `tạo ${vietnameseDateTime(a.createdAt)}` : vietnameseDateTime(a.sendAt);
  return html`<tr data-testid="announcement-row" data-id="${a.id}" data-status="${a.status}">
    <td>${editable ? html`<a href="/staff/announcements/${a.id}">${a.title}</a>` : a.title}${a.origin === 'catalog-import' ? html` <small>(soạn sẵn sau khi nhập danh mục)</small>` : ''}</td>
    <td>${scopeOf(a, units)}</td>
    <td>${ANNOUNCEMENT_STATUSES[a.status]}</td>
    <td>${when}</td>
    <td data-testid="count-recipients">${started ? c.recipients : '—'}</td>
    <td data-testid="count-delivered">${started ? c.delivered : '—'}</td>
    <td data-testid="count-failed">${started ? c.failed + c.blocked : '—'}</td>
    <td data-testid="count-unsubscribed">${started ? unsubscribedSince : '—'}</td>
  </tr>`;
}

export function announcementsPage(v: AnnouncementsView): string {
  const { form, staff } = v;
  const several = Object.keys(v.units).length > 0;
  const action = v.editing ? `/staff/announcements/${v.editing}` : '/staff/announcements';
  const body = html`<div class="announce">
<form method="post" action="${action}" class="announce-form" data-testid="announcement-form">
  ${csrfField(staff)}
  <label for="ann-title">Tiêu đề</label>
  <input id="ann-title" name="title" required maxlength="${MAX_TITLE_CHARS}" value="${form.title}" data-testid="announcement-title">
  <label for="ann-text">Nội dung (tối đa ${MAX_TEXT_CHARS} ký tự)</label>
  <textarea id="ann-text" name="text" required maxlength="${MAX_TEXT_CHARS}" rows="8" data-testid="announcement-text">${form.text}</textarea>
  <p class="hint"><span id="ann-count">${form.text.length}</span>/${MAX_TEXT_CHARS} ký tự</p>
  <label for="ann-link">Liên kết (không bắt buộc)</label>
  <input id="ann-link" name="link" type="url" maxlength="${MAX_LINK_CHARS}" placeholder="https://…" value="${form.link}" data-testid="announcement-link">
  ${
    several
      ? html`<label for="ann-unit">Gửi tới</label><select id="ann-unit" name="unit" data-testid="announcement-unit"><option value="">Tất cả người đăng ký (toàn tỉnh)</option>${Object.entries(v.units).map(([id, name]) => html`<option value="${id}"${id === form.unit ? html` selected` : ''}>Người đăng ký của ${name}</option>`)}</select>`
      : html`<p class="hint">Gửi tới người đăng ký nhận tin của ${v.from}.</p>`
  }
  <fieldset class="when">
    <legend>Thời điểm gửi</legend>
    <label><input type="radio" name="when" value="now"${form.when === 'now' ? html` checked` : ''}> Gửi ngay</label>
    <label><input type="radio" name="when" value="at"${form.when === 'at' ? html` checked` : ''} data-testid="announcement-when-at"> Hẹn giờ (giờ Việt Nam):</label>
    <input type="datetime-local" name="at" value="${form.at}" aria-label="Thời điểm gửi" data-testid="announcement-at">
  </fieldset>
  <p class="hint">Hiện có <strong data-testid="subscriber-count">${v.subscribers}</strong> người đăng ký nhận tin${several ? ' (toàn tỉnh)' : ''}. Mỗi tin kèm nút "Hủy nhận tin".</p>
  <div class="buttons">
    <button type="submit" name="action" value="send" data-testid="announcement-send">Gửi</button>
    <button type="submit" name="action" value="draft" class="secondary" data-testid="announcement-draft">Lưu nháp</button>
    <button type="submit" name="action" value="preview" class="secondary" formnovalidate>Xem trước</button>
  </div>
</form>
${phonePreview(form, v.from)}
</div>
<h2>Tin đã soạn, đã gửi</h2>
${
  v.list.length
    ? html`<table class="announcements"><thead><tr><th scope="col">Tiêu đề</th><th scope="col">Gửi tới</th><th scope="col">Trạng thái</th><th scope="col">Thời điểm</th><th scope="col">Người nhận</th><th scope="col">Đã nhận</th><th scope="col">Không gửi được</th><th scope="col">Hủy đăng ký từ đó</th></tr></thead>
<tbody>${v.list.map((l) => row(l, v.units, staff))}</tbody></table>`
    : html`<p>Chưa có tin nào.</p>`
}`;
  return staffPage(staff, v.header, 'announcements', v.editing ? 'Sửa bản nháp tin' : 'Tin tuyên truyền', body, { flash: v.flash, scripts: ['/assets/announce.js'] });
}
