// The casework rules staff keep beside the knowledge: the working-day calendar
// (calendar.json: weekends, public holidays solar and lunar, the government's yearly
// swapped days) and the legal time limits for handling each kind of record
// (deadlines.json), both dated like any other fact and checked with Vietnamese messages.
import { z } from 'zod';
import { basisRef, datedOf, isoDate } from './schema.ts';
import './zod-vietnamese.ts';

const text = z.string().trim().min(1, 'không được để trống');
const monthDay = z
  .string()
  .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|30|31)$/, 'ngày dạng MM-DD, ví dụ "09-02" (mùng 2 tháng 9)');

/** One public holiday, by the solar or the lunar calendar, with the years it holds (dated). */
export const holidayRule = z
  .object({
    name: text.describe('Tên ngày lễ, ví dụ "Quốc khánh"'),
    solar: monthDay.optional().describe('Ngày dương lịch MM-DD'),
    lunar: monthDay.optional().describe('Ngày âm lịch MM-DD (tháng không nhuận), ví dụ "03-10" là Giỗ Tổ Hùng Vương'),
    days: z.number().int().min(1).max(15).default(1).describe('Số ngày nghỉ'),
    offset: z.number().int().min(-5).max(5).default(0).describe('Ngày nghỉ đầu tiên cách ngày mốc bao nhiêu ngày (-1: từ hôm trước)'),
    from: isoDate.optional().describe('Áp dụng từ ngày (YYYY-MM-DD)'),
    until: isoDate.optional().describe('Áp dụng đến hết ngày (YYYY-MM-DD)'),
    basis: z.array(basisRef).default([]).describe('Căn cứ: số hiệu văn bản trong documents.json'),
  })
  .strict()
  .refine((h) => (h.solar === undefined) !== (h.lunar === undefined), { path: ['solar'], message: 'ghi đúng một trong hai: "solar" (dương lịch) hoặc "lunar" (âm lịch)' });
export type HolidayRule = z.infer<typeof holidayRule>;

/** What the government decided for one year: days off added (swaps, nghỉ bù) and days worked instead. */
export const yearDecision = z
  .object({
    year: z.number().int().min(2000).max(2100),
    off: z.array(isoDate).default([]).describe('Ngày nghỉ thêm trong năm (hoán đổi, nghỉ bù, nghỉ Tết kéo dài)'),
    work: z.array(isoDate).default([]).describe('Ngày đi làm bù (thường là thứ Bảy)'),
    basis: z.array(text).default([]).describe('Văn bản quyết định, ví dụ "Thông báo số …/TB-BNV"'),
    note: text.optional(),
  })
  .strict()
  .superRefine((y, ctx) => {
    for (const key of ['off', 'work'] as const) {
      y[key].forEach((day, i) => {
        if (!day.startsWith(`${y.year}-`) && !day.startsWith(`${y.year + 1}-01-`) && !day.startsWith(`${y.year - 1}-12-`))
          ctx.addIssue({ code: 'custom', path: [key, i], message: `ngày ${day} không thuộc năm ${y.year}` });
      });
    }
  });
export type YearDecision = z.infer<typeof yearDecision>;

export const calendarFile = z
  .object({
    $schema: z.string().optional(),
    weekend: z
      .array(z.number().int().min(0).max(6))
      .default([0, 6])
      .describe('Ngày nghỉ hằng tuần: 0 là Chủ nhật, 6 là thứ Bảy'),
    compensate: z.boolean().default(true).describe('Ngày lễ trùng ngày nghỉ hằng tuần thì nghỉ bù vào ngày làm việc kế tiếp (Bộ luật Lao động, Điều 111)'),
    holidays: z.array(holidayRule).describe('Các ngày lễ, Tết'),
    years: z.array(yearDecision).default([]).describe('Quyết định nghỉ lễ từng năm: hoán đổi, làm bù'),
  })
  .strict();
export type CalendarFile = z.infer<typeof calendarFile>;

/** The kinds of record a time limit is set for (feedback/record.ts FEEDBACK_KINDS). */
export const RECORD_KINDS = ['phan-anh', 'kien-nghi', 'khieu-nai', 'to-cao', 'cau-hoi'] as const;

const dayCount = z.number().int().min(1, 'ít nhất 1 ngày').max(365, 'không quá 365 ngày');

/** A time limit: so many days, working days or calendar days. */
export const timeLimit = z
  .object({
    days: dayCount.describe('Số ngày'),
    counting: z.enum(['working', 'calendar']).describe('"working": ngày làm việc; "calendar": ngày theo lịch (ngày cuối rơi vào ngày nghỉ thì lùi sang ngày làm việc kế tiếp)'),
  })
  .strict();
export type TimeLimit = z.infer<typeof timeLimit>;

/** One stage of handling (thụ lý, giải quyết…), its limit dated like any fact (a decree changes it from a day). */
export const deadlineStage = z
  .object({
    name: text.describe('Tên bước, ví dụ "Thụ lý" hoặc "Giải quyết lần đầu"'),
    limit: z.union([timeLimit, datedOf(timeLimit, 'Thời hạn')]).describe('{"days": 7, "counting": "working"}, hoặc theo thời gian hiệu lực {"value": {…}, "from": "2026-07-01", "before": {…}}'),
    basis: z.array(basisRef).default([]).describe('Căn cứ: số hiệu văn bản trong documents.json, kèm điều khoản; để trống nếu là chỉ tiêu nội bộ của đơn vị'),
  })
  .strict();
export type DeadlineStage = z.infer<typeof deadlineStage>;

export const deadlineRule = z
  .object({
    kind: z.enum(RECORD_KINDS),
    label: text.describe('Tên loại hồ sơ, ví dụ "Phản ánh về quy định hành chính"'),
    stages: z.array(deadlineStage).min(1, 'cần ít nhất 1 bước').describe('Các bước nối tiếp nhau; hạn xử lý là hết bước cuối'),
    note: text.optional().describe('Ghi chú cho cán bộ (gia hạn, vụ việc phức tạp…)'),
  })
  .strict()
  .refine((r) => r.note || r.stages.every((s) => s.basis.length), { path: ['note'], message: 'bước không có căn cứ pháp lý (chỉ tiêu nội bộ) thì cần "note" giải thích' });
export type DeadlineRule = z.infer<typeof deadlineRule>;

export const deadlinesFile = z
  .object({
    $schema: z.string().optional(),
    remindBeforeWorkingDays: z.number().int().min(0).max(10).default(1).describe('Nhắc nhóm cán bộ trước hạn bao nhiêu ngày làm việc'),
    soonWorkingDays: z.number().int().min(0).max(10).default(2).describe('Đánh dấu "sắp đến hạn" khi còn bấy nhiêu ngày làm việc'),
    rules: z.array(deadlineRule).describe('Thời hạn xử lý theo loại hồ sơ'),
  })
  .strict()
  .superRefine((f, ctx) => {
    const seen = new Set<string>();
    f.rules.forEach((r, i) => {
      if (seen.has(r.kind)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'kind'], message: `loại "${r.kind}" đã có quy định ở trên` });
      seen.add(r.kind);
    });
  });
export type DeadlinesFile = z.infer<typeof deadlinesFile>;

/** JSON Schemas for editors (kb schema). */
export function caseworkEditorSchemas(): Record<string, unknown> {
  const opts = { io: 'input', target: 'draft-7' } as const;
  return { 'calendar.schema.json': z.toJSONSchema(calendarFile, opts), 'deadlines.schema.json': z.toJSONSchema(deadlinesFile, opts) };
}
