import { describe, expect, it } from 'vitest';
import { SearchEngine } from '../src/search/engine.ts';
import { decide, DEFAULT_THRESHOLDS } from '../src/search/decision.ts';
import { entry as entrySchema, type Entry } from '../src/knowledge/schema.ts';
import { procedure } from './helpers/knowledge-fixtures.ts';

const parse = (raw: unknown): Entry => entrySchema.parse(raw);
const smalltalk = (id: string, title: string, questions: string[]) =>
  parse({ kind: 'smalltalk', id, category: 'smalltalk', title, questions, updated: '2026-11-26', answer: { text: title } });

const entries: Entry[] = [
  parse(procedure('land.transfer', 'Chuyển nhượng quyền sử dụng đất (sang tên sổ đỏ khi mua bán)', [
    'thủ tục sang tên sổ đỏ khi mua đất', 'mua bán đất cần làm giấy tờ gì', 'công chứng hợp đồng chuyển nhượng đất',
    'sang ten so do mat bao lau', 'mua nhà đất rồi thì đăng ký sang tên ở đâu', 'chuyển nhượng quyền sử dụng đất',
  ], { keywords: ['sang tên', 'mua bán đất', 'chuyển nhượng'] })),
  parse(procedure('land.gift', 'Tặng cho quyền sử dụng đất (bố mẹ cho con đất)', [
    'bố mẹ cho con đất thì làm thủ tục gì', 'tặng cho quyền sử dụng đất', 'hợp đồng tặng cho nhà đất',
    'cho tặng đất giữa anh em ruột', 'ba má muốn cho con mảnh đất', 'tang cho dat co phai dong thue khong',
  ], { keywords: ['tặng cho', 'cho con đất'] })),
  parse(procedure('land.reissue-lost', 'Cấp lại Giấy chứng nhận bị mất (mất sổ đỏ)', [
    'làm mất sổ đỏ phải làm sao', 'cấp lại sổ đỏ bị mất', 'mất giấy chứng nhận quyền sử dụng đất',
    'so do bi mat xin cap lai', 'đánh rơi sổ hồng', 'thủ tục cấp lại giấy chứng nhận bị mất',
  ], { keywords: ['mất sổ', 'cấp lại'] })),
  parse(procedure('civil.birth', 'Đăng ký khai sinh', [
    'làm giấy khai sinh cho con', 'đăng ký khai sinh cần gì', 'khai sinh cho bé ở đâu',
    'dang ky khai sinh qua han', 'khai sinh cho trẻ mới sinh', 'thủ tục khai sinh',
  ], { category: 'civil', keywords: ['khai sinh', 'giấy khai sinh'] })),
  smalltalk('smalltalk.greeting', 'Chào hỏi', ['xin chào', 'chào bạn', 'hello', 'alo', 'chào bot', 'hi']),
  smalltalk('smalltalk.thanks', 'Cảm ơn', ['cảm ơn', 'cám ơn nhiều', 'thanks', 'tks', 'tạm biệt', 'bye']),
];
const synonyms = [['giấy chứng nhận quyền sử dụng đất', 'sổ đỏ', 'sổ hồng', 'bìa đỏ']];
const engine = new SearchEngine(entries, synonyms);
const top = (q: string) => {
  const o = engine.search(q);
  return `${o.decision}:${o.hits[0]?.entry.id ?? '-'}`;
};

