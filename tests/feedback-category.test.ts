// The field a citizen's feedback is filed under (17.6), on realistic texts with and without
// diacritics: a land complaint whose best search hit is a general entry ("hồ sơ chưa có kết
// quả") is filed under land, the field named first wins over one mentioned in passing, and
// a subject no field covers is left unclassified rather than guessed.
import { describe, expect, it } from 'vitest';
import { openEngine } from '../src/app/live-knowledge.ts';
import { chooseCategory } from '../src/conversation/feedback-category.ts';

const { engine } = openEngine(['knowledge']);

const CASES: [string, string | undefined][] = [
  ['Tôi nộp hồ sơ cấp giấy chứng nhận quyền sử dụng đất từ tháng 3 đến giờ vẫn chưa có kết quả, cán bộ hẹn hoài', 'land'],
  ['can bo mot cua hen tra so do 3 lan van chua tra, de nghi uy ban xem xet', 'land'],
  ['Nhà bên cạnh xây tường lấn sang đất nhà tôi khoảng nửa mét, tôi đã báo tổ trưởng nhưng chưa ai giải quyết', 'land'],
  ['Đăng ký khai sinh cho con mà cán bộ bắt nộp thêm giấy xác nhận cư trú, trong khi luật không yêu cầu', 'civil'],
  ['Làm căn cước cho con ở công an phường chờ hơn 2 tháng chưa có thẻ', 'residence'],
  ['Đăng ký tạm trú cho người thuê trọ mà chủ nhà bị yêu cầu nộp nhiều giấy tờ không cần thiết', 'residence'],
  ['Hộ kinh doanh quán ăn của tôi đăng ký từ tháng trước mà chưa nhận được giấy chứng nhận', 'business'],
  ['Đề nghị phường bố trí thêm chỗ ngồi chờ ở bộ phận một cửa vì người già phải đứng lâu', 'general'],
  ['Đường liên thôn bị sạt lở, xe máy đi lại rất nguy hiểm, đề nghị sửa chữa', undefined],
];

describe('the field a feedback is filed under', () => {
  for (const [text, field] of CASES) {
    it(`${field ?? 'unclassified'}: ${text.slice(0, 60)}…`, () => {
      expect(chooseCategory(text, engine)).toBe(field);
    });
  }

  it('files a land complaint under land even though the engine\'s best entry is a general one', () => {
    const text = CASES[0]![0];
    expect(engine.search(text, 1).hits[0]!.entry.category).toBe('general');
    expect(chooseCategory(text, engine)).toBe('land');
  });
});
