// The quarterly report on screen: the numbers as tables (readable without a script), the
// same numbers as charts (Chart.js, drawn by assets/report.js), and the two downloads.
import type { OutreachReport } from '../../announcements/outreach-report.ts';
import { CHANNEL_LABELS, formatAnswerTime, type CountRow, type QuarterReport } from '../../feedback/report.ts';
import { formatRate, type SatisfactionRow } from '../../feedback/report-casework.ts';
import type { Staff } from '../staff/auth.ts';
import { html, jsonScript } from '../html.ts';
import { staffPage } from './staff-layout.ts';

function table(caption: string, rows: CountRow<string>[]) {
  return html`<table class="counts"><caption>${caption}</caption><tbody>${rows.map((r) => html`<tr><th scope="row">${r.label}</th><td>${r.count}</td></tr>`)}</tbody></table>`;
}

function rateTable(caption: string, rows: SatisfactionRow[]) {
  return html`<table class="counts" data-testid="satisfaction-table"><caption>${caption}</caption><thead><tr><th scope="col"></th><th scope="col">Lượt</th><th scope="col">Tỷ lệ hài lòng</th></tr></thead><tbody>${rows
    .filter((r) => r.rated)
    .map((r) => html`<tr><th scope="row">${r.label}</th><td>${r.rated}</td><td>${formatRate(r.rate)}</td></tr>`)}</tbody></table>`;
}

/** `units`: id → name offered to province-level staff (empty otherwise); `unitPicked`: the one shown, none for the whole province. */
/** The part on tuyên truyền: announcements sent, subscribers by channel. */
function outreachSection(o: OutreachReport) {
  return html`<h2>Tuyên truyền qua trợ lý tự động</h2>
<p data-testid="report-outreach">${o.sent} tin đã gửi · ${o.recipients} lượt người nhận · ${o.delivered} lượt đã gửi tới · ${o.subscribersAtEnd} người đăng ký cuối quý · ${o.newSubscribers} đăng ký mới · ${o.unsubscribed} hủy đăng ký</p>
<table class="counts outreach"><caption>Người đăng ký nhận tin, theo kênh</caption>
<thead><tr><th scope="col">Kênh</th><th scope="col">Cuối quý</th><th scope="col">Đăng ký mới</th><th scope="col">Hủy đăng ký</th></tr></thead>
<tbody>${o.byChannel.map((r) => html`<tr><th scope="row">${CHANNEL_LABELS[r.channel]}</th><td>${r.subscribersAtEnd}</td><td>${r.newSubscribers}</td><td>${r.unsubscribed}</td></tr>`)}</tbody></table>`;
}

export function reportPage(staff: Staff, unit: string, report: QuarterReport, quarters: string[], quarter: string, units: Record<string, string> = {}, unitPicked?: string, outreach?: OutreachReport): string {
  const q = encodeURIComponent(quarter) + (unitPicked ? `&unit=${encodeURIComponent(unitPicked)}` : '');
  const charts = {
    byCategory: report.byCategory.filter((r) => r.key !== 'smalltalk'),
    byStatus: report.byStatus,
    byChannel: report.byChannel,
    answerTime: report.answerTimeBands,
    byMonth: report.byMonth,
  };
  const body = html`<form method="get" action="/staff/report" class="filters">
  <label>Quý <select name="quarter">${quarters.map((x) => html`<option value="${x}"${x === quarter ? html` selected` : ''}>${x.replace('-Q', ' – quý ')}</option>`)}</select></label>
  ${
    Object.keys(units).length
      ? html`<label>Phạm vi <select name="unit"><option value="">Toàn tỉnh</option>${Object.entries(units).map(([id, name]) => html`<option value="${id}"${id === unitPicked ? html` selected` : ''}>${name}</option>`)}</select></label>`
      : ''
  }
  <button type="submit">Xem</button>
</form>
<p class="downloads">
  <a href="/staff/report.csv?quarter=${q}" data-testid="report-download-csv" download>Tải CSV</a>
  <a href="/staff/report.docx?quarter=${q}" data-testid="report-download-docx" download>Tải báo cáo (Word, theo Nghị định 30/2020/NĐ-CP)</a>
</p>
<p>Từ ${report.period.start.split('-').reverse().join('/')} đến ${report.period.end.split('-').reverse().join('/')}${report.complete ? '' : ' (quý chưa kết thúc)'} · ${report.total} phản ánh, kiến nghị · đã trả lời ${report.answerTime.answered}${report.answerTime.medianHours === null ? '' : ` · thời gian trả lời trung vị ${formatAnswerTime(report.answerTime.medianHours)}`} · ${report.unanswered.total} lượt câu hỏi bot chưa trả lời được.</p>
<script type="application/json" id="report-data">${jsonScript(charts)}</script>
<div class="charts">
  <figure><canvas id="chart-byCategory" aria-label="Biểu đồ theo lĩnh vực" role="img"></canvas><figcaption>Theo lĩnh vực</figcaption></figure>
  <figure><canvas id="chart-byStatus" aria-label="Biểu đồ theo trạng thái" role="img"></canvas><figcaption>Theo trạng thái</figcaption></figure>
  <figure><canvas id="chart-byChannel" aria-label="Biểu đồ theo kênh" role="img"></canvas><figcaption>Theo kênh tiếp nhận</figcaption></figure>
  <figure><canvas id="chart-answerTime" aria-label="Biểu đồ thời gian trả lời" role="img"></canvas><figcaption>Thời gian trả lời</figcaption></figure>
  <figure><canvas id="chart-byMonth" aria-label="Biểu đồ theo tháng" role="img"></canvas><figcaption>Theo tháng</figcaption></figure>
</div>
<div class="tables">
  ${table('Theo lĩnh vực', charts.byCategory)}
  ${table('Theo trạng thái', report.byStatus)}
  ${table('Theo kênh tiếp nhận', report.byChannel)}
  ${table('Thời gian trả lời', report.answerTimeBands)}
  ${table('Theo tháng (tiếp nhận)', report.byMonth.map((m) => ({ key: m.month, label: m.label, count: m.received })))}
  ${report.byUnit ? table('Theo phường, xã', report.byUnit) : ''}
  ${table(`Theo thời hạn xử lý (đúng hạn: ${formatRate(report.casework.onTimeRate)})`, report.casework.deadlines)}
  ${table(`Mức độ hài lòng (tỷ lệ hài lòng: ${formatRate(report.casework.satisfaction.rate)})`, report.casework.satisfaction.byLevel)}
  ${rateTable('Hài lòng theo lĩnh vực', report.casework.satisfactionByCategory)}
  ${report.casework.satisfactionByUnit ? rateTable('Hài lòng theo phường, xã', report.casework.satisfactionByUnit) : ''}
</div>
${outreach ? outreachSection(outreach) : ''}
<p>Số hồ sơ cán bộ đã sửa lại lĩnh vực trong quý: ${report.casework.correctedCategory} (các bảng tính theo lĩnh vực đã sửa).</p>
<h2>Câu hỏi bot chưa trả lời được, gặp nhiều nhất</h2>
${report.unanswered.top.length ? html`<ol>${report.unanswered.top.map((t) => html`<li>${t.text} (${t.count} lượt)</li>`)}</ol>` : html`<p>Không có.</p>`}`;
  return staffPage(staff, unit, 'report', 'Báo cáo quý', body, { scripts: ['/assets/chart.umd.min.js', '/assets/report.js'] });
}
