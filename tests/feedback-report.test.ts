// The quarterly report against hand-built data with known counts and answer times:
// quarter boundaries in Vietnam time, the median, grouping of one question typed several
// ways, escaping in Markdown, CSV that Excel reads, and no personal data anywhere.
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import type { Channel } from '../src/address/address.ts';
import type { FeedbackKind, FeedbackRecord, FeedbackStatus, UnansweredQuestion } from '../src/feedback/record.ts';
import type { Category } from '../src/knowledge/schema.ts';
import { buildQuarterReport, formatAnswerTime, type CountRow } from '../src/feedback/report.ts';
import { reportToMarkdown } from '../src/feedback/report-markdown.ts';
import { reportToCsv } from '../src/feedback/report-csv.ts';

// Every sender carries the same recognisable personal data, to check it never leaks.
const SENDER = { name: 'Nguyễn Văn Bình', phone: '0912345678', address: '12 Trần Phú, phường B’Lao' };

const HOUR = 3_600_000;

interface Spec {
  kind: FeedbackKind;
  category?: Category;
  channel: Channel;
  createdAt: string;
  status: FeedbackStatus;
  /** Hours from creation to the answer; absent when not answered. */
  answeredAfter?: number;
}

function record(code: string, spec: Spec): FeedbackRecord {
  const { kind, category, channel, createdAt, status, answeredAfter } = spec;
  const answerAt = answeredAfter === undefined ? undefined : new Date(Date.parse(createdAt) + answeredAfter * HOUR).toISOString();
  return {
    code,
    kind,
    ...(category && { category }),
    content: `Nội dung của ${code}: đường trước nhà bị hư hỏng nặng, đề nghị phường sửa chữa sớm để bà con đi lại an toàn.`,
    sender: { ...SENDER, consentAt: createdAt },
    from: { channel, chatId: `chat-${code}`, userId: `user-${code}` },
    createdAt,
    status,
    history: [{ at: createdAt, status: 'moi', by: 'bot' }],
    ...(answerAt && { answer: { text: `Trả lời ${code}`, by: 'Cán bộ Lan', at: answerAt } }),
  };
}

/**
 * Q1 2026 (Vietnam time): 9 records, answered after 10, 30, 50 and 4 hours (median 20).
 * Q2 2026: 3 records, one answered after 1 hour. Q4 2025: 1 record, 1 minute before Q1.
 */
const RECORDS: FeedbackRecord[] = [
  record('PA-AAAAA1', { kind: 'phan-anh', category: 'land', channel: 'telegram', createdAt: '2026-01-05T02:00:00.000Z', status: 'da-tra-loi', answeredAfter: 10 }),
  record('PA-AAAAA2', { kind: 'kien-nghi', category: 'land', channel: 'zalo', createdAt: '2026-01-10T03:00:00.000Z', status: 'da-dong', answeredAfter: 30 }),
  record('PA-AAAAA3', { kind: 'phan-anh', category: 'civil', channel: 'web', createdAt: '2026-02-01T01:00:00.000Z', status: 'da-tra-loi', answeredAfter: 50 }),
  record('PA-AAAAA4', { kind: 'cau-hoi', channel: 'zalo', createdAt: '2026-02-14T08:00:00.000Z', status: 'moi' }),
  record('PA-AAAAA5', { kind: 'phan-anh', category: 'business', channel: 'telegram', createdAt: '2026-02-20T04:00:00.000Z', status: 'dang-xu-ly' }),
  record('PA-AAAAA6', { kind: 'kien-nghi', category: 'residence', channel: 'zalo', createdAt: '2026-03-01T09:00:00.000Z', status: 'da-chuyen' }),
  record('PA-AAAAA7', { kind: 'cau-hoi', channel: 'web', createdAt: '2026-03-10T10:00:00.000Z', status: 'da-tra-loi', answeredAfter: 4 }),
  // 00:00 on 1 January in Vietnam: the first instant of Q1.
  record('PA-AAAAA8', { kind: 'phan-anh', category: 'land', channel: 'zalo', createdAt: '2025-12-31T17:00:00.000Z', status: 'moi' }),
  record('PA-AAAAA9', { kind: 'phan-anh', category: 'complaint', channel: 'terminal', createdAt: '2026-03-20T05:00:00.000Z', status: 'da-dong' }),
  // 00:30 on 1 April in Vietnam, still 31 March in UTC: Q2.
  record('PA-BBBBB1', { kind: 'phan-anh', category: 'land', channel: 'zalo', createdAt: '2026-03-31T17:30:00.000Z', status: 'da-tra-loi', answeredAfter: 1 }),
  record('PA-BBBBB2', { kind: 'kien-nghi', category: 'civil', channel: 'telegram', createdAt: '2026-05-05T06:00:00.000Z', status: 'moi' }),
  // 23:59 on 30 June in Vietnam: the last minute of Q2.
  record('PA-BBBBB3', { kind: 'phan-anh', channel: 'web', createdAt: '2026-06-30T16:59:00.000Z', status: 'dang-xu-ly' }),
  // 23:59 on 31 December 2025 in Vietnam: Q4 2025.
  record('PA-CCCCC1', { kind: 'phan-anh', category: 'land', channel: 'zalo', createdAt: '2025-12-31T16:59:00.000Z', status: 'moi' }),
];

