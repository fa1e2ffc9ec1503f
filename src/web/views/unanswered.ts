// Questions the bot could not answer, grouped, with the entries the bot thought of: staff
// add a question to an entry's sample questions (the knowledge base learns) or dismiss it.
import type { QuestionGroup } from '../../feedback/unanswered-groups.ts';
import { vietnameseDateTime } from '../../time/vietnam-calendar.ts';
import type { Staff } from '../staff/auth.ts';
import { html } from '../html.ts';
import { csrfField, staffPage, type Flash } from './staff-layout.ts';

export interface GroupView extends QuestionGroup {
  /** The entries to offer, best first: what the engine finds now, then what it offered then. */
  choices: { id: string; title: string }[];
  /** The entry chosen in advance: only one the engine would answer the question with now; none otherwise. */
  suggested?: string;
}

export function unansweredPage(staff: Staff, unit: string, groups: GroupView[], allEntries: { id: string; title: string }[], flash?: Flash): string {
  const admin = staff.account.role === 'admin';
  const body = html`<p>Các câu hỏi bot chưa trả lời được (hoặc người dân thấy chưa hữu ích), gộp những câu giống nhau. Thêm câu hỏi vào một mục kiến thức để lần sau bot trả lời được${admin ? '' : ' (chỉ quản trị viên thêm được vào kho kiến thức)'}, hoặc bỏ qua.</p>
<datalist id="entry-ids">${allEntries.map((e) => html`<option value="${e.id}">${e.title}</option>`)}</datalist>
${groups.length ? '' : html`<p class="ok">Không còn câu hỏi nào chờ xử lý.</p>`}
<ol class="questions">
${groups.map(
  (g, i) => html`<li data-testid="unanswered-row" class="question">
  <p class="asked"><strong>${g.text}</strong></p>
  <p class="meta">${g.count} lượt hỏi · gần nhất ${vietnameseDateTime(g.lastAt)}</p>
  <div class="actions">
    <form method="post" action="/staff/unanswered/add">
      ${csrfField(staff)}
      <input type="hidden" name="ids" value="${g.ids.join(',')}">
      <input type="hidden" name="question" value="${g.text}">
      <label for="entry-${i}">Thêm làm câu hỏi mẫu của mục</label>
      <select id="entry-${i}" name="entryId" data-testid="unanswered-entry"${admin ? '' : html` disabled`}>
        <option value=""${g.suggested ? '' : html` selected`}>Chọn mục…</option>
        ${g.choices.map((c) => html`<option value="${c.id}"${c.id === g.suggested ? html` selected` : ''}>${c.title} (${c.id})</option>`)}
        <option value="">Mục khác (gõ id bên cạnh)…</option>
      </select>
      <input name="otherEntryId" list="entry-ids" placeholder="id mục khác" aria-label="id mục khác"${admin ? '' : html` disabled`}>
      <button type="submit"${admin ? '' : html` disabled`}>Thêm vào kiến thức</button>
    </form>
    <form method="post" action="/staff/unanswered/dismiss">
      ${csrfField(staff)}
      <input type="hidden" name="ids" value="${g.ids.join(',')}">
      <button type="submit" class="secondary">Bỏ qua</button>
    </form>
  </div>
</li>`,
)}
</ol>`;
  return staffPage(staff, unit, 'unanswered', 'Câu hỏi chưa trả lời', body, { flash });
}
