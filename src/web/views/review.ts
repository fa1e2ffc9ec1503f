// "Cần rà soát": what in the knowledge needs a look before it is too late (a fee about to
// change, a decree replaced, an entry not reviewed for a year, a settings value left as a
// stand-in), grouped by kind, each with its file, entry and field. The same list as the
// warnings of `kb check`.
import type { Problem, ProblemKind } from '../../knowledge/problems.ts';
import type { Staff } from '../staff/auth.ts';
import { html } from '../html.ts';
import { staffPage } from './staff-layout.ts';

/** The kinds in the order they matter, with what staff should understand by them. */
const KINDS: Partial<Record<ProblemKind, string>> = {
  expired: 'Đã hết hiệu lực, chưa có nội dung thay thế',
  expiring: 'Sắp hết hiệu lực (trong 30 ngày)',
  'repealed-basis': 'Dẫn văn bản đã hết hiệu lực',
  'unknown-basis': 'Dẫn văn bản chưa có trong danh mục',
  'review-due': 'Quá 12 tháng chưa rà soát',
  placeholder: 'Thông tin của đơn vị còn để tạm',
};

/** The file as staff know it inside the knowledge folder ("land.json", "units/phuong-b-lao.json"), wherever the folder is. */
const fileName = (file: string) => /(units\/)?[^/]+$/.exec(file)![0];

const where = (p: Problem) => [fileName(p.file), p.entry && `mục ${p.entry}`, p.field && `trường ${p.field}`].filter(Boolean).join(' › ');

export function reviewPage(staff: Staff, unit: string, problems: readonly Problem[], today: string): string {
  const groups = (Object.keys(KINDS) as ProblemKind[]).map((kind) => ({ kind, label: KINDS[kind]!, items: problems.filter((p) => p.kind === kind) })).filter((g) => g.items.length);
  const body = html`<p>Những nội dung cần xem lại trước khi quá muộn, tính đến ngày ${today.split('-').reverse().join('/')}. Sửa trong các tệp thư mục <code>knowledge/</code>; bot nạp lại ngay khi tệp được lưu. Danh sách này giống phần cảnh báo của lệnh <code>kb check</code>.</p>
<p data-testid="review-total"><strong>${problems.length}</strong> mục cần rà soát.</p>
${groups.length ? '' : html`<p class="ok">Không có gì cần rà soát.</p>`}
${groups.map(
  (g) => html`<section class="review-group" data-kind="${g.kind}">
  <h2>${g.label} (${g.items.length})</h2>
  <ul>${g.items.map((p) => html`<li data-testid="review-item" data-kind="${p.kind}"><span class="where">${where(p)}</span>: ${p.message}</li>`)}</ul>
</section>`,
)}`;
  return staffPage(staff, unit, 'review', 'Cần rà soát', body);
}
