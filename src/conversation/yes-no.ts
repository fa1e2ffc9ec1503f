// A yes/no question gets "Có" or "Không" first, where the knowledge says which: "làm khai
// sinh có mất tiền không" → "Không…" when the fee text says it is free; "nộp online được
// không" → "Có…" unless the entry says it cannot be done online. Where the text does not
// say, no word is put in the bot's mouth: the answer leads with the facts instead.
import type { Aspect } from '../search/aspects.ts';
import { foldForAspects } from '../search/aspects.ts';

/** "… có … không?", "… được không", "… phải không": the question wants a yes or a no. */
const YES_NO = /\b(co|duoc|phai|bi|can|mat|ton|nen)\b.*\b(khong|ko|k|hong|hok|chua)( a| vay| nhi| ha)?$|\b(duoc khong|phai khong|dung khong|co khong|khong a)\b/;

export function isYesNoQuestion(text: string): boolean {
  return YES_NO.test(foldForAspects(text.replace(/[?!.…\s]+$/u, '')));
}

const FREE = /(^|\s)(miễn (lệ )?phí|được miễn|không (mất|thu|phải nộp|phải trả|có) (lệ )?(phí|tiền)|không mất tiền)/iu;
const PAID = /\d[\d.]*\s*(đồng|đ\b|nghìn|triệu)|\d+([.,]\d+)?\s*%/u;
const NOT_ONLINE = /(chưa (hỗ trợ|thực hiện|áp dụng|triển khai|có dịch vụ)|không (thể |được |áp dụng |hỗ trợ )?(nộp|làm|thực hiện) (trực tuyến|online|qua mạng)|phải (đến|có mặt|trực tiếp))/iu;

/**
 * "Có" or "Không" for a yes/no question about one of these aspects, read from the part's
 * text (as a citizen reads it today); undefined when the text does not settle it.
 */
export function yesNoFor(text: string, aspect: Aspect, partText: string): 'Có' | 'Không' | undefined {
  const folded = foldForAspects(text);
  if (aspect === 'money') {
    // The first sentence says the usual case ("đúng hạn được miễn lệ phí"); exceptions follow it.
    const first = partText.split(/[.;](?=\s|$)/u)[0] ?? '';
    const free = FREE.test(first);
    const paid = !free && PAID.test(first);
    if (!free && !paid) return undefined;
    // "có miễn phí không" asks the opposite way round from "có mất phí không".
    const asksFree = /\bmien phi\b/.test(folded) && !/\b(mat|ton|tra|dong|nop) phi\b/.test(folded);
    return free === asksFree ? 'Có' : 'Không';
  }
  if (aspect === 'online') return NOT_ONLINE.test(partText) ? 'Không' : 'Có';
  return undefined;
}