const question = (at: string, query: string, reason: UnansweredQuestion['reason'] = 'no-answer', channel: Channel = 'zalo'): UnansweredQuestion => ({
  at,
  channel,
  query,
  reason,
  candidates: [],
});

/** Q1 2026: 9 questions, 4 of them one question spelt four ways, one "|" in a question, one phone number. */
const UNANSWERED: UnansweredQuestion[] = [
  question('2026-01-03T01:00:00.000Z', 'Làm sổ đỏ mất bao lâu?'),
  question('2026-01-04T01:00:00.000Z', 'Làm sổ đỏ mất bao lâu?'.normalize('NFD'), 'not-helpful'),
  question('2026-01-05T01:00:00.000Z', 'LÀM SỔ ĐỎ   MẤT BAO LÂU', 'no-answer', 'telegram'),
  question('2026-02-05T01:00:00.000Z', 'lam so do mat bao lau', 'not-helpful'),
  question('2026-02-06T01:00:00.000Z', 'Phí chứng thực | bản sao là bao nhiêu'),
  question('2026-02-07T01:00:00.000Z', 'phí chứng thực | bản sao là bao nhiêu?'),
  question('2026-02-08T01:00:00.000Z', 'giá vàng hôm nay'),
  question('2026-02-09T01:00:00.000Z', '🙏'),
  question('2026-03-09T01:00:00.000Z', 'gọi cho tôi 0912 345 678 về *hộ khẩu*', 'not-helpful'),
  // Q2: not part of the Q1 report.
  question('2026-04-02T01:00:00.000Z', 'làm sổ đỏ mất bao lâu'),
];

const Q1 = { year: 2026, q: 1 } as const;
const AFTER_Q1 = new Date('2026-04-05T03:00:00.000Z');
const counts = <K extends string>(rows: CountRow<K>[]) => Object.fromEntries(rows.map((r) => [r.key, r.count]));

