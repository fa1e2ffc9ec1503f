// Real questions are letters: a story (who, when, what happened) and then what is asked
// ("Xin hỏi thủ tục cấp lại như thế nào?"). The story's words are mostly incidental: a
// land certificate lost on the way to the bank is not a question about bank loans. This
// finds the sentences that ask, so that the engine can weigh them above the story and a
// long letter is not judged by how much of it the knowledge base happens to explain.
import { foldText } from './normalize.ts';

export interface LetterParts {
  /** The sentences that ask, with the one before when the question points back to it ("việc này…"). */
  focus: string;
  /** True for a message told as a story: several sentences, long enough that weighing them matters. */
  isLetter: boolean;
}

/** A letter has at least this many syllables; a chat question shorter than this is read whole. */
const LETTER_MIN_SYLLABLES = 25;

/**
 * Phrases that mark a sentence as the question, on folded text: the request ("xin hỏi",
 * "mong luật sư tư vấn"), the question words ("thế nào", "ở đâu", "bao lâu", "bao nhiêu")
 * and the yes/no frame ("có được … không", "… phải không").
 */
const ASKS = new RegExp(
  [
    String.raw`\b(xin|cho|muon|can|nho|kinh) (duoc )?(hoi|tu van|giai dap|huong dan|chi dan|biet)\b`,
    String.raw`\b(toi|em|chau|minh|chung toi|gia dinh toi) (muon|can) (hoi|biet|duoc)\b`,
    String.raw`\b(mong|de nghi|kinh mong|rat mong|xin) (luat su|quy bao|toa soan|quy co quan|co quan|ban bien tap|chuyen gia|chuyen muc|anh chi|duoc)\b`,
    String.raw`\b(tu van|giai dap|huong dan) (giup|dum|cho)\b`,
    String.raw`\b(the nao|nhu the nao|ra sao|o dau|(len|ve|den|toi|nop|gui|lam) dau|cho nao|noi nao|bao lau|bao nhieu|khi nao|bao gio|lam sao|la gi|gi khong|nhung gi|ai (la|se|co)|nao (la|de|thi))\b`,
    String.raw`\b(co|duoc|phai|bi|can|nen) .{0,60}\b(khong|ko|k|hay khong|chua|khong a|ko a)\s*$`,
    String.raw`\b(duoc khong|phai khong|dung khong|hay khong|co sao khong|co bi gi khong|hop phap khong|hop le khong)\b`,
    String.raw`\b(phai|can|nen) (lam gi|lam sao|lam the nao|lam nhu the nao|xu ly|giai quyet) `,
    String.raw`\b(thu tuc|trinh tu|ho so|giay to|le phi|thoi han|dieu kien)\b.{0,40}\b(gom|nhu the nao|ra sao|the nao|nhung gi|gi|bao nhieu|o dau)\b`,
  ].join('|'),
);

/** A question this short ("việc này có phải bắt buộc không?") leans on the sentence before it. */
const SHORT_QUESTION_SYLLABLES = 12;
/** …as does one that points back at the story ("trong trường hợp này", "như vậy"). */
const POINTS_BACK = /\b(truong hop (nay|tren|do|nhu vay|cua toi)|viec (nay|do|tren)|nhu vay|nhu tren|nhu the nay|vay thi|thi sao)\b/;

/** Splits at sentence ends (a stop followed by a space: "200.000đ" is one word), keeping a question mark with its sentence. */
function sentences(text: string): { text: string; folded: string; asked: boolean }[] {
  return text
    .split(/(?<=[.?!;…])\s+|\s*\n\s*/u)
    .map((s) => ({ text: s.trim(), folded: foldText(s) }))
    .filter((s) => s.folded.length > 0)
    .map((s) => ({ ...s, asked: s.text.includes('?') }));
}

const syllablesOf = (folded: string) => folded.split(' ').filter(Boolean).length;

/** The part of a message that asks; for a short message, the message itself. */
export function letterParts(text: string): LetterParts {
  if (syllablesOf(foldText(text)) < LETTER_MIN_SYLLABLES) return { focus: text, isLetter: false };
  const parts = sentences(text);
  if (parts.length < 2) return { focus: text, isLetter: false };
  const picked = new Set<number>();
  parts.forEach((s, i) => {
    if (!s.asked && !ASKS.test(s.folded)) return;
    picked.add(i);
    if (i > 0 && (syllablesOf(s.folded) < SHORT_QUESTION_SYLLABLES || POINTS_BACK.test(s.folded))) picked.add(i - 1);
  });
  // Nothing reads as a question: the letter ends with what it wants to know.
  if (!picked.size) picked.add(parts.length - 1);
  const focus = [...picked].sort((a, b) => a - b).map((i) => parts[i]!.text).join(' ');
  return { focus, isLetter: true };
}
