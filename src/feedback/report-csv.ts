// The quarterly report as one long CSV table (group, key, label, value), so it can be
// opened in Excel or merged across quarters without knowing the layout in advance.
import { stringify } from 'csv-stringify/sync';
import { vietnameseDateTime } from '../time/vietnam-calendar.ts';
import type { CountRow, QuarterReport } from './report.ts';

/** The columns, as Excel shows them to staff: group, key, what it is, the figure. */
export const CSV_COLUMNS = ['Nhóm', 'Mã', 'Nội dung', 'Giá trị'] as const;

type Row = [section: string, key: string, label: string, value: string | number];

export function reportToCsv(report: QuarterReport): string {
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
    ...unanswered.top.map((t, i): Row => ['unanswered-top', String(i + 1), neutraliseFormula(t.text), t.count]),
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