describe('buildQuarterReport', () => {
  const report = buildQuarterReport(RECORDS, UNANSWERED, Q1, AFTER_Q1);

  it('covers the quarter in Vietnam time, boundaries included', () => {
    expect(report.period).toEqual({ year: 2026, quarter: 1, start: '2026-01-01', end: '2026-03-31' });
    expect(report.generatedAt).toBe(AFTER_Q1.toISOString());
    expect(report.complete).toBe(true);
    expect(report.total).toBe(9);
  });

  it('counts by status, category, channel and kind, listing every key', () => {
    expect(counts(report.byStatus)).toEqual({ moi: 2, 'dang-xu-ly': 1, 'da-tra-loi': 3, 'da-chuyen': 1, 'da-dong': 2 });
    expect(counts(report.byCategory)).toEqual({
      land: 3,
      business: 1,
      civil: 1,
      residence: 1,
      complaint: 1,
      feedback: 0,
      general: 0,
      smalltalk: 0,
      none: 2,
    });
    expect(report.byCategory.at(-1)).toEqual({ key: 'none', label: 'Không phân loại', count: 2 });
    expect(counts(report.byChannel)).toEqual({ telegram: 2, 'zalo-bot': 0, zalo: 4, web: 2, terminal: 1 });
    expect(counts(report.byKind)).toEqual({ 'phan-anh': 5, 'kien-nghi': 2, 'cau-hoi': 2, 'khieu-nai': 0, 'to-cao': 0 });
    expect(report.byStatus.find((r) => r.key === 'da-chuyen')?.label).toBe('Đã chuyển cơ quan khác');
  });

  it('takes the median answer time over answered records only', () => {
    // 4, 10, 30, 50 hours: the middle two average to 20.
    expect(report.answerTime).toEqual({ answered: 4, medianHours: 20 });
    expect(buildQuarterReport(RECORDS, UNANSWERED, { year: 2026, q: 2 }, AFTER_Q1).answerTime).toEqual({ answered: 1, medianHours: 1 });
    expect(buildQuarterReport(RECORDS, UNANSWERED, { year: 2025, q: 4 }, AFTER_Q1).answerTime).toEqual({ answered: 0, medianHours: null });
  });

  it('puts the records either side of a quarter boundary in the right quarter', () => {
    const q2 = buildQuarterReport(RECORDS, UNANSWERED, { year: 2026, q: 2 }, AFTER_Q1);
    expect(q2.total).toBe(3);
    expect(q2.period).toMatchObject({ start: '2026-04-01', end: '2026-06-30' });
    expect(q2.complete).toBe(false);
    expect(buildQuarterReport(RECORDS, UNANSWERED, { year: 2025, q: 4 }, AFTER_Q1).total).toBe(1);
  });

  it('groups one question typed in different case, Unicode form and punctuation', () => {
    expect(report.unanswered.total).toBe(9);
    expect(counts(report.unanswered.byReason)).toEqual({ 'no-answer': 6, 'not-helpful': 3 });
    expect(report.unanswered.top).toEqual([
      // The NFD copy normalises to the first form, which makes it the most used spelling.
      { text: 'Làm sổ đỏ mất bao lâu?', count: 4 },
      { text: 'Phí chứng thực | bản sao là bao nhiêu', count: 2 },
      { text: 'giá vàng hôm nay', count: 1 },
      { text: 'gọi cho tôi [số đã ẩn] về *hộ khẩu*', count: 1 },
    ]);
  });

  it('shows the same spelling whatever order the questions come in', () => {
    expect(buildQuarterReport(RECORDS, [...UNANSWERED].reverse(), Q1, AFTER_Q1).unanswered.top).toEqual(report.unanswered.top);
  });

  it('keeps the ten most asked questions', () => {
    const many = Array.from({ length: 12 }, (_, i) =>
      Array.from({ length: i + 1 }, () => ({ at: '2026-02-01T00:00:00.000Z', channel: 'web' as const, query: `câu hỏi số ${i + 1}`, reason: 'no-answer' as const, candidates: [] })),
    ).flat();
    const top = buildQuarterReport([], many, Q1, AFTER_Q1).unanswered.top;
    expect(top.map((t) => t.count)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3]);
    expect(top[0]!.text).toBe('câu hỏi số 12');
  });

  it('marks a quarter still running as incomplete', () => {
    expect(buildQuarterReport(RECORDS, UNANSWERED, Q1, new Date('2026-03-31T16:59:59.999Z')).complete).toBe(false);
    expect(buildQuarterReport(RECORDS, UNANSWERED, Q1, new Date('2026-03-31T17:00:00.000Z')).complete).toBe(true);
  });
});

const PERSONAL = [SENDER.name, SENDER.phone, '0912', SENDER.address, 'Trần Phú', 'chat-PA', 'user-PA', 'đường trước nhà'];

describe('reportToMarkdown', () => {
  const md = reportToMarkdown(buildQuarterReport(RECORDS, UNANSWERED, Q1, AFTER_Q1));

  it('has Vietnamese headings and the expected table rows', () => {
    expect(md).toContain('# Báo cáo tiếp nhận, xử lý phản ánh, kiến nghị — Quý I năm 2026');
    expect(md).toContain('Kỳ báo cáo: từ ngày 01/01/2026 đến ngày 31/03/2026.');
    expect(md).toContain('- Tổng số phản ánh, kiến nghị, câu hỏi tiếp nhận: **9**');
    expect(md).toContain('- Thời gian trả lời (trung vị, tính từ lúc tiếp nhận): **20 giờ**');
    for (const row of [
      '| Trạng thái | Số lượng |',
      '| Mới | 2 |',
      '| Đã trả lời | 3 |',
      '| Đã chuyển cơ quan khác | 1 |',
      '| Đất đai – Xây dựng | 3 |',
      '| Không phân loại | 2 |',
      '| Zalo (tài khoản cá nhân) | 4 |',
      '| Dòng lệnh | 1 |',
      '| Câu hỏi chưa có câu trả lời | 2 |',
      '| **Tổng cộng** | **9** |',
      '| 1 | Làm sổ đỏ mất bao lâu? | 4 |',
    ])
      expect(md.split('\n')).toContain(row);
    expect(md).not.toContain('Quý chưa kết thúc');
  });

  it('escapes "|" and Markdown syntax in citizen text so the table holds together', () => {
    expect(md).toContain('| 2 | Phí chứng thực \\| bản sao là bao nhiêu | 2 |');
    expect(md).toContain('| 4 | gọi cho tôi \\[số đã ẩn\\] về \\*hộ khẩu\\* | 1 |');
    const topRows = md.split('\n').filter((l) => /^\| \d+ \| /.test(l));
    // Each row splits into exactly three cells once escaped pipes are set aside.
    for (const row of topRows) expect(row.replace(/\\\|/g, '').split('|').length).toBe(5);
  });

  it('says when nothing was answered and when the quarter is not over', () => {
    const empty = reportToMarkdown(buildQuarterReport([], [], { year: 2026, q: 2 }, new Date('2026-05-01T00:00:00.000Z')));
    expect(empty).toContain('chưa có trường hợp nào được trả lời');
    expect(empty).toContain('_Quý chưa kết thúc: số liệu tính đến ngày lập báo cáo._');
    expect(empty).toContain('Quý II năm 2026');
  });

  it('holds no personal data', () => {
    for (const p of PERSONAL) expect(md).not.toContain(p);
  });
});

