import { describe, expect, it } from 'vitest';
import { asSentence, clip, firstSentence, gist } from '../src/text/sentences.ts';

describe('short forms of sentences', () => {
  it('take the first sentence, not a decimal point or an abbreviation', () => {
    expect(firstSentence('Lệ phí 0.5% giá trị. Miễn cho người nghèo.')).toBe('Lệ phí 0.5% giá trị.');
    expect(firstSentence('Nộp tại TP. Bảo Lộc cũ. Hoặc trực tuyến.')).toBe('Nộp tại TP. Bảo Lộc cũ.');
    expect(firstSentence('Cấp đổi 50.000 đồng/thẻ; cấp lại 70.000 đồng/thẻ.')).toBe('Cấp đổi 50.000 đồng/thẻ.');
    expect(firstSentence('Không có dấu chấm')).toBe('Không có dấu chấm');
  });

  it('clip at a clause boundary and say so, never doubling punctuation', () => {
    expect(clip('Nộp tại Trung tâm Phục vụ hành chính công phường, địa chỉ số 1 đường A, giờ làm việc từ thứ Hai đến thứ Sáu', 80)).toBe('Nộp tại Trung tâm Phục vụ hành chính công phường, địa chỉ số 1 đường A…');
    expect(clip('ngắn', 70)).toBe('ngắn');
    expect(asSentence('18001096 (tổng đài)')).toBe('18001096 (tổng đài).');
    expect(asSentence('Xong.')).toBe('Xong.');
    expect(gist('Một câu rất dài, rất dài, rất dài, rất dài. Câu hai.', 30)).toMatch(/…$/);
  });
});
