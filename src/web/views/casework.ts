// The casework parts of a record's page (staff only): its deadline and where it stands, the
// officer responsible and the form to assign it, the photos and the place the citizen sent,
// the citizen's rating, and the forms to correct the field and the kind.
import { mapLink } from '../../feedback/attachments.ts';
import { DEADLINE_LABELS, type DeadlineState } from '../../feedback/deadlines.ts';
import { FEEDBACK_KINDS, SATISFACTION_LEVELS, type FeedbackKind, type FeedbackRecord } from '../../feedback/record.ts';
import { CATEGORIES, type Category } from '../../knowledge/schema.ts';
import { vietnameseDate, vietnameseDateTime } from '../../time/vietnam-calendar.ts';
import type { Staff } from '../staff/auth.ts';
import { html, type SafeHtml } from '../html.ts';
import { csrfField } from './staff-layout.ts';

/** What the record page knows beyond the record: where its deadline stands, who may take it. */
export interface CaseworkView {
  state: DeadlineState;
  /** The stages of its deadline, for the staff reading it ("Thụ lý: 03/02/2027"). */
  stages: { name: string; end: string; limit: string }[];
  /** Note of the rule (extensions, what the law does not set). */
  ruleNote?: string;
  /** Officers of the record's ward (username → shown name). */
  officers: string[];
}

/** "Quá hạn", "Sắp đến hạn"… as a badge the inbox and the page share. */
export const deadlineBadge = (state: DeadlineState): SafeHtml =>
  state === 'none' ? html`` : html`<span class="deadline deadline-${state}" data-testid="deadline-state">${DEADLINE_LABELS[state]}</span>`;

export function deadlineRows(r: FeedbackRecord, view: CaseworkView): SafeHtml {
  return html`<dt>Hạn xử lý</dt><dd>${
    r.due
      ? html`<time data-testid="feedback-deadline" datetime="${r.due}">${vietnameseDate(r.due)}</time> ${deadlineBadge(view.state)}${
          view.stages.length > 1 ? html`<br><small>${view.stages.map((s) => `${s.name}: ${vietnameseDate(s.end)} (${s.limit})`).join(' · ')}</small>` : ''
        }${view.ruleNote ? html`<br><small class="hint">${view.ruleNote}</small>` : ''}`
      : html`<span data-testid="feedback-deadline">—</span> <small class="hint">(không có quy định thời hạn cho loại này)</small>`
  }</dd>
  <dt>Cán bộ xử lý</dt><dd data-testid="assignee">${r.assignee ?? 'Chưa giao'}</dd>`;
}

export function attachmentRows(r: FeedbackRecord): SafeHtml {
  const photos = r.attachments ?? [];
  const place = r.location && mapLink(r.location);
  return html`${
    photos.length
      ? html`<dt>Ảnh</dt><dd class="photos">${photos.map(
          (a, i) => html`<a href="/staff/feedback/${r.code}/attachments/${a.id}" target="_blank" rel="noopener"><img data-testid="feedback-attachment" src="/staff/feedback/${r.code}/attachments/${a.id}" width="${a.width}" height="${a.height}" alt="Ảnh ${i + 1} người dân gửi" loading="lazy"></a>`,
        )}</dd>`
      : ''
  }${place ? html`<dt>Vị trí</dt><dd data-testid="feedback-location">${place.text} · <a href="${place.url}" target="_blank" rel="noopener noreferrer">Xem bản đồ</a></dd>` : ''}`;
}

export function satisfactionRows(r: FeedbackRecord): SafeHtml {
  const s = r.satisfaction;
  if (!r.answer) return html``;
  return html`<dt>Người dân đánh giá</dt><dd data-testid="satisfaction">${
    s
      ? html`${SATISFACTION_LEVELS[s.rating]} <small>(${vietnameseDateTime(s.changedAt ?? s.at)}${s.changedAt ? ', đã đổi' : ''})</small>${s.comment ? html`<br>“${s.comment}”` : ''}`
      : 'Chưa đánh giá'
  }</dd>`;
}

/** One history line: a status, or an assignment or correction in words. */
export function historyText(h: FeedbackRecord['history'][number], statusLabel: (s: string) => string): string {
  const who = h.by === 'nguoi-dan' ? 'người dân' : h.by;
  switch (h.action) {
    case 'assign':
      return h.value ? `${who} giao cho ${h.value}${h.previous ? ` (trước đó: ${h.previous})` : ''}` : `${who} bỏ giao${h.previous ? ` ${h.previous}` : ''}`;
    case 'category':
      return `${who} đổi lĩnh vực: ${h.previous ? (CATEGORIES[h.previous as Category] ?? h.previous) : 'chưa phân loại'} → ${CATEGORIES[h.value as Category] ?? h.value}`;
    case 'kind':
      return `${who} đổi loại: ${FEEDBACK_KINDS[h.previous as FeedbackKind] ?? h.previous} → ${FEEDBACK_KINDS[h.value as FeedbackKind] ?? h.value}`;
    default:
      return `${statusLabel(h.status)} · ${who}`;
  }
}

/** Assign to an officer of the ward (a native select), take it, and correct the field and kind. */
export function caseworkForms(staff: Staff, r: FeedbackRecord, view: CaseworkView): SafeHtml {
  const me = staff.account.username;
  const categories = (Object.keys(CATEGORIES) as Category[]).filter((c) => c !== 'smalltalk');
  return html`<h2>Giao xử lý</h2>
<form method="post" action="/staff/feedback/${r.code}/assign" class="status-form">
  ${csrfField(staff)}
  <label for="assignee-select">Cán bộ của phường, xã</label>
  <select id="assignee-select" name="assignee" data-testid="assign-select">
    ${view.officers.map((u) => html`<option value="${u}"${u === (r.assignee ?? me) ? html` selected` : ''}>${u}${u === me ? ' (tôi)' : ''}</option>`)}
    ${r.assignee ? html`<option value="">— Bỏ giao —</option>` : ''}
  </select>
  <button type="submit" data-testid="assign-submit">Giao</button>
</form>
${r.assignee !== me ? html`<form method="post" action="/staff/feedback/${r.code}/assign" class="inline">${csrfField(staff)}<input type="hidden" name="assignee" value="${me}"><button type="submit" class="secondary" data-testid="assign-take">Tôi nhận xử lý</button></form>` : ''}
<h2>Sửa phân loại</h2>
<form method="post" action="/staff/feedback/${r.code}/category" class="inline">
  ${csrfField(staff)}
  <label for="category-select">Lĩnh vực</label>
  <select id="category-select" name="category" data-testid="category-select">
    ${categories.map((c) => html`<option value="${c}"${c === r.category ? html` selected` : ''}>${CATEGORIES[c]}</option>`)}
  </select>
  <button type="submit" data-testid="category-submit">Đổi lĩnh vực</button>
</form>
<form method="post" action="/staff/feedback/${r.code}/kind" class="inline">
  ${csrfField(staff)}
  <label for="kind-select">Loại</label>
  <select id="kind-select" name="kind" data-testid="kind-select">
    ${(Object.keys(FEEDBACK_KINDS) as FeedbackKind[]).map((k) => html`<option value="${k}"${k === r.kind ? html` selected` : ''}>${FEEDBACK_KINDS[k]}</option>`)}
  </select>
  <button type="submit" data-testid="kind-submit">Đổi loại (tính lại hạn)</button>
</form>`;
}
