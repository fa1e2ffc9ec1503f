// Words that frame a question without saying what it is about: greetings and thanks
// around it ("Xin chào, … Cảm ơn"), the person addressed ("luật sư", "quý báo", "tòa
// soạn") and the request itself ("cho tôi hỏi", "mong được giải đáp"). Letters and polite
// chat are full of them; left in, they dilute the fit of the right entry and let
// "Cảm ơn, tạm biệt" outrank "sang tên sổ đỏ". The analyzer drops them, but only when
// enough is left to match on its own: "xin chào" or "cảm ơn nhiều" typed alone is smalltalk.
export const FRAME_PHRASES: readonly string[] = [
  // greetings and thanks
  'xin chào', 'chào bạn', 'chào anh', 'chào chị', 'chào em', 'chào ad', 'chào admin', 'chào bot', 'chào luật sư',
  'chào anh chị', 'chào các anh chị', 'chào quý báo', 'alo', 'hello', 'kính gửi', 'kính thưa', 'thưa',
  'xin cảm ơn', 'cảm ơn', 'cám ơn', 'chân thành cảm ơn', 'trân trọng cảm ơn', 'xin trân trọng cảm ơn', 'trân trọng',
  'thanks', 'tks', 'thank you', 'cảm ơn nhiều', 'xin chân thành cảm ơn',
  // the person or office addressed
  'luật sư', 'quý luật sư', 'văn phòng luật sư', 'tòa soạn', 'quý tòa soạn', 'quý báo', 'ban biên tập', 'chuyên mục',
  'chuyên gia', 'quý cơ quan',
  // the request
  'xin hỏi', 'cho hỏi', 'muốn hỏi', 'xin được hỏi', 'cho biết', 'xin cho biết', 'tư vấn giúp', 'tư vấn cho',
  'xin tư vấn', 'mong được tư vấn', 'giải đáp giúp', 'xin giải đáp', 'mong được giải đáp', 'giải đáp thắc mắc',
  'hướng dẫn giúp', 'hướng dẫn tôi', 'hướng dẫn cho tôi', 'hướng dẫn giúp tôi', 'hướng dẫn em', 'hướng dẫn giúp em',
  'hướng dẫn cụ thể', 'giúp đỡ', 'giúp với', 'với ạ',
];

/** A message keeps its frame unless at least this many content units remain without it. */
export const MIN_UNITS_WITHOUT_FRAME = 3;
