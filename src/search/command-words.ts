// Words that, typed alone, are chat commands or acknowledgements, never a question about
// a procedure: "hủy" is not "hủy đăng ký hộ kinh doanh", "ok" is not anything. Folded forms.
export type CommandWord = 'menu' | 'ack' | 'cancel' | 'start' | 'subscribe' | 'unsubscribe';

export const COMMAND_WORDS: Readonly<Record<string, CommandWord>> = {
  menu: 'menu', 'danh muc': 'menu', 'xem menu': 'menu', 'mo menu': 'menu', 'tro ve': 'menu',
  ok: 'ack', oke: 'ack', okie: 'ack', okay: 'ack', 'ok roi': 'ack', vang: 'ack', 'da vang': 'ack', u: 'ack', uh: 'ack', um: 'ack', uhm: 'ack',
  duoc: 'ack', 'duoc roi': 'ack', roi: 'ack', 'hieu roi': 'ack', 'biet roi': 'ack', 'da hieu': 'ack', 'dong y': 'ack', co: 'ack', khong: 'ack', ko: 'ack', k: 'ack',
  huy: 'cancel', 'huy bo': 'cancel', thoi: 'cancel', dung: 'cancel', cancel: 'cancel', stop: 'cancel', 'thoi khong': 'cancel', 'khong can': 'cancel',
  start: 'start', 'bat dau': 'start', 'quay lai': 'start',
  // Announcements: "hủy nhận tin" is not "hủy", and neither is "hủy đăng ký" (a procedure's name).
  'dang ky nhan tin': 'subscribe', 'dang ki nhan tin': 'subscribe', 'dk nhan tin': 'subscribe', 'dang ky nhan thong bao': 'subscribe', 'dang ki nhan thong bao': 'subscribe',
  'nhan tin moi': 'subscribe', 'toi muon nhan tin': 'subscribe', 'dang ky nhan tin moi': 'subscribe', 'dang ki nhan tin moi': 'subscribe',
  'huy nhan tin': 'unsubscribe', 'dung nhan tin': 'unsubscribe', 'ngung nhan tin': 'unsubscribe', 'ngung nhan tin nua': 'unsubscribe', 'thoi nhan tin': 'unsubscribe',
  'huy dang ky nhan tin': 'unsubscribe', 'huy dang ki nhan tin': 'unsubscribe', 'khong nhan tin nua': 'unsubscribe', 'dung gui tin': 'unsubscribe', 'huy nhan thong bao': 'unsubscribe',
};

/** Polite endings that do not change a command ("đăng ký nhận tin nhé", "hủy nhận tin giúp tôi"). */
const POLITE_ENDING = / (nhe|nha|a|nhe ban|giup toi|giup minh|giup em|voi|di|cam on)$/;

/** What a message typed alone means as a command, if it is one. `folded`: see foldText. */
export function commandWordOf(folded: string): CommandWord | undefined {
  if (Object.hasOwn(COMMAND_WORDS, folded)) return COMMAND_WORDS[folded];
  const plain = folded.replace(POLITE_ENDING, '');
  // Only the announcement phrases are long enough to carry a polite ending safely.
  const word = plain !== folded && Object.hasOwn(COMMAND_WORDS, plain) ? COMMAND_WORDS[plain] : undefined;
  return word === 'subscribe' || word === 'unsubscribe' ? word : undefined;
}
