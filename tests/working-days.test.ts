// Working days in Vietnam and the deadlines counted on them: weekends, solar and lunar
// holidays (checked against the dates Vietnam actually keeps), nghỉ bù, the government's
// yearly swaps, and the legal time limits of knowledge/deadlines.json across Tết 2027 and 2/9.
import { describe, expect, it } from 'vitest';
import { deadlineFor, deadlineState, dueOf } from '../src/feedback/deadlines.ts';
import { loadKnowledge } from '../src/knowledge/load.ts';
import { lunarToSolar, WorkingCalendar } from '../src/time/working-days.ts';
import { clockFor, todayOn } from '../src/time/clock.ts';
import { knowledgeDir } from './helpers/knowledge-fixtures.ts';

const kb = loadKnowledge(['knowledge']);
const calendar = new WorkingCalendar(kb.calendar!);
const casework = { calendar, deadlines: kb.deadlines };

describe('the lunar calendar library', () => {
  it('gives the dates Vietnam keeps for Tết and Giỗ Tổ Hùng Vương', () => {
    expect(lunarToSolar(2025, '01-01')).toBe('2025-01-29');
    expect(lunarToSolar(2026, '01-01')).toBe('2026-02-17');
    expect(lunarToSolar(2027, '01-01')).toBe('2027-02-06');
    expect(lunarToSolar(2025, '03-10')).toBe('2025-04-07');
    expect(lunarToSolar(2026, '03-10')).toBe('2026-04-26');
    expect(lunarToSolar(2027, '03-10')).toBe('2027-04-16');
    // Tháng Chạp of Ất Tỵ has 29 days: there is no 30th.
    expect(lunarToSolar(2025, '12-30')).toBeUndefined();
  });
});

