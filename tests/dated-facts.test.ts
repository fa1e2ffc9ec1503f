// Facts with validity dates: the value in force on the day, with the day it ends and what
// comes next; an ended fact is never shown as current; mistakes explained in Vietnamese.
import { describe, expect, it } from 'vitest';
import { factOn, factText } from '../src/knowledge/facts.ts';
import { loadKnowledge } from '../src/knowledge/load.ts';
import { clockFor, todayOn } from '../src/time/clock.ts';
import { addMonths } from '../src/time/days.ts';
import { knowledgeDir, procedure, sixQuestions } from './helpers/knowledge-fixtures.ts';

const reduced = { value: 'Cấp đổi 25.000 đồng/thẻ.', from: '2025-07-01', until: '2026-12-31', before: 'Cấp đổi 50.000 đồng/thẻ.', after: 'Cấp đổi 50.000 đồng/thẻ.' };

describe('dated facts', () => {
  it('give the value in force on the day, saying until when and what follows', () => {
    expect(factText(reduced, '2026-12-06')).toBe('Cấp đổi 25.000 đồng/thẻ, đến hết 31/12/2026. Từ 01/01/2027: Cấp đổi 50.000 đồng/thẻ.');
    expect(factText(reduced, '2026-12-31')).toMatch(/^Cấp đổi 25\.000 đồng\/thẻ, đến hết 31\/12\/2026\./);
    expect(factText(reduced, '2027-01-01')).toBe('Cấp đổi 50.000 đồng/thẻ (áp dụng từ 01/01/2027).');
    expect(factText(reduced, '2028-01-01')).toBe('Cấp đổi 50.000 đồng/thẻ.');
    expect(factText(reduced, '2025-06-30')).toBe('Cấp đổi 50.000 đồng/thẻ, đến hết 30/06/2025. Từ 01/07/2025: Cấp đổi 25.000 đồng/thẻ.');
  });

  it('never show an ended fact as current, and announce one not yet in force', () => {
    const ending = { value: 'Miễn lệ phí khi nộp trực tuyến.', until: '2027-02-28' };
    expect(factOn(ending, '2027-03-01')).toEqual({ state: 'ended', until: '2027-02-28' });
    expect(factText(ending, '2027-03-01')).toBeUndefined();
    expect(factText({ value: 'Nộp trực tuyến trên Cổng.', from: '2027-07-01' }, '2027-01-05')).toBe('Từ ngày 01/07/2027: Nộp trực tuyến trên Cổng.');
    expect(factText('Không đổi theo ngày.', '2030-01-01')).toBe('Không đổi theo ngày.');
  });

  it('are checked by the schema with mistakes explained in Vietnamese, field by field', () => {
    const bad = procedure('land.transfer', 'Chuyển nhượng quyền sử dụng đất', sixQuestions('sang tên sổ đỏ'));
    bad.answer = { ...bad.answer, fees: { value: '15.000 đồng', from: '2027-01-01', until: '2026-12-31', after: 'x' } as never, documents: [{ value: 'Đơn.', untill: '2026-01-01' } as never] };
    const kb = loadKnowledge([knowledgeDir({ 'land.json': { entries: [bad] } })]);
    const mine = kb.problems.filter((p) => p.entry === 'land.transfer');
    expect(mine.map((p) => `${p.field}: ${p.message}`)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^answer\.fees\.until: ngày "until" \(2026-12-31\) đứng trước ngày "from" \(2027-01-01\)/),
        expect.stringMatching(/^answer\.documents\.0: trường không có trong mẫu \(viết sai tên\?\): untill/),
      ]),
    );
    for (const p of mine) expect(p.message).not.toMatch(/khớp với kiểu nào|Invalid/);
    expect(kb.entries).toEqual([]);
  });
});

describe('the clock', () => {
  it('TTHC_TODAY moves the calendar to that day while the time of day runs on', () => {
    const real = () => new Date('2026-12-06T10:00:00Z');
    const clock = clockFor('2027-01-05', real);
    expect(todayOn(clock)).toBe('2027-01-05');
    expect(clock().toISOString()).toBe('2027-01-05T10:00:00.000Z');
    expect(() => clockFor('2027-02-30')).toThrow(/không hợp lệ/);
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
  });
});
