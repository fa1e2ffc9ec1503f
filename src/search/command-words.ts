// Words that, typed alone, are chat commands or acknowledgements, never a question about
// a procedure: "hủy" is not "hủy đăng ký hộ kinh doanh", "ok" is not anything. Folded forms.
export type CommandWord = 'menu' | 'ack' | 'cancel' | 'start';

export const COMMAND_WORDS: Readonly<Record<string, CommandWord>> = {
  menu: 'menu', 'danh muc': 'menu', 'xem menu': 'menu', 'mo menu': 'menu', 'tro ve': 'menu',
  ok: 'ack', oke: 'ack', okie: 'ack', okay: 'ack', 'ok roi': 'ack', vang: 'ack', 'da vang': 'ack', u: 'ack', uh: 'ack', um: 'ack', uhm: 'ack',
  duoc: 'ack', 'duoc roi': 'ack', roi: 'ack', 'hieu roi': 'ack', 'biet roi': 'ack', 'da hieu': 'ack', 'dong y': 'ack', co: 'ack', khong: 'ack', ko: 'ack', k: 'ack',
  huy: 'cancel', 'huy bo': 'cancel', thoi: 'cancel', dung: 'cancel', cancel: 'cancel', stop: 'cancel', 'thoi khong': 'cancel', 'khong can': 'cancel',
  start: 'start', 'bat dau': 'start', 'quay lai': 'start',
};

/** What a message typed alone means as a command, if it is one. `folded`: see foldText. */
export function commandWordOf(folded: string): CommandWord | undefined {
  return Object.hasOwn(COMMAND_WORDS, folded) ? COMMAND_WORDS[folded] : undefined;
}
