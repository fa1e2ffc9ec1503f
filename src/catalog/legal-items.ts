// One legal basis as the answer states it: "Thông tư 53/2025/TT-BCA sửa đổi, bổ sung…",
// "Luật Căn cước số 26/2023/QH15". Built from a name and the number the portal pairs it
// with; an item whose number cannot be told is left out rather than shown half-read.
import { cleanText, lowerFirst } from './text.ts';

const TYPES = ['Bộ luật', 'Luật', 'Pháp lệnh', 'Nghị định', 'Nghị quyết liên tịch', 'Nghị quyết', 'Thông tư liên tịch', 'Thông tư', 'Quyết định', 'Chỉ thị', 'Văn bản hợp nhất', 'Lệnh'] as const;
type DocumentType = (typeof TYPES)[number];
/** Laws are named ("Luật Căn cước"), so their name comes before the number. */
const NAMED_TYPES: ReadonlySet<DocumentType> = new Set(['Bộ luật', 'Luật', 'Pháp lệnh']);
/** The first issuer part of a number says what kind of document it is ("NĐ-CP" → Nghị định). */
const TYPE_OF_ISSUER: Record<string, DocumentType> = {
  NĐ: 'Nghị định', ND: 'Nghị định', NQLT: 'Nghị quyết liên tịch', NQ: 'Nghị quyết', TTLT: 'Thông tư liên tịch', TT: 'Thông tư',
  QĐ: 'Quyết định', QD: 'Quyết định', CT: 'Chỉ thị', VBHN: 'Văn bản hợp nhất', PL: 'Pháp lệnh', QH: 'Luật', L: 'Lệnh',
};
/** Past this a title is not shown: a long one is a list of amended documents, not a title. */
const MAX_TITLE_LENGTH = 200;

const TYPE_WORD = new RegExp(`^(${TYPES.join('|')})(?=[\\s\\d:,]|$)`, 'iu');
/** "53/2025/TT-BCA", "66.7/2025/NQ-CP", "250/QĐ-TTg", "02/2011/QH13". */
// Capitals that start the next word are not the issuer's: "NĐ-CPQuy định" ends at "CP".
const ISSUER_PART = String.raw`(?:[A-ZĐ](?!\p{Ll})|[A-ZĐ](?=g(?!\p{L})))+(?:g(?!\p{L}))?\d{0,2}`;
export const DOCUMENT_NUMBER = String.raw`\d{1,4}(?:\.\d+)?\/(?:\d{4}\/)?${ISSUER_PART}(?:-${ISSUER_PART})*`;
const LEADING_REFERENCE = new RegExp(String.raw`^(?:${TYPES.join('|')})?\s*(?:số\s*)?(${DOCUMENT_NUMBER})`, 'iu');
const DATE = String.raw`ngày\s*\d{1,2}(?:\s*\/\s*\d{1,2}\s*\/\s*\d{4}|\s+tháng\s+\d{1,2}\s+năm\s+\d{4})`;
const MINISTRIES = [
  'Công an', 'Quốc phòng', 'Ngoại giao', 'Nội vụ', 'Tư pháp', 'Tài chính', 'Công Thương', 'Xây dựng', 'Y tế', 'Giáo dục và Đào tạo',
  'Khoa học và Công nghệ', 'Nông nghiệp và Môi trường', 'Nông nghiệp và Phát triển nông thôn', 'Tài nguyên và Môi trường',
  'Giao thông vận tải', 'Lao động\\s*-\\s*Thương binh và Xã hội', 'Kế hoạch và Đầu tư', 'Văn hóa, Thể thao và Du lịch',
  'Thông tin và Truyền thông', 'Dân tộc và Tôn giáo',
];
const ISSUER = String.raw`của\s+(?:(?:Bộ trưởng|Thủ tướng|Thống đốc)\s+)?(?:Chính phủ|Quốc hội|Ủy ban Thường vụ Quốc hội|Ngân hàng Nhà nước(?: Việt Nam)?|Bộ\s+(?:${MINISTRIES.join('|')}))`;
/** What may stand between a document's number and its title: its date and its issuer. */
const PREAMBLE = new RegExp(String.raw`^(?:[\s:,–-]+|số(?=[\s\d])|${DATE}|${ISSUER})`, 'iu');

const OWN_NUMBER = new RegExp(`^${DOCUMENT_NUMBER}`, 'u');
const TRAILING_DATE = new RegExp(String.raw`\s*${DATE}$`, 'u');

const capitalized = (type: string) => TYPES.find((t) => t.toLowerCase() === type.toLowerCase())!;

/** The kind of document the number's first issuer part names ("NĐ-CP" → Nghị định), if it names one. */
function typeOfNumber(number: string): DocumentType | undefined {
  const issuer = /^\d+(?:\.\d+)?\/(?:\d{4}\/)?([A-ZĐ]+)/u.exec(number)?.[1];
  return issuer ? TYPE_OF_ISSUER[issuer] : undefined;
}