describe('working days', () => {
  it('knows the holidays of the data file, with the 2026 swaps', () => {
    expect(kb.problems.filter((p) => /calendar|deadlines/.test(p.file))).toEqual([]);
    // Tết 2026: the five statutory days Mon 16/2 – Fri 20/2 between two weekends.
    for (const day of ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']) expect(calendar.isWorkingDay(day), day).toBe(false);
    expect(calendar.isWorkingDay('2026-02-13')).toBe(true);
    expect(calendar.isWorkingDay('2026-02-23')).toBe(true);
    // New Year 2026: Friday 2/1 off, Saturday 10/1 worked instead.
    expect(calendar.isWorkingDay('2026-01-02')).toBe(false);
    expect(calendar.isWorkingDay('2026-01-10')).toBe(true);
    // Giỗ Tổ 2026 on a Sunday: Monday 27/4 off.
    expect(calendar.isWorkingDay('2026-04-27')).toBe(false);
    expect(calendar.holidayOf('2026-04-26')).toBe('Giỗ Tổ Hùng Vương');
  });

  it('gives Tết 2027 five days from the last day of the year, with nghỉ bù for the weekend', () => {
    expect(calendar.holidayOf('2027-02-05')).toBe('Tết Nguyên đán');
    for (const day of ['2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11']) expect(calendar.isWorkingDay(day), day).toBe(false);
    expect(calendar.holidayOf('2027-02-10')).toBe('Nghỉ bù Tết Nguyên đán');
    expect(calendar.isWorkingDay('2027-02-04')).toBe(true);
    expect(calendar.isWorkingDay('2027-02-12')).toBe(true);
    expect(calendar.isWorkingDay('2027-05-03')).toBe(false); // 1/5/2027 is a Saturday
    expect(calendar.isWorkingDay('2027-04-16')).toBe(false); // Giỗ Tổ
  });

  it('counts working days forward and between, the start day not counted', () => {
    expect(calendar.addWorkingDays('2027-02-03', 2)).toBe('2027-02-12');
    expect(calendar.workingDaysBetween('2027-02-03', '2027-02-12')).toBe(2);
    expect(calendar.workingDaysBetween('2027-02-12', '2027-02-03')).toBe(-2);
    expect(calendar.previousWorkingDay('2027-02-12')).toBe('2027-02-04');
    expect(calendar.addWorkingDays('2027-02-06', 1)).toBe('2027-02-12'); // filed on a holiday
  });

  it('lets a year decision replace the automatic nghỉ bù, and explains mistakes in Vietnamese', () => {
    const custom = new WorkingCalendar({ weekend: [0, 6], compensate: true, holidays: [{ name: 'Quốc khánh', solar: '09-02', days: 2, offset: -1 }], years: [{ year: 2029, off: ['2029-09-03'], work: ['2029-09-08'] }] });
    expect(custom.isWorkingDay('2029-09-03')).toBe(false);
    expect(custom.isWorkingDay('2029-09-08')).toBe(true);
    expect(custom.isWorkingDay('2029-09-04')).toBe(true); // 2/9/2029 is a Sunday, but the year's decision says it all
    const broken = loadKnowledge([
      knowledgeDir({
        'calendar.json': { holidays: [{ name: 'Tết', solar: '01-01', lunar: '01-01' }, { name: 'X', solar: '13-40' }], years: [{ year: 2027, off: ['2026-05-01'] }] },
        'deadlines.json': { rules: [{ kind: 'phan-anh', label: 'PA', stages: [{ name: 'Xử lý', limit: { days: 0, counting: 'working' } }] }] },
      }),
    ]);
    const messages = broken.problems.map((p) => `${p.file.split('/').pop()} ${p.field}: ${p.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/calendar\.json holidays\.0\.solar: ghi đúng một trong hai/),
        expect.stringMatching(/calendar\.json holidays\.1\.solar: ngày dạng MM-DD/),
        expect.stringMatching(/calendar\.json years\.0\.off\.0: ngày 2026-05-01 không thuộc năm 2027/),
        expect.stringMatching(/deadlines\.json rules\.0\.stages\.0\.limit/),
      ]),
    );
  });
});

describe('deadlines by law', () => {
  it('counts feedback in working days across Tết 2027 and the 2/9 holiday', () => {
    // Received Wednesday 3/2/2027: Thu 4/2, then nothing until Fri 12/2 (Tết and nghỉ bù).
    expect(deadlineFor('phan-anh', '2027-02-03', casework)?.due).toBe('2027-02-24');
    // Received Friday 27/8/2027: 1/9 and 2/9 are off.
    expect(deadlineFor('kien-nghi', '2027-08-27', casework)?.due).toBe('2027-09-14');
    // The instant is read in Vietnam time: 20:00 UTC on 2/2 is already 3/2 in Vietnam.
    expect(dueOf('phan-anh', '2027-02-02T20:00:00Z', casework)).toBe('2027-02-24');
    expect(deadlineFor('cau-hoi', '2027-02-03', casework)?.due).toBe('2027-02-17');
  });

  it('chains the stages of a complaint, with the acceptance limit in force on the day received', () => {
    // From 1/7/2026: thụ lý 07 working days, then 30 days; a last day on a Sunday moves to Monday.
    const after = deadlineFor('khieu-nai', '2027-01-25', casework)!;
    expect(after.stages.map((s) => [s.name, s.end])).toEqual([
      ['Thụ lý', '2027-02-03'],
      ['Giải quyết lần đầu', '2027-03-05'],
    ]);
    // Before 1/7/2026: 10 calendar days to accept.
    const before = deadlineFor('khieu-nai', '2026-06-01', casework)!;
    expect(before.stages[0]).toMatchObject({ end: '2026-06-11', limit: { days: 10, counting: 'calendar' } });
    // Tố cáo: 07 working days (Thu 4/2, then from Fri 12/2), then 30 days ending on Sunday 21/3: Monday.
    expect(deadlineFor('to-cao', '2027-02-03', casework)?.stages.map((s) => s.end)).toEqual(['2027-02-19', '2027-03-22']);
  });

  it('marks a record due soon within two working days, overdue after, and handled on time or late', () => {
    const open = { status: 'moi' as const, history: [], due: '2027-02-24' };
    expect(deadlineState(open, '2027-02-15', calendar)).toBe('open');
    expect(deadlineState(open, '2027-02-22', calendar)).toBe('soon');
    expect(deadlineState(open, '2027-02-24', calendar)).toBe('soon');
    expect(deadlineState(open, '2027-02-25', calendar)).toBe('overdue');
    const answered = (at: string) => ({ status: 'da-tra-loi' as const, history: [{ at, status: 'da-tra-loi', by: 'x' }], due: '2027-02-24' });
    expect(deadlineState(answered('2027-02-24T09:00:00Z'), '2027-03-01', calendar)).toBe('met');
    expect(deadlineState(answered('2027-02-25T09:00:00Z'), '2027-03-01', calendar)).toBe('late');
    expect(deadlineState({ status: 'moi', history: [] }, '2027-03-01', calendar)).toBe('none');
  });

  it('use TTHC_TODAY as the day counted from', () => {
    const now = clockFor('2027-08-27', () => new Date('2026-12-06T03:00:00Z'));
    expect(dueOf('phan-anh', now().toISOString(), casework)).toBe('2027-09-14');
    expect(todayOn(now)).toBe('2027-08-27');
  });
});
