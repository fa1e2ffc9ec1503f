// Splits the portal's flattened "Thành phần hồ sơ" table. The crawler glued the cells
// together without separators:
//   "--Tên giấy tờMẫu đơn, tờ khaiSố lượng" + ("<document>[<form file>]<count>")*
// and a record may hold several such tables, each preceded by a caption ("--" when
// it has none), e.g. "Trường hợp ủy quyền thực hiện thủ tục:". The count that ends
// every row is the only reliable separator.
import { cleanText, truncate } from './text.ts';

const TABLE_HEADER = 'Tên giấy tờMẫu đơn, tờ khaiSố lượng';
const MAX_ITEM_LENGTH = 400;

// "1 bản chính", "0 bản chính,1 bản sao", "01 bản sao", "Bản chính: 1 Bản sao: 0".
// A leading 0 is taken only when no digit precedes it: in "…năm 20261 bản chính" the
// "2026" belongs to the document name and the count is "1".
const ONE_COUNT = String.raw`(?:(?<!\d)0)?\d bản (?:chính|sao)`;
const ROW_END = new RegExp(
  String.raw`${ONE_COUNT}(?:\s*,\s*${ONE_COUNT})*|Bản chính\s*:\s*\d+\s*,?\s*Bản sao\s*:\s*\d+`,
  'gu',
);

const FORM_FILE = /\.(?:docx?|xlsx?|pdf|odt|rar|zip)$/i;
// Where an attached form's file name may start: after punctuation glued to the next word
// ("…(NA20).Mau NA20-BCA.docx", "…2021;Mus08.docx"), at a case change with no space
// ("…khoáng sảnMau 07.doc", "…NĐ-CPMus05.docx"), or before a numbered file name
// ("…quy định1.4. Don de nghi.docx"). The earliest such place near the extension wins,
// since file names themselves contain dots and capitals ("Mẫu I.1.21.docx").
const FILE_NAME_START = /[;:,](?=[^\s\d])|\)(?=\S)|\.(?=[^\s\d.])|[\p{Ll}\d](?=\p{Lu})|\p{Lu}(?=\p{Lu}\p{Ll})|[\p{Ll}.](?=\d+\.)/gu;
// File names in the catalogue are rarely over 80 characters; looking further back would
// cut into the document's own name.
const MAX_FILE_NAME_LENGTH = 80;

interface Row {
  name: string;
  count?: string;
  hasForm: boolean;
}

/** "0 bản chính,1 bản sao" → "1 bản sao"; undefined when every count is zero. */
function formatCount(text: string): string | undefined {
  const parts: string[] = [];
  for (const m of text.matchAll(/(\d+) bản (chính|sao)|Bản (chính|sao)\s*:\s*(\d+)/gu)) {
    const n = Number(m[1] ?? m[4]);
    const kind = m[2] ?? m[3];
    if (n > 0) parts.push(`${n} bản ${kind}`);
  }
  return parts.length ? parts.join(', ') : undefined;
}

/** Separates a trailing form file name ("…(NA20).Mau NA20-BCA.docx") from the document name. */
function splitFormFile(text: string): { name: string; hasForm: boolean } {
  const ext = FORM_FILE.exec(text);
  if (!ext) return { name: text, hasForm: false };
  const windowStart = Math.max(0, ext.index - MAX_FILE_NAME_LENGTH);
  for (const m of text.slice(0, ext.index).matchAll(FILE_NAME_START)) {
    if (m.index >= windowStart) return { name: text.slice(0, m.index + m[0].length), hasForm: true };
  }
  // No place found: keep the file name rather than cut the document's name at random.
  return { name: text, hasForm: true };
}

function tidyName(text: string): string {
  return cleanText(text)
    .replace(/^[-–+*•·)\s]+/, '')
    .replace(/[\s;,:]+$/, '');
}

function describeRow(row: Row): string | undefined {
  const name = tidyName(row.name);
  if (!name) return undefined;
  const details = [row.count, row.hasForm ? 'mẫu có trên Cổng Dịch vụ công quốc gia' : undefined].filter(Boolean);
  return truncate(details.length ? `${name} (${details.join('; ')})` : name, MAX_ITEM_LENGTH);
}

function describeCaption(text: string): string | undefined {
  const caption = tidyName(text);
  return caption ? truncate(`${caption}:`, MAX_ITEM_LENGTH) : undefined;
}

/** Rows of one table, and whatever follows the last count (the next table's caption). */
function splitRows(body: string): { rows: Row[]; rest: string } {
  const rows: Row[] = [];
  let start = 0;
  for (const m of body.matchAll(ROW_END)) {
    const { name, hasForm } = splitFormFile(body.slice(start, m.index).trim());
    rows.push({ name, count: formatCount(m[0]), hasForm });
    start = m.index + m[0].length;
  }
  return { rows, rest: body.slice(start) };
}

/**
 * The documents to submit, one item per document ("Tên giấy tờ (1 bản chính)"), with each
 * table's caption as an item of its own. Empty when the cell holds no table.
 */
export function parseDocuments(raw: string): string[] {
  const text = cleanText(raw);
  if (!text.includes(TABLE_HEADER)) return [];
  const [firstCaption = '', ...tables] = text.split(TABLE_HEADER);
  const items: (string | undefined)[] = [describeCaption(firstCaption)];
  tables.forEach((body, i) => {
    const { rows, rest } = splitRows(body);
    items.push(...rows.map(describeRow));
    const isLastTable = i === tables.length - 1;
    // After the last table a count-less remainder is a document whose count is missing.
    items.push(isLastTable ? describeRow(splitFormFile(rest.trim())) : describeCaption(rest));
  });
  return items.filter((item): item is string => item !== undefined);
}