describe('SearchEngine answers', () => {
  it('answers a clear question with diacritics, without them, and in decomposed Unicode', () => {
    const q = 'Thủ tục sang tên sổ đỏ khi mua đất';
    expect(top(q)).toBe('answer:land.transfer');
    expect(top('thu tuc sang ten so do khi mua dat')).toBe('answer:land.transfer');
    expect(top(q.normalize('NFD'))).toBe('answer:land.transfer');
  });

  it('understands chat abbreviations and synonyms it was not given as samples', () => {
    expect(top('mất bìa đỏ xin cấp lại đc ko')).toBe('answer:land.reissue-lost');
    expect(top('khai sinh cho be can j')).toBe('answer:civil.birth');
  });

  it('trusts diacritics that disagree with the knowledge base less, but forgives a missing tone', () => {
    const toneless = engine.search('mất sổ đo xin cấp lại'); // "đo" for "đỏ": tone left out
    const typed = engine.search('mất sổ đỏ xin cấp lại');
    expect(toneless.hits[0]?.entry.id).toBe('land.reissue-lost');
    expect(toneless.hits[0]?.score).toBeCloseTo(typed.hits[0]!.score, 5);
    const other = engine.search('mất sổ đồ xin cấp lại'); // "đồ" (things) is another word
    expect(other.hits[0]!.score).toBeLessThan(typed.hits[0]!.score);
  });

  it('repairs typos and run-together words', () => {
    const typo = engine.search('dang ki khaisinh cho con');
    expect(typo.hits[0]?.entry.id).toBe('civil.birth');
    expect(typo.repairs).toContainEqual({ from: 'khaisinh', to: 'khai sinh' });
    const fuzzy = engine.search('thu tuc chuyen nhuongg quyen su dung dat');
    expect(fuzzy.hits[0]?.entry.id).toBe('land.transfer');
    expect(fuzzy.repairs).toContainEqual({ from: 'nhuongg', to: 'nhuong' });
    // A short syllable missing a letter is put back only where its neighbour agrees.
    const short = engine.search('lam giay khai sih cho con');
    expect(short.repairs).toContainEqual({ from: 'sih', to: 'sinh' });
    expect(short.hits[0]?.entry.id).toBe('civil.birth');
    expect(engine.search('nha o da lat cho con').repairs.map((r) => r.from)).not.toContain('lat');
  });

  it('answers small talk, and a question that merely starts with a greeting by its topic', () => {
    expect(top('Xin chào')).toBe('answer:smalltalk.greeting');
    expect(top('ok thanks')).toBe('answer:smalltalk.thanks');
    expect(top('xin chào, cho hỏi làm giấy khai sinh cho con ở đâu')).toBe('answer:civil.birth');
  });

  it('reads past the greeting, the thanks and the person addressed around a question', () => {
    expect(top('Xin chào, tôi muốn hỏi thủ tục sang tên sổ đỏ. Cảm ơn')).toBe('answer:land.transfer');
    expect(top('Kính gửi luật sư, cho tôi hỏi làm giấy khai sinh cho con cần gì? Xin cảm ơn luật sư')).toBe('answer:civil.birth');
    expect(top('cảm ơn nhiều nhé')).toBe('answer:smalltalk.thanks');
  });

  it('recognises a phrase with a filler inside it ("quán cà phê nào ngon")', () => {
    const e = new SearchEngine(entries, synonyms, { foreignTopics: [{ label: 'ăn uống', phrases: ['quán cà phê ngon'] }] });
    const o = e.search('quán cà phê nào ngon gần phường');
    expect(o.decision).toBe('none');
    expect(o.foreign.map((t) => t.label)).toEqual(['ăn uống']);
    expect(e.search('quán cà phê rất rất ngon').foreign).toEqual([]);
  });

  it('lets an entry that names one phrase of an out-of-scope topic cover that phrase, not the whole topic', () => {
    const crime = { label: 'vụ việc hình sự', phrases: ['trình báo công an', 'tạm giam', 'đánh bạc', 'mất xe máy'] };
    const withReport = [...entries.slice(0, 2), parse(procedure('land.reissue-lost', 'Cấp lại Giấy chứng nhận bị mất (mất sổ đỏ)', [
      'làm mất sổ đỏ phải làm sao', 'cấp lại sổ đỏ bị mất', 'mất sổ đỏ có cần trình báo công an không', 'đánh rơi sổ hồng',
      'so do bi mat xin cap lai', 'thủ tục cấp lại giấy chứng nhận bị mất',
    ], { keywords: ['mất sổ', 'cấp lại', 'trình báo công an mất sổ đỏ'] })), ...entries.slice(3)];
    const e = new SearchEngine(withReport, synonyms, { foreignTopics: [crime] });
    expect(e.search('mất sổ đỏ có phải trình báo công an không').decision).not.toBe('none');
    const jailed = e.search('chồng tôi bị tạm giam vì đánh bạc, gia đình muốn xin cấp lại giấy tờ thì làm sao');
    expect(jailed.decision).toBe('none');
    expect(jailed.foreign.map((t) => t.label)).toEqual(['vụ việc hình sự']);
    // Every phrase of the topic that the question names, not one of them.
    expect(e.search('bị mất xe máy thì trình báo công an ở đâu').decision).toBe('none');
  });
});

