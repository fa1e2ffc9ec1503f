// How guessable a staff password is, estimated by zxcvbn-ts (Dropbox's zxcvbn in
// TypeScript) over its lists of common passwords, English words and names and keyboard
// patterns, plus the username and words of this deployment: "aaaaaaaaaa", ten spaces,
// "1234567890" or the username repeated are refused however long they are. The warnings
// are given in Vietnamese.
import { ZxcvbnFactory, type TranslationKeys } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';

/** zxcvbn's scale: 0 too guessable … 4 very unguessable; 3 resists an offline attack on a slow hash. */
export const MIN_PASSWORD_SCORE = 3;

/** Words anyone guessing a Vietnamese office's password tries first, without diacritics. */
const LOCAL_WORDS = [
  'matkhau', 'mat khau', 'mat-khau', 'canbo', 'can bo', 'noivu', 'noi vu', 'ubnd', 'uybannhandan', 'phuong', 'xa', 'tinh', 'quantri', 'quan tri',
  'admin', 'hanhchinh', 'motcua', 'vietnam', 'hanoi', 'saigon', 'tthc', 'tthcbot', 'chatbot', 'congdan', 'nguoidan',
];

const VIETNAMESE: TranslationKeys = {
  warnings: {
    straightRow: 'Một hàng phím liền nhau trên bàn phím rất dễ đoán.',
    keyPattern: 'Kiểu gõ theo hình trên bàn phím rất dễ đoán.',
    simpleRepeat: 'Một ký tự lặp lại (như "aaa") rất dễ đoán.',
    extendedRepeat: 'Một nhóm ký tự lặp lại (như "abcabcabc") rất dễ đoán.',
    sequences: 'Dãy ký tự liên tiếp (như "abc", "123") rất dễ đoán.',
    recentYears: 'Năm gần đây rất dễ đoán.',
    dates: 'Ngày tháng rất dễ đoán.',
    topTen: 'Đây là một trong những mật khẩu bị dùng nhiều nhất.',
    topHundred: 'Đây là mật khẩu bị dùng rất phổ biến.',
    common: 'Đây là mật khẩu phổ biến.',
    similarToCommon: 'Mật khẩu này gần giống một mật khẩu phổ biến.',
    wordByItself: 'Một từ đứng riêng rất dễ đoán.',
    namesByThemselves: 'Một tên riêng hoặc họ đứng riêng rất dễ đoán.',
    commonNames: 'Tên và họ phổ biến rất dễ đoán.',
    userInputs: 'Không nên dùng tên đăng nhập hay tên cơ quan trong mật khẩu.',
    pwned: 'Mật khẩu này đã bị lộ trên Internet.',
  },
  suggestions: {
    l33t: 'Tránh thay chữ bằng ký hiệu dễ đoán (như "@" thay "a").',
    reverseWords: 'Tránh viết ngược các từ thông dụng.',
    allUppercase: 'Viết hoa một vài chữ, không phải tất cả.',
    capitalization: 'Viết hoa thêm chữ khác ngoài chữ đầu.',
    dates: 'Tránh ngày tháng năm gắn với bạn.',
    recentYears: 'Tránh các năm gần đây.',
    associatedYears: 'Tránh các năm gắn với bạn.',
    sequences: 'Tránh dãy ký tự liên tiếp.',
    repeated: 'Tránh lặp lại từ và ký tự.',
    longerKeyboardPattern: 'Dùng kiểu gõ dài hơn và đổi hướng nhiều lần.',
    anotherWord: 'Thêm vài từ ít gặp.',
    useWords: 'Dùng nhiều từ, nhưng tránh câu quen thuộc.',
    noNeed: 'Không cần ký hiệu, chữ số hay chữ hoa: một câu dài vài từ ít gặp là đủ mạnh.',
    pwned: 'Nếu bạn dùng mật khẩu này ở nơi khác, hãy đổi nó.',
  },
  timeEstimation: {
    ltSecond: 'dưới một giây', second: '{base} giây', seconds: '{base} giây', minute: '{base} phút', minutes: '{base} phút', hour: '{base} giờ', hours: '{base} giờ',
    day: '{base} ngày', days: '{base} ngày', month: '{base} tháng', months: '{base} tháng', year: '{base} năm', years: '{base} năm', centuries: 'hàng thế kỷ',
  },
};

let factory: ZxcvbnFactory | undefined;
/** Built at the first check: loading the word lists takes a fraction of a second. */
const estimator = () =>
  (factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary, 'vi-local': LOCAL_WORDS },
    graphs: common.adjacencyGraphs,
    translations: VIETNAMESE,
  }));

export interface PasswordVerdict {
  ok: boolean;
  /** Why it is weak and what to do, in Vietnamese; empty when ok. */
  advice: string;
}

/** Whether `password` is hard enough to guess; `related` are words it must not lean on (the username). */
export function judgePassword(password: string, related: readonly string[] = []): PasswordVerdict {
  const inputs = related.flatMap((r) => [r, ...r.split(/[._@-]+/)]).filter((r) => r.length >= 2);
  const result = estimator().check(password, inputs);
  if (result.score >= MIN_PASSWORD_SCORE) return { ok: true, advice: '' };
  const { warning, suggestions } = result.feedback;
  const advice = [warning, ...suggestions].filter(Boolean).join(' ');
  return { ok: false, advice: advice || 'Hãy dùng một câu dài vài từ ít gặp.' };
}
