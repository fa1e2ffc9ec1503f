// One feedback in full, personal data included (staff only): the history of who did what
// and when, the answer form and the status form.
import { FEEDBACK_KINDS, FEEDBACK_STATUSES, NEXT_STATUSES, type FeedbackRecord, type FeedbackStatus } from '../../feedback/record.ts';
import { CHANNEL_LABELS, UNCATEGORISED_LABEL } from '../../feedback/report.ts';
import { CATEGORIES } from '../../knowledge/schema.ts';
import { vietnameseDateTime } from '../../time/vietnam-calendar.ts';
import type { Staff } from '../staff/auth.ts';
import { html } from '../html.ts';
import { csrfField, staffPage, type Flash } from './staff-layout.ts';
import { attachmentRows, caseworkForms, deadlineRows, historyText, satisfactionRows, type CaseworkView } from './casework.ts';

const statusLabel = (s: string) => FEEDBACK_STATUSES[s as FeedbackStatus] ?? s;

/** `unitName`: the ward or commune the feedback was sent to, in a deployment serving several. */
export function detailPage(staff: Staff, unit: string, r: FeedbackRecord, flash?: Flash, unitName?: string, casework?: CaseworkView): string {
  const view = casework ?? { state: 'none' as const, stages: [], officers: [] };
  const answerable = NEXT_STATUSES[r.status].includes('da-tra-loi');
  const next = NEXT_STATUSES[r.status].filter((s) => s !== 'da-tra-loi');
  const body = html`<p><a href="/staff">← Về danh sách</a></p>
<dl class="record">
  <dt>Mã</dt><dd>${r.code}</dd>
  <dt>Loại</dt><dd>${FEEDBACK_KINDS[r.kind]}</dd>
  <dt>Lĩnh vực</dt><dd>${r.category ? CATEGORIES[r.category] : UNCATEGORISED_LABEL}</dd>
  ${unitName ? html`<dt>Phường, xã</dt><dd>${unitName}</dd>` : ''}
  <dt>Trạng thái</dt><dd data-testid="status-current">${FEEDBACK_STATUSES[r.status]}</dd>
  <dt>Tiếp nhận</dt><dd>${vietnameseDateTime(r.createdAt)} qua ${CHANNEL_LABELS[r.from.channel]}</dd>
  ${deadlineRows(r, view)}
  <dt>Nội dung</dt><dd class="content">${r.content}</dd>
  ${attachmentRows(r)}
  <dt>Người gửi</dt><dd>${r.sender.name}</dd>
  <dt>Điện thoại</dt><dd>${r.sender.phone ?? '—'}</dd>
  <dt>Địa chỉ</dt><dd>${r.sender.address ?? '—'}</dd>
  <dt>Đồng ý xử lý dữ liệu lúc</dt><dd>${vietnameseDateTime(r.sender.consentAt)}</dd>
  ${r.candidates?.length ? html`<dt>Bot đã gợi ý</dt><dd>${r.candidates.map((c) => c.id).join(', ')}</dd>` : ''}
  ${satisfactionRows(r)}
</dl>
<h2>Lịch sử</h2>
<ol class="history">
  ${r.history.map((h) => html`<li><time>${vietnameseDateTime(h.at)}</time> · ${historyText(h, statusLabel)}${h.note ? html` · ${h.note}` : ''}</li>`)}
</ol>
<h2>Trả lời</h2>
${r.answer ? html`<blockquote class="answer">${r.answer.text}<footer>${r.answer.by}, ${vietnameseDateTime(r.answer.at)}</footer></blockquote>` : ''}
${
  answerable
    ? html`<form method="post" action="/staff/feedback/${r.code}/answer" class="answer-form">
  ${csrfField(staff)}
  <label for="answer">Câu trả lời chính thức (được gửi tới người dân qua ${CHANNEL_LABELS[r.from.channel]})</label>
  <textarea id="answer" name="answer" rows="6" required maxlength="4000" data-testid="answer-input"></textarea>
  <button type="submit" data-testid="answer-submit">Lưu và gửi trả lời</button>
</form>`
    : html`<p class="notice">Ở trạng thái “${FEEDBACK_STATUSES[r.status]}” chưa trả lời được; chuyển sang “Đang xử lý” trước.</p>`
}
<h2>Đổi trạng thái</h2>
<form method="post" action="/staff/feedback/${r.code}/status" class="status-form">
  ${csrfField(staff)}
  <label for="status">Trạng thái mới</label>
  <select id="status" name="status" data-testid="status-select">
    ${next.map((s) => html`<option value="${s}">${FEEDBACK_STATUSES[s]}</option>`)}
  </select>
  <label for="note">Ghi chú (người dân được báo kèm ghi chú này)</label>
  <input id="note" name="note" type="text" maxlength="500">
  <button type="submit" data-testid="status-submit">Đổi trạng thái</button>
</form>
${caseworkForms(staff, r, view)}`;
  return staffPage(staff, unit, 'inbox', `Phản ánh, kiến nghị ${r.code}`, body, { flash });
}