describe('SearchEngine clarifies and declines', () => {
  it('asks back when several entries fit equally', () => {
    const twins = new SearchEngine(
      [
        parse(procedure('land.transfer', 'Chuyển nhượng quyền sử dụng đất', ['thủ tục sổ đỏ khi mua đất', 'mua đất', 'bán đất', 'sang tên', 'hợp đồng mua bán', 'công chứng'])),
        parse(procedure('land.gift', 'Tặng cho quyền sử dụng đất', ['thủ tục sổ đỏ khi được cho đất', 'cho đất', 'tặng đất', 'cho con', 'hợp đồng tặng cho', 'bố mẹ cho'])),
      ],
      synonyms,
    );
    const o = twins.search('sổ đỏ');
    expect(o.decision).toBe('clarify');
    expect(o.offered).toBe(2);
    expect(o.hits.map((h) => h.entry.id).sort()).toEqual(['land.gift', 'land.transfer']);
  });

  it('does not answer from incidental word overlap', () => {
    for (const q of ['giá vàng hôm nay bao nhiêu', 'kết quả bóng đá tối qua', 'asdfghjkl', 'cách nấu phở bò', 'mua đồ ăn'])
      expect(engine.search(q).decision, q).toBe('none');
  });

  it('returns none for empty, emoji-only, binary and huge input without throwing', () => {
    for (const q of ['', '   ', '🙏🙏🙏', '\u0000\u0007\uFFFF', 'x'.repeat(10_000)]) {
      const o = engine.search(q);
      expect(o.decision, JSON.stringify(q.slice(0, 10))).toBe('none');
    }
    const huge = engine.search('sang tên sổ đỏ '.repeat(700));
    expect(huge.hits[0]?.entry.id).toBe('land.transfer');
  });

  it('scores are between 0 and 1, best first, at most the limit', () => {
    const o = engine.search('đất', 3);
    expect(o.hits.length).toBeLessThanOrEqual(3);
    for (const [i, h] of o.hits.entries()) {
      expect(h.score).toBeGreaterThan(0);
      expect(h.score).toBeLessThanOrEqual(1);
      if (i) expect(h.score).toBeLessThanOrEqual(o.hits[i - 1]!.score);
    }
  });

  it('ranks hand-written entries above imported ones of the same wording', () => {
    const imported = parse({
      ...procedure('dvc.1-000001', 'Đăng ký khai sinh', ['thủ tục khai sinh', 'đăng ký khai sinh', 'khai sinh ở đâu', 'khai sinh mất bao lâu', 'khai sinh bao nhiêu tiền', 'hồ sơ khai sinh']),
      imported: { catalog: 'dvc', code: '1.000001', level: 'Cấp xã', field: 'Hộ tịch', importedAt: '2026-11-26' },
    });
    const both = new SearchEngine([...entries, imported], synonyms);
    expect(both.search('đăng ký khai sinh').hits[0]?.entry.id).toBe('civil.birth');
  });
});

describe('decide', () => {
  const t = DEFAULT_THRESHOLDS;
  it('answers a clear winner, clarifies a close race, declines a weak match', () => {
    expect(decide([{ score: 0.8, coverage: 0.9 }, { score: 0.3, coverage: 0.4 }]).decision).toBe('answer');
    expect(decide([{ score: 0.8, coverage: 0.9 }, { score: 0.78, coverage: 0.9 }]).decision).toBe('clarify');
    expect(decide([{ score: t.leadScore - 0.01, coverage: 1 }]).decision).toBe('none');
    expect(decide([{ score: 0.9, coverage: t.leadCoverage - 0.01 }]).decision).toBe('none');
    expect(decide([]).decision).toBe('none');
  });

  it('offers the one entry that leads clearly without fitting well enough to answer', () => {
    const leading = { score: t.minScore + 0.02, coverage: t.minCoverage - 0.05 };
    expect(decide([leading, { score: leading.score * (t.leadRatio - 0.1), coverage: 0.2 }])).toEqual({ decision: 'clarify', shown: 1 });
    // Without a clear lead it is not offered.
    expect(decide([leading, { score: leading.score * (t.leadRatio + 0.1), coverage: 0.2 }]).decision).toBe('none');
  });
  it('offers up to three close options', () => {
    const r = decide([{ score: 0.6, coverage: 0.7 }, { score: 0.58, coverage: 0.7 }, { score: 0.57, coverage: 0.7 }, { score: 0.56, coverage: 0.7 }]);
    expect(r).toEqual({ decision: 'clarify', shown: 3 });
  });
});

describe('SearchEngine keeps recent outcomes', () => {
  it('answers a question asked again with the outcome it worked out, apart per limit, and afresh when told to keep none', () => {
    const kept = new SearchEngine(entries, synonyms);
    const first = kept.search('làm mất sổ đỏ phải làm sao', 5);
    expect(first.hits[0]?.entry.id).toBe('land.reissue-lost');
    expect(kept.search('làm mất sổ đỏ phải làm sao', 5)).toBe(first);
    expect(kept.search('làm mất sổ đỏ phải làm sao', 1)).not.toBe(first);
    expect(kept.search('làm mất sổ đỏ phải làm sao', 1).hits).toHaveLength(1);

    const none = new SearchEngine(entries, synonyms, { outcomesKept: 0 });
    const once = none.search('làm mất sổ đỏ phải làm sao', 5);
    const again = none.search('làm mất sổ đỏ phải làm sao', 5);
    expect(again).not.toBe(once);
    expect(again).toEqual(once);
  });
});
