// Names, phone numbers and e-mail addresses inside free text that is kept outside the
// feedback record (unanswered questions, their page, the report's CSV and DOCX): masked,
// so staff see what was asked and not who asked it. Names are found where Vietnamese
// puts them: after "tôi là", "em tên", "họ tên:" …, or as two to four capitalised words
// led by a common surname ("Nguyễn Văn An") that do not name a place ("tỉnh Lâm Đồng").
import { maskPhones } from './phones.ts';
import { SURNAMES } from './question-quality.ts';

export const NAME_MASK = '[tên đã ẩn]';
export const EMAIL_MASK = '[email đã ẩn]';

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+/gu;

const fold = (w: string) => w.normalize('NFD').replace(/\p{M}+/gu, '').replace(/đ/gi, 'd').toLowerCase();

/** Words that end a name: what a question goes on with after it (as typed, with or without diacritics where that is not a name too). */
const NOT_NAME = new Set(
  `cho hỏi hoi xin muốn muon cần can làm lam ở tại tai sinh năm có co đang dang và va nhà nha số so là la thì thi mà để de này nay kia sao gì gi thế the như vậy vay
   rồi roi nhé nhe ạ à dạ da vâng ơi oi với voi về ve từ tu đến den khi nếu neu hiện định phải phai bị bi được duoc dc không khong ko k chưa chua còn con
   vợ chồng bố mẹ ông bà anh chị em cháu tôi toi mình minh dân người nguoi viên giáo đăng dang ký ky giấy giay thủ tục làm`.split(/\s+/),
);
const lower = (w: string) => w.normalize('NFC').toLowerCase();
/** Words before a capitalised run that make it a place, not a person. */
const PLACE_BEFORE = /(tinh|thanh pho|tp|phuong|xa|quan|huyen|thi xa|thi tran|duong|pho|ngo|hem|kiet|cho|truong|benh vien|cau|song|ho|nui|cong vien|khu|ap|thon|ban|lang|to|dac khu|cang|san bay|ben xe|ga|chua|nha tho|den|dinh)\s*$/;
/** Places named like people (a surname first). */
const PLACES = new Set(['ho chi minh', 'ha noi', 'lam dong', 'ha giang', 'ha nam', 'ha tinh', 'ha long', 'ha tien', 'ha dong', 'vu tau', 'bui thi xuan', 'dinh tien hoang', 'le loi', 'tran hung dao', 'nguyen hue', 'ly thai to', 'le duan', 'phan dinh phung', 'hai phong', 'lang son', 'cao bang', 'ho guom', 'mai chau', 'cao lanh']);

const WORD = /^\p{L}+$/u;
const capitalised = (w: string) => /^\p{Lu}\p{Ll}*$/u.test(w);

/** Where a name starts after an introduction: "tôi là …", "em tên …", "tên tôi là …", "họ tên: …". */
const INTRODUCTION = /\b(?:(?:toi|em|minh|con|chau|tui|to|anh|chi)\s+(la|ten(?:\s+la)?)|(ten)\s+(?:toi|em|minh|con|chau|tui)\s+la|ho\s+(?:va\s+)?(ten)(?:\s+la)?)\s*:?\s+$/;

/** Masks the names in `text` (see the module comment). */
export function maskNames(text: string): string {
  const tokens = text.split(/(\s+)/);
  const out: string[] = [];
  for (let i = 0; i < tokens.length; ) {
    const token = tokens[i]!;
    const bare = token.replace(/[,.;:!?)"']+$/u, '');
    if (!WORD.test(bare)) {
      out.push(token);
      i++;
      continue;
    }
    const before = fold(out.join(''));
    const intro = INTRODUCTION.exec(before);
    const introduced = intro !== null;
    /** "tên …" says a name follows; "là …" may be followed by anything ("tôi là sinh viên"). */
    const named = intro !== null && [intro[1], intro[2], intro[3]].some((g) => g?.startsWith('ten'));
    const led = SURNAMES.has(fold(bare)) && capitalised(bare);
    if (!introduced && !led) {
      out.push(token);
      i++;
      continue;
    }
    // The run of name-like words from here: at most four, ending at punctuation or a word a name does not have.
    const run: number[] = [];
    for (let j = i; j < tokens.length && run.length < 4; j += 2) {
      const word = tokens[j]!;
      const plain = word.replace(/[,.;:!?)"']+$/u, '');
      if (!WORD.test(plain) || NOT_NAME.has(lower(plain)) || (!introduced && !capitalised(plain))) break;
      run.push(j);
      if (plain !== word) break;
    }
    const words = run.map((j) => tokens[j]!.replace(/[,.;:!?)"']+$/u, ''));
    const isName =
      (introduced && run.length >= 1 && (named || SURNAMES.has(fold(words[0]!)) || words.every(capitalised))) ||
      (!introduced && run.length >= 2 && !PLACE_BEFORE.test(before) && !PLACES.has(words.map(fold).join(' ')));
    if (!isName) {
      out.push(token);
      i++;
      continue;
    }
    const last = tokens[run.at(-1)!]!;
    out.push(NAME_MASK + last.slice(last.replace(/[,.;:!?)"']+$/u, '').length));
    i = run.at(-1)! + 1;
  }
  return out.join('');
}

/** `text` with e-mail addresses, phone numbers (any spelling) and names masked. */
export function maskPersonalData(text: string): string {
  return maskNames(maskPhones(text.replace(EMAIL, EMAIL_MASK)));
}
