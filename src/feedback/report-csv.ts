// The quarterly report as one long CSV table (group, key, label, value), so it can be
// opened in Excel or merged across quarters without knowing the layout in advance.
import { stringify } from 'csv-stringify/sync';
import type { OutreachReport } from '../announcements/outreach-report.ts';
import { vietnameseDateTime } from '../time/vietnam-calendar.ts';
import { CHANNEL_LABELS, type CountRow, type QuarterReport } from './report.ts';
import type { SatisfactionRow } from './report-casework.ts';

/** The columns, as Excel shows them to staff: group, key, what it is, the figure. */
export const CSV_COLUMNS = ['Nhóm', 'Mã', 'Nội dung', 'Giá trị'] as const;

type Row = [section: string, key: string, label: string, value: string | number];

/** `outreach`: the part on tuyên truyền (announcements and subscribers), when the bot sends them. */
export function reportToCsv(report: QuarterReport, outreach?: OutreachReport): string {
  const { period, answerTime, unanswered } = report;
  const rows: Row[] = [
    ['period', 'start', 'Từ ngày', period.start],
    ['period', 'end', 'Đến ngày', period.end],
    ['period', 'generated-at', 'Thời điểm lập (giờ Việt Nam)', vietnameseDateTime(report.generatedAt)],
    ['period', 'complete', 'Quý đã kết thúc', report.complete ? 'có' : 'không'],
    ['summary', 'total', 'Tổng số phản ánh, kiến nghị, câu hỏi tiếp nhận', report.total],
    ['summary', 'answered', 'Đã trả lời', answerTime.answered],
    // Empty rather than 0 when nothing was answered: 0 hours would read as "instant".
    ['summary', 'median-answer-hours', 'Thời gian trả lời trung vị (giờ)', answerTime.medianHours === null ? '' : round1(answerTime.medianHours)],
    ['summary', 'unanswered', 'Lượt câu hỏi bot chưa trả lời được', unanswered.total],
    ...countRows('status', report.byStatus),
    ...countRows('category', report.byCategory),
    ...countRows('channel', report.byChannel),
    ...countRows('kind', report.byKind),
    ...countRows('answer-time', report.answerTimeBands),
    ...report.byMonth.flatMap((m): Row[] => [
      ['month-received', m.month, m.label, m.received],
      ['month-answered', m.month, m.label, m.answered],
    ]),
    ...countRows('unanswered-reason', unanswered.byReason),
    ...(report.byUnit ? countRows('unit', report.byUnit) : []),
    ...caseworkRows(report),
    ...unanswered.top.map((t, i): Row => ['unanswered-top', String(i + 1), neutraliseFormula(t.text), t.count]),
    ...(outreach ? outreachRows(outreach) : []),
  ];
  // The byte-order mark is what makes Excel read the file as UTF-8 rather than mangle
  // every Vietnamese letter.
  return stringify(rows, { bom: true, header: true, columns: [...CSV_COLUMNS] });
}

function countRows(section: string, rows: CountRow<string>[]): Row[] {
  return rows.map((r) => [section, r.key, r.label, r.count]);
}

const round1 = (n: number) => Math.round(n * 10) / 10;

// Excel runs a cell that starts with "=", "+", "-" or "@" as a formula; a citizen's
// question must never do that on a staff computer (OWASP "CSV injection").
function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function outreachRows(o: OutreachReport): Row[] {
  return [
    ['outreach', 'announcements-sent', 'Số tin tuyên truyền đã gửi', o.sent],
    ['outreach', 'recipients', 'Lượt người nhận', o.recipients],
    ['outreach', 'delivered', 'Lượt đã gửi tới', o.delivered],
    ['outreach', 'subscribers-at-end', 'Người đăng ký nhận tin cuối quý', o.subscribersAtEnd],
    ['outreach', 'new-subscribers', 'Đăng ký mới trong quý', o.newSubscribers],
    ['outreach', 'unsubscribed', 'Hủy đăng ký trong quý', o.unsubscribed],
    ...o.byChannel.flatMap((r): Row[] => [
      ['outreach-subscribers-at-end', r.channel, CHANNEL_LABELS[r.channel], r.subscribersAtEnd],
      ['outreach-new-subscribers', r.channel, CHANNEL_LABELS[r.channel], r.newSubscribers],
      ['outreach-unsubscribed', r.channel, CHANNEL_LABELS[r.channel], r.unsubscribed],
    ]),
  ];
}

/** Deadlines kept, satisfaction overall, per field and per ward, corrected fields: counts and shares (0–1). */
function caseworkRows({ casework }: QuarterReport): Row[] {
  const rate = (r: number | null) => (r === null ? '' : Math.round(r * 1000) / 1000);
  const rates = (section: string, rows: SatisfactionRow[]): Row[] => rows.flatMap((r): Row[] => [[`${section}-rated`, r.key, r.label, r.rated], [`${section}-satisfied`, r.key, r.label, r.satisfied], [`${section}-rate`, r.key, r.label, rate(r.rate)]]);
  return [
    ...countRows('deadline', casework.deadlines),
    ['summary', 'on-time-rate', 'Tỷ lệ xử lý đúng hạn', rate(casework.onTimeRate)],
    ['summary', 'corrected-category', 'Số hồ sơ cán bộ sửa lại lĩnh vực', casework.correctedCategory],
    ['summary', 'satisfaction-rated', 'Lượt đánh giá mức độ hài lòng', casework.satisfaction.rated],
    ['summary', 'satisfaction-rate', 'Tỷ lệ hài lòng', rate(casework.satisfaction.rate)],
    ...countRows('satisfaction', casework.satisfaction.byLevel),
    ...rates('satisfaction-category', casework.satisfactionByCategory),
    ...(casework.satisfactionByUnit ? rates('satisfaction-unit', casework.satisfactionByUnit) : []),
  ];
}