function typeOf(name: string, number: string): DocumentType | undefined {
  const named = TYPE_WORD.exec(name)?.[1];
  const byNumber = typeOfNumber(number);
  // A number issued by the National Assembly ("QH15") is a law, a code or a resolution: the name tells which.
  if (byNumber === 'Luật') return named && ['Bộ luật', 'Nghị quyết', 'Pháp lệnh'].includes(capitalized(named)) ? capitalized(named) : /nghị quyết/iu.test(name) ? 'Nghị quyết' : 'Luật';
  // Otherwise the number is the surer of the two: "Thông tư 87/2020/NĐ-CP" is a decree.
  return byNumber ?? (named ? capitalized(named) : undefined);
}

/** The name without its type, number, date and issuer: what the document is about. */
function titleOf(name: string, number: string, type: DocumentType | undefined): string | undefined {
  let title = name;
  for (let before = ''; before !== title; ) {
    before = title;
    title = title.replace(TYPE_WORD, '').trimStart();
    // The name's own mention of its number may differ from the code column ("190/2025/QH15" for "190/2025/NQ-QH15").
    title = title.replace(PREAMBLE, '').replace(OWN_NUMBER, '');
  }
  // A title quoting its own number at the end ("Nghị định 05/2012/NĐ-CP") says nothing more.
  const ownNumberAtEnd = new RegExp(`\\s*(?:số\\s*)?${number.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`, 'u');
  title = title.split(';')[0]!.replace(/[\s,:;.–-]+$/u, '').replace(TRAILING_DATE, '').replace(ownNumberAtEnd, '').replace(/[\s,:;.–-]+$/u, '').trim();
  if (type && NAMED_TYPES.has(type)) title = title.replace(/\s*(?:năm\s+)?\d{4}$/u, '').trim();
  // Letters glued to digits ("dữ liệu66") or a column heading ("Cơ quan thực hiện") are the crawl's, not the title's.
  if (!title || title.length > MAX_TITLE_LENGTH || /\p{Ll}\d|\p{L}\d+\/|(?<!\d)\/\d|Cơ quan thực hiện/u.test(title)) return undefined;
  // A law's name has no figure in it: "Chất lượng sản phẩm, hàng hoá số 05/2007/QH12" is another law's row run in.
  if (type && NAMED_TYPES.has(type) && /\d/u.test(title)) return undefined;
  const shouting = title === title.toUpperCase();
  // A law's name keeps its capital ("Luật Đất đai"); any other title reads on from the number.
  if (type && NAMED_TYPES.has(type)) return shouting ? title.charAt(0) + title.slice(1).toLowerCase() : title;
  return shouting ? title.toLowerCase() : lowerFirst(title);
}

/**
 * "Type number title" for a document the portal lists, or undefined when its number (or
 * kind) cannot be told. `number` is the code the table pairs with the name, if any; a name
 * without one may carry its number in front ("Thông tư số 10/2024/TT-BTNMT ngày…").
 */
export function formatLegalItem(rawName: string, number?: string): { number: string; text: string } | undefined {
  // A name that goes on with its date lost the space after the number: "…/TT-BCAngày 01/7/2025".
  const name = cleanText(rawName)
    .replace(/^[-–+*•:;,.\s]+/u, '')
    .replace(/([A-ZĐ\d])ngày(?=[\s\d])/gu, '$1 ngày');
  // "…/NĐ-CP" glued to an English word ("215/2013/NĐ-CPDecision") keeps the letter it took.
  const found = (number ?? LEADING_REFERENCE.exec(name)?.[1])?.replace(/(\/NĐ-CP)[A-ZĐ]+$/u, '$1');
  // A number without a year and without a document type ("2754/BHXH-CSXH") is an official letter, not a legal basis.
  if (!found || (!/\/\d{4}\//u.test(found) && !typeOfNumber(found))) return undefined;
  const type = typeOf(name, found);
  if (!type) return undefined;
  const title = titleOf(name, found, type);
  if (NAMED_TYPES.has(type)) return { number: found, text: title ? `${type} ${title} số ${found}` : `${type} số ${found}` };
  return { number: found, text: title ? `${type} ${found} ${title}` : `${type} ${found}` };
}

/** Every document a free text refers to by type and number ("theo Nghị định số 123/2015/NĐ-CP"), once. */
export function documentsIn(text: string): { number: string; text: string }[] {
  const pattern = new RegExp(String.raw`(${TYPES.join('|')})\s+(?:số\s*)?(${DOCUMENT_NUMBER})`, 'giu');
  const seen = new Map<string, { number: string; text: string }>();
  for (const m of cleanText(text).matchAll(pattern)) {
    const type = capitalized(m[1]!);
    if (!seen.has(m[2]!)) seen.set(m[2]!, { number: m[2]!, text: NAMED_TYPES.has(type) ? `${type} số ${m[2]}` : `${type} ${m[2]}` });
  }
  return [...seen.values()];
}
