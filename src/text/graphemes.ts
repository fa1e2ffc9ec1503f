// Cutting text where a reader sees a character boundary: never inside a surrogate pair
// (half an emoji is invalid UTF-16), nor between a letter and its combining marks, nor
// inside an emoji sequence (👨‍👩‍👧, flags, skin tones).

const segmenter = new Intl.Segmenter('vi', { granularity: 'grapheme' });

/** The longest prefix of `text` of at most `max` UTF-16 units that ends on a grapheme boundary. */
export function cutAtGrapheme(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = 0;
  for (const { index, segment } of segmenter.segment(text.slice(0, max + 64))) {
    if (index + segment.length > max) break;
    end = index + segment.length;
  }
  return text.slice(0, end);
}
