// Entry replies worked out once per entry, reading and way of asking.
import { describe, expect, it } from 'vitest';
import { ReplyMemo } from '../src/conversation/reply-memo.ts';
import type { Reading } from '../src/knowledge/reading.ts';
import { entry as entrySchema, type Entry } from '../src/knowledge/schema.ts';
import type { Reply } from '../src/conversation/types.ts';
import { procedure } from './helpers/knowledge-fixtures.ts';

const birth: Entry = entrySchema.parse(procedure('civil.birth', 'Đăng ký khai sinh', ['làm giấy khai sinh cho con', 'đăng ký khai sinh cần gì', 'khai sinh cho bé ở đâu', 'dang ky khai sinh qua han', 'khai sinh cho trẻ mới sinh', 'thủ tục khai sinh'], { category: 'civil' }));
const reading = (today: string, settings = {} as Reading['settings'], documents = {} as Reading['documents']): Reading => ({ settings, documents, today });

describe('ReplyMemo', () => {
  it('tells a reply once per entry, day, settings, documents and way of asking, and hands out its top level to change, the rest frozen', () => {
    const memo = new ReplyMemo();
    let told = 0;
    const tell = (): Reply => ({ sections: [{ lines: [`lần ${++told}`] }], buttons: [{ label: 'Hồ sơ', payload: 'x' }] });
    const today = reading('2026-12-06');

    const first = memo.reply(birth, today, 'first', tell);
    first.buttons = [...first.buttons, { label: 'thêm', payload: 'y' }];
    expect(() => first.sections[0]!.lines.push('sửa tại chỗ')).toThrow(TypeError);
    const again = memo.reply(birth, reading('2026-12-06', today.settings, today.documents), 'first', tell);
    expect(told).toBe(1);
    expect(again).toEqual({ sections: [{ lines: ['lần 1'] }], buttons: [{ label: 'Hồ sơ', payload: 'x' }] });

    memo.reply(birth, today, 'full', tell);
    expect(told).toBe(2);
    memo.reply(birth, reading('2027-01-01', today.settings, today.documents), 'first', tell);
    expect(told).toBe(3);
    memo.reply(birth, reading('2026-12-06', { ...today.settings }, today.documents), 'first', tell);
    expect(told).toBe(4);
    memo.reply(birth, reading('2026-12-06', today.settings, { ...today.documents } as Reading['documents']), 'first', tell);
    expect(told).toBe(5);
    // The knowledge loaded again: the same entry, a new object.
    memo.reply({ ...birth }, today, 'first', tell);
    expect(told).toBe(6);
  });
});
