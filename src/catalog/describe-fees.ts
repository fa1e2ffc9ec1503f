// The answer's fee text, from the fee cells of the ways to file. Notes stay whole (a
// half-price note is the point of the fee, not an aside), a figure the portal printed in
// thousands ("135 VNĐ" beside "135.000 đồng/lần") is read from its note, and a fee the
// province sets is said once, not as "miễn phí" for one way and "do HĐND quy định" for another.
import type { Fee, SubmissionMethod } from './parse-submission-methods.ts';
import { lowerFirst } from './text.ts';
import { byWay, PORTAL_NAME } from './ways.ts';

/** A sum of money in a note: "135.000 đồng/lần", "50,000 VNĐ", "40.000đ". */
const AMOUNT_IN_NOTE = /\d[\d.,]*\s*(đồng|đ(?!\p{L})|VNĐ|Việt Nam Đồng)/iu;
/** A note that points to the rules setting a fee ("Thông tư… quy định mức thu…"): "miễn phí" beside it is the portal's slip. */
const FEE_RULES = /^(?:theo quy định|thu theo)|^(?:Thông tư|Nghị định|Nghị quyết|Quyết định)(?=\s).*(?:mức thu|phí, lệ phí|lệ phí)|mức thu|biểu phí/iu;
/** The province's People's Council sets the fee ("Mức lệ phí cụ thể do Hội đồng nhân dân tỉnh… quyết định"). */
const SET_BY_PROVINCE = /Hội đồng nhân dân|HĐND/u;
/** Below this a fee in đồng is a figure printed in thousands, not a fee. */
const SMALLEST_FEE = 1000;
/** Past this a note is shortened, at the end of a sentence only. */
const LONG_NOTE = 800;
const NO_FEE_INFORMATION = 'không có thông tin về phí, lệ phí';

/** A note cut after its last whole sentence that fits, or left whole when no sentence ends in time. */
export function shortenNote(note: string, max = LONG_NOTE): string {
  if (note.length <= max) return note;
  // A sentence ends at "." or ";" followed by a space and a capital or a list mark, never inside "50.000".
  const ends = [...note.slice(0, max).matchAll(/[.;](?=\s+[\p{Lu}\-–+•(])/gu)].map((m) => m.index);
  const last = ends.at(-1);
  return last !== undefined && last > max / 3 ? note.slice(0, last + 1).replace(/;$/, '.') : note;
}

/** "135 đồng" beside a note saying "135.000 đồng/lần": the note's figure; undefined when the note does not give it. */
function amountFromNote(amount: string, note: string | undefined): string | undefined {
  const digits = /^(\d{1,3}) đồng$/.exec(amount)?.[1];
  if (!digits || !note) return undefined;
  const m = new RegExp(String.raw`(?<![\d.,])${digits}[.,]000(?:[.,]000)?\s*(?:đồng|đ(?!\p{L})|VNĐ)`, 'u').exec(note);
  return m ? `${m[0].replace(/\s*(?:đồng|đ|VNĐ)$/u, '').replace(/,/g, '.')} đồng` : undefined;
}

const implausible = (amount: string) => /^\d+ đồng$/.test(amount) && Number(amount.split(' ')[0]) < SMALLEST_FEE;

function describeFee(fee: Fee): string {
  const note = fee.note && shortenNote(fee.note);
  // "Miễn phí" with a note naming a sum contradicts itself: the sum is what the citizen pays.
  if (fee.kind === 'free' && note && AMOUNT_IN_NOTE.test(note)) return note;
  // "Miễn lệ phí (Thông tư…)", "Không được quy định tại Biểu phí…" do say free.
  if (fee.kind === 'free' && note && FEE_RULES.test(note) && !/^(?:miễn|không)/iu.test(note)) {
    return /^(?:thu |thực hiện )?theo /iu.test(note) ? `phí, lệ phí ${lowerFirst(note)}` : `phí, lệ phí theo quy định (${note})`;
  }
  if (fee.kind === 'amount' && implausible(fee.amount)) {
    const amount = amountFromNote(fee.amount, note);
    if (amount) return note ? `${amount} (${note})` : amount;
    return note ?? `${PORTAL_NAME} ghi mức phí không rõ đơn vị; hỏi cơ quan tiếp nhận`;
  }
  const base = fee.kind === 'free' ? 'miễn phí' : fee.kind === 'amount' ? fee.amount : NO_FEE_INFORMATION;
  return note ? `${base} (${note})` : base;
}

/** When the province sets the fee: the amounts the portal prints (if any) and the province's note, once. */
function setByProvince(methods: readonly SubmissionMethod[], note: string): string {
  const amounts = methods.flatMap(({ channel, fee }) => (fee.kind === 'amount' && !implausible(fee.amount) ? [{ channel, value: fee.amount }] : []));
  const stated = amounts.length ? `${byWay(amounts, methods.length)}; ` : '';
  // "Theo quy định của Hội đồng nhân dân cấp tỉnh." reads on from the amounts as "lệ phí theo quy định…".
  return `${stated}${/^theo /iu.test(note) ? `lệ phí ${lowerFirst(note)}` : shortenNote(note)}`;
}

/**
 * Always attributed to the portal and followed by a warning: the catalogue prints
 * "Miễn phí" for some land procedures that do carry fees, and "Không có thông tin" is
 * reported as such, never as free.
 */
export function describeFees(methods: readonly SubmissionMethod[]): string {
  const provinceNotes = methods.flatMap(({ fee }) => (fee.note && SET_BY_PROVINCE.test(fee.note) ? [fee.note] : []));
  let stated: string;
  if (provinceNotes.length) stated = setByProvince(methods, provinceNotes.reduce((a, b) => (b.length > a.length ? b : a)));
  else if (methods.length) stated = byWay(methods.map(({ channel, fee }) => ({ channel, value: describeFee(fee) })), new Set(methods.map((m) => m.channel)).size);
  else stated = describeFee({ kind: 'unknown' });
  return `Theo ${PORTAL_NAME}: ${stated.replace(/[\s.;]+$/u, '')}; kiểm tra lại mức phí, lệ phí hiện hành với cơ quan tiếp nhận`;
}
