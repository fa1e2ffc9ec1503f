// The casework part of the quarterly report on hand-built records: handled on time or late
// against the deadline, overdue, satisfaction overall, per field and per ward, the corrected
// field counted, in the report, the CSV and the Word document, with no personal data and
// no comment a citizen wrote.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { FeedbackRecord } from '../src/feedback/record.ts';
import { buildQuarterReport } from '../src/feedback/report.ts';
import { reportToCsv } from '../src/feedback/report-csv.ts';
import { reportToDocx } from '../src/feedback/report-docx.ts';
import { loadKnowledge } from '../src/knowledge/load.ts';
import { docxDocumentXml } from './helpers/docx.ts';

const Q1 = { year: 2027, q: 1 as const };
const AFTER = new Date('2027-04-02T03:00:00Z');
const SENDER = { name: 'Đỗ Thị Hạnh', phone: '0905123456', consentAt: '2027-01-04T02:00:00Z' };
const COMMENT = 'Cán bộ Nguyễn Văn Tư trả lời chậm';

function record(i: number, extra: Partial<FeedbackRecord> & { answeredOn?: string }): FeedbackRecord {
  const createdAt = '2027-01-04T02:00:00.000Z';
  const { answeredOn, ...rest } = extra;
  const answerAt = answeredOn && `${answeredOn}T03:00:00.000Z`;
  return {
    code: `PA-CASE0${i}`,
    kind: 'phan-anh',
    category: 'land',
    content: `Phản ánh ${i}: đường hỏng trước nhà, đề nghị sửa.`,
    sender: SENDER,
    from: { channel: 'web', chatId: `c${i}`, userId: `u${i}` },
    createdAt,
    status: answerAt ? 'da-tra-loi' : 'moi',
    history: [{ at: createdAt, status: 'moi', by: 'nguoi-dan' }, ...(answerAt ? [{ at: answerAt, status: 'da-tra-loi', by: 'web:an' }] : [])],
    ...(answerAt ? { answer: { text: 'Đã sửa.', by: 'web:an', at: answerAt } } : {}),
    due: '2027-01-18',
    ...rest,
  };
}

const RECORDS: FeedbackRecord[] = [
  record(1, { answeredOn: '2027-01-15', satisfaction: { rating: 'hai-long', at: '2027-01-16T01:00:00Z' }, unit: 'a' }),
  record(2, { answeredOn: '2027-01-18', satisfaction: { rating: 'khong-hai-long', at: '2027-01-19T01:00:00Z', comment: COMMENT }, unit: 'a' }),
  record(3, { answeredOn: '2027-01-25', category: 'civil', satisfaction: { rating: 'hai-long', at: '2027-01-26T01:00:00Z' }, unit: 'b' }),
  record(4, { unit: 'b' }), // still open, past its deadline
  record(5, { due: '2027-04-20', unit: 'b' }), // still open, due after the quarter
  record(6, { due: undefined, kind: 'cau-hoi', category: 'general', history: [{ at: '2027-01-04T02:00:00.000Z', status: 'moi', by: 'nguoi-dan' }, { at: '2027-01-05T02:00:00.000Z', status: 'moi', by: 'web:an', action: 'category', value: 'general', previous: 'land' }] }),
];

describe('the casework part of the quarterly report', () => {
  const report = buildQuarterReport(RECORDS, [], Q1, AFTER, { a: 'phường A', b: 'xã B' });

  it('counts deadlines kept, satisfaction per field and per ward, and corrected fields', () => {
    expect(Object.fromEntries(report.casework.deadlines.map((r) => [r.key, r.count]))).toEqual({ met: 2, late: 1, overdue: 1, open: 1, none: 1 });
    expect(report.casework.onTimeRate).toBe(0.5);
    expect(report.casework.satisfaction).toMatchObject({ rated: 3, rate: 2 / 3 });
    expect(report.casework.satisfactionByCategory.find((r) => r.key === 'land')).toMatchObject({ rated: 2, satisfied: 1, rate: 0.5 });
    expect(report.casework.satisfactionByCategory.find((r) => r.key === 'civil')).toMatchObject({ rated: 1, satisfied: 1, rate: 1 });
    expect(report.casework.satisfactionByUnit).toEqual([
      { key: 'a', label: 'phường A', rated: 2, satisfied: 1, rate: 0.5 },
      { key: 'b', label: 'xã B', rated: 1, satisfied: 1, rate: 1 },
      { key: 'none', label: 'Chưa chọn phường, xã', rated: 0, satisfied: 0, rate: null },
    ]);
    expect(report.casework.correctedCategory).toBe(1);
    // The corrected field is the one counted.
    expect(report.byCategory.find((r) => r.key === 'general')?.count).toBe(1);
  });

  it('puts the same numbers in the CSV, with no personal data or comment', () => {
    const csv = reportToCsv(report);
    const rows = parse(csv, { bom: true, columns: () => ['section', 'key', 'label', 'value'] }) as { section: string; key: string; value: string }[];
    const value = (section: string, key: string) => rows.find((r) => r.section === section && r.key === key)?.value;
    expect(value('deadline', 'met')).toBe('2');
    expect(value('deadline', 'overdue')).toBe('1');
    expect(value('summary', 'on-time-rate')).toBe('0.5');
    expect(value('summary', 'satisfaction-rate')).toBe('0.667');
    expect(value('satisfaction-unit-rate', 'a')).toBe('0.5');
    expect(value('satisfaction-category-rated', 'civil')).toBe('1');
    expect(value('summary', 'corrected-category')).toBe('1');
    for (const secret of [SENDER.name, SENDER.phone, COMMENT, 'Nguyễn Văn Tư']) expect(csv).not.toContain(secret);
  });

  it('gives the Word document a deadline table and satisfaction tables, with no personal data or comment', async () => {
    const settings = loadKnowledge(['knowledge']).settings;
    const docx = await reportToDocx(report, settings);
    const xml = docxDocumentXml(docx);
    const text = xml.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain('Theo thời hạn xử lý');
    expect(text).toMatch(/Xử lý đúng hạn 2 Xử lý trễ hạn 1 Chưa xử lý, đã quá hạn 1/);
    expect(text).toContain('Tỷ lệ xử lý đúng hạn (trên số đã xử lý hoặc đã quá hạn): 50%');
    expect(text).toContain('Hài lòng theo lĩnh vực');
    expect(text).toMatch(/Hài lòng theo phường, xã Lượt đánh giá Hài lòng Tỷ lệ hài lòng phường A 2 1 50% xã B 1 1 100%/);
    for (const secret of [SENDER.name, SENDER.phone, COMMENT, 'Nguyễn Văn Tư']) expect(text).not.toContain(secret);
  });
});