describe('reportToCsv', () => {
  const csv = reportToCsv(buildQuarterReport(RECORDS, UNANSWERED, Q1, AFTER_Q1));
  const rows: { section: string; key: string; label: string; value: string }[] = parse(csv, { bom: true, columns: () => ['section', 'key', 'label', 'value'] });
  const value = (section: string, key: string) => rows.find((r) => r.section === section && r.key === key)?.value;

  it('starts with a byte-order mark so Excel reads UTF-8', () => {
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1).split('\n')[0]).toBe('Nhóm,Mã,Nội dung,Giá trị');
    expect(value('period', 'generated-at')).toBe('05/04/2026 10:00'); // 03:00 UTC, in Vietnam time
  });

  it('parses back to the same numbers', () => {
    expect(value('period', 'start')).toBe('2026-01-01');
    expect(value('period', 'end')).toBe('2026-03-31');
    expect(value('summary', 'total')).toBe('9');
    expect(value('summary', 'answered')).toBe('4');
    expect(value('summary', 'median-answer-hours')).toBe('20');
    expect(value('status', 'moi')).toBe('2');
    expect(value('status', 'da-tra-loi')).toBe('3');
    expect(value('category', 'land')).toBe('3');
    expect(value('category', 'none')).toBe('2');
    expect(rows.find((r) => r.section === 'category' && r.key === 'none')?.label).toBe('Không phân loại');
    expect(value('channel', 'zalo')).toBe('4');
    expect(value('kind', 'cau-hoi')).toBe('2');
    expect(value('unanswered-reason', 'not-helpful')).toBe('3');
    const top = rows.filter((r) => r.section === 'unanswered-top');
    expect(top.map((r) => [r.key, r.label, r.value])).toEqual([
      ['1', 'Làm sổ đỏ mất bao lâu?', '4'],
      ['2', 'Phí chứng thực | bản sao là bao nhiêu', '2'],
      ['3', 'giá vàng hôm nay', '1'],
      ['4', 'gọi cho tôi [số đã ẩn] về *hộ khẩu*', '1'],
    ]);
  });

  it('quotes commas, quotes and line breaks, and keeps a question from running as an Excel formula', () => {
    const tricky = ['=HYPERLINK("http://x", "bấm vào"), rồi sao?', 'dòng một\ndòng hai'].map((query) => ({
      at: '2026-02-01T00:00:00.000Z',
      channel: 'web' as const,
      query,
      reason: 'no-answer' as const,
      candidates: [],
    }));
    const back: { section: string; label: string }[] = parse(reportToCsv(buildQuarterReport([], tricky, Q1, AFTER_Q1)), { bom: true, columns: () => ['section', 'key', 'label', 'value'] });
    expect(back.filter((r) => r.section === 'unanswered-top').map((r) => r.label).sort()).toEqual([
      `'=HYPERLINK("http://x", "bấm vào"), rồi sao?`,
      'dòng một dòng hai',
    ]);
  });

  it('leaves the median empty when nothing was answered', () => {
    const back: { section: string; key: string; value: string }[] = parse(reportToCsv(buildQuarterReport([], [], Q1, AFTER_Q1)), { bom: true, columns: () => ['section', 'key', 'label', 'value'] });
    expect(back.find((r) => r.key === 'median-answer-hours')?.value).toBe('');
  });

  it('holds no personal data', () => {
    for (const p of PERSONAL) expect(csv).not.toContain(p);
  });
});

describe('formatAnswerTime', () => {
  it('says hours under two days and days from then on, with a Vietnamese decimal comma', () => {
    expect(formatAnswerTime(0.2)).toBe('dưới 1 giờ');
    expect(formatAnswerTime(5)).toBe('5 giờ');
    expect(formatAnswerTime(47.5)).toBe('47,5 giờ');
    expect(formatAnswerTime(84)).toBe('3,5 ngày');
  });
});
