// The quarterly report as a Markdown document staff can paste into the written report
// or open in any editor.
import { formatAnswerTime, type CountRow, type QuarterReport } from './report.ts';
import { vietnamDate, vietnameseDate } from '../time/vietnam-calendar.ts';

const ROMAN = ['I', 'II', 'III', 'IV'] as const;

export function reportToMarkdown(report: QuarterReport): string {
  const { period, answerTime, unanswered } = report;
  const lines = [
    `# Báo cáo tiếp nhận, xử lý phản ánh, kiến nghị — Quý ${ROMAN[period.quarter - 1]} năm ${period.year}`,
    '',
    `Kỳ báo cáo: từ ngày ${vietnameseDate(period.start)} đến ngày ${vietnameseDate(period.end)}.`,
    `Ngày lập: ${vietnameseDate(vietnamDate(report.generatedAt))}.`,
  ];
  if (!report.complete) lines.push('', '_Quý chưa kết thúc: số liệu tính đến ngày lập báo cáo._');
  lines.push(
    '',
    '## 1. Tổng quan',
    '',
    `- Tổng số phản ánh, kiến nghị, câu hỏi tiếp nhận: **${report.total}**`,
    `- Đã trả lời: **${answerTime.answered}**`,
    `- Thời gian trả lời (trung vị, tính từ lúc tiếp nhận): ${answerTime.medianHours === null ? 'chưa có trường hợp nào được trả lời' : `**${formatAnswerTime(answerTime.medianHours)}**`}`,
    `- Lượt câu hỏi bot chưa trả lời được: **${unanswered.total}**`,
    '',
    '## 2. Theo trạng thái xử lý',
    '',
    ...countTable('Trạng thái', report.byStatus),
    '',
    '## 3. Theo lĩnh vực',
    '',
    ...countTable('Lĩnh vực', report.byCategory),
    '',
    '## 4. Theo kênh tiếp nhận',
    '',
    ...countTable('Kênh', report.byChannel),
    '',
    '## 5. Theo loại',
    '',
    ...countTable('Loại', report.byKind),
    '',
    '## 6. Câu hỏi bot chưa trả lời được',
    '',
    ...countTable('Lý do', unanswered.byReason),
    '',
    '### Các câu hỏi gặp nhiều nhất',
    '',
  );
  if (unanswered.top.length) {
    lines.push('| STT | Câu hỏi | Số lượt |', '| ---: | --- | ---: |');
    unanswered.top.forEach((t, i) => lines.push(`| ${i + 1} | ${escapeMarkdown(t.text)} | ${t.count} |`));
  } else {
    lines.push('Không có.');
  }
  return lines.join('\n') + '\n';
}

function countTable(heading: string, rows: CountRow<string>[]): string[] {
  const total = rows.reduce((sum, r) => sum + r.count, 0);
  return [
    `| ${heading} | Số lượng |`,
    '| --- | ---: |',
    ...rows.map((r) => `| ${r.label} | ${r.count} |`),
    `| **Tổng cộng** | **${total}** |`,
  ];
}


/**
 * Makes citizen text print literally inside a table cell: a "|" would split the cell, a
 * line break would end the table, and "*", "_", "<", "[", "&" … would turn into
 * emphasis, HTML, links or entities. Block syntax ("#", "-") means nothing inside a cell.
 */
function escapeMarkdown(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/[\\`*_[\]<>|~&]/g, '\\$&');
}
