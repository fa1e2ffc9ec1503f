import { describe, expect, it } from 'vitest';
import { foldText, syllables, MAX_ANALYSED_CHARS } from '../src/search/normalize.ts';
import { Analyzer, expandedSyllables } from '../src/search/analyzer.ts';

describe('foldText', () => {
  it('folds composed and decomposed input to the same text', () => {
    const composed = 'Đăng ký khai sinh cho bé';
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    expect(foldText(decomposed)).toBe('dang ky khai sinh cho be');
    expect(foldText(composed)).toBe(foldText(decomposed));
  });

  it('maps đ and Đ to d', () => {
    expect(foldText('ĐẤT ĐAI đỏ')).toBe('dat dai do');
  });

  it('drops emoji, punctuation and zero-width characters', () => {
    expect(foldText('Sổ\u200B đỏ 🏠🙏!!! ở đâu???')).toBe('so do o dau');
    expect(foldText('👍👍👍')).toBe('');
    expect(foldText('  \n\t ')).toBe('');
  });

  it('caps very long messages instead of analysing all of them', () => {
    const huge = 'sổ đỏ '.repeat(2_000); // 12,000 characters
    const folded = foldText(huge);
    expect(folded.length).toBeLessThanOrEqual(MAX_ANALYSED_CHARS);
    expect(folded.startsWith('so do so do')).toBe(true);
  });

  it('treats final y and i after a consonant alike', () => {
    expect(syllables('đăng ký')).toEqual(syllables('dang ki'));
    expect(syllables('quý vị')).toEqual(['qui', 'vi']);
    expect(syllables('giấy tờ')).toEqual(['giay', 'to']); // "ay" is a vowel pair, not a final y
  });
});

describe('chat abbreviations', () => {
  it('spells out ko, k, dc, đc, j, ntn', () => {
    expect(expandedSyllables('ko dc j')).toEqual(['khong', 'duoc', 'gi']);
    expect(expandedSyllables('đc k')).toEqual(['duoc', 'khong']);
    expect(expandedSyllables('lam ntn')).toEqual(['lam', 'nhu', 'the', 'nao']);
  });
});

describe('Analyzer', () => {
  const analyzer = new Analyzer([['giấy chứng nhận quyền sử dụng đất', 'sổ đỏ', 'bìa đỏ', 'GCN QSDĐ']]);

  it('maps every synonym to one concept', () => {
    const concept = (text: string) => [...analyzer.analyze(text).features].filter(([, f]) => f.kind === 'concept').map(([k]) => k);
    expect(concept('làm sổ đỏ')).toEqual(['~0']);
    expect(concept('lam bia do')).toEqual(['~0']);
    expect(concept('cấp gcn qsdđ')).toEqual(['~0']);
    expect(concept('Giấy chứng nhận quyền sử dụng đất')).toEqual(['~0']);
    expect(concept('giấy khai sinh')).toEqual([]);
  });

  it('drops fillers but keeps words that fold onto meaningful ones', () => {
    const { words } = analyzer.analyze('Cho em hỏi với ạ, nhà con làm sao y bản chính');
    expect(words).toEqual(['cho', 'nha', 'con', 'lam', 'sao', 'y', 'ban', 'chinh']);
  });

  it('makes adjacent word pairs', () => {
    const { features } = analyzer.analyze('đăng ký kết hôn');
    expect(features.get('dang ki')?.kind).toBe('pair');
    expect(features.get('ket hon')?.kind).toBe('pair');
    expect(features.get('ki ket')?.kind).toBe('pair');
  });

  it('gives nothing for empty, emoji-only or binary input', () => {
    expect(analyzer.analyze('').features.size).toBe(0);
    expect(analyzer.analyze('😀😀😀').features.size).toBe(0);
    expect(analyzer.analyze('\u0000\u0001\u0002\uFFFD').features.size).toBe(0);
  });
});
