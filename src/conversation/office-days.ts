// "Thứ 7 phường có làm việc không?" wants a yes or a no. The office's hours are a sentence
// in the ward's settings ("Thứ Hai đến Thứ Sáu, sáng …; sáng thứ Bảy …"); this reads from it
// whether a day is worked, so that the answer starts with "Có" or "Không".
import { foldText } from '../search/normalize.ts';

export type AskedDay = 'saturday' | 'sunday' | 'weekend' | 'holiday';

const SATURDAY = /\b(thu bay|thu 7|t7)\b/;
const SUNDAY = /\b(chu nhat|cn)\b/;

/** The day a question asks about, if any. */
export function askedDay(folded: string): AskedDay | undefined {
  if (/\b(cuoi tuan)\b/.test(folded)) return 'weekend';
  if (SATURDAY.test(folded)) return 'saturday';
  if (/\b(chu nhat)\b/.test(folded)) return 'sunday';
  if (/\b(ngay le|le tet|ngay tet|nghi le)\b/.test(folded)) return 'holiday';
  return undefined;
}

/**
 * Whether the office works on that day, from its hours sentence: `morning` when only a
 * morning is named ("sáng thứ Bảy"); undefined when the sentence does not say.
 */
export function worksOn(hours: string, day: AskedDay): 'yes' | 'morning' | 'no' | undefined {
  const h = foldText(hours);
  if (day === 'holiday') return /\b(tru|nghi) (cac )?(ngay )?(le|tet)/.test(h) ? 'no' : undefined;
  const weekdaysOnly = /\bthu hai (den|toi|-) thu sau\b/.test(h);
  const sat = SATURDAY.test(h) ? (/\bsang (thu bay|thu 7)\b/.test(h) ? 'morning' : 'yes') : weekdaysOnly ? 'no' : undefined;
  const sun = SUNDAY.test(h) ? 'yes' : weekdaysOnly || SATURDAY.test(h) ? 'no' : undefined;
  if (day === 'saturday') return sat;
  if (day === 'sunday') return sun;
  return sat === 'no' && sun === 'no' ? 'no' : sat === 'yes' || sun === 'yes' ? 'yes' : sat === 'morning' ? 'morning' : undefined;
}

const DAY_NAMES: Record<AskedDay, string> = { saturday: 'thứ Bảy', sunday: 'Chủ nhật', weekend: 'cuối tuần', holiday: 'ngày lễ, Tết' };

/** "Không, … không làm việc vào thứ Bảy." — the line a day question starts with. */
export function dayAnswer(officeName: string, hours: string, day: AskedDay): string | undefined {
  const works = worksOn(hours, day);
  if (!works) return undefined;
  if (works === 'no') return `Không. ${officeName} không làm việc vào ${DAY_NAMES[day]}.`;
  if (works === 'morning') return `Có, ${officeName} làm việc buổi sáng ${DAY_NAMES[day]}.`;
  return `Có, ${officeName} làm việc vào ${DAY_NAMES[day]}.`;
}
