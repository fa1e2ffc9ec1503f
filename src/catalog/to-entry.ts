// Converts one catalogue record into a knowledge entry. Every answer field gets a value,
// falling back to a pointer to the official page, because the schema rejects empty text
// and a citizen is better served by a link than by nothing.
import type { z } from 'zod';
import type { procedureEntry } from '../knowledge/schema.ts';
import { categoryOfField } from './category.ts';
import { agencyOf, placeOf } from './agency.ts';
import { describeFees } from './describe-fees.ts';
import { describeSubmission, usableMethods } from './describe-submission.ts';
import { describeProcessingTime } from './describe-time.ts';
import { foldHeaders, inNumberedOrder } from './fold-headers.ts';
import { parseDocuments } from './parse-documents.ts';
import { documentsIn } from './legal-items.ts';
import { parseLegalBasis } from './parse-legal-basis.ts';
import { parseSteps } from './parse-steps.ts';
import { parseSubmissionMethods } from './parse-submission-methods.ts';
import { presenceOf } from './presence.ts';
import type { CatalogRecord } from './record.ts';
import { cleanText, foldDiacritics, isBlank, lowerFirst, NO_INFORMATION, truncate } from './text.ts';
import { PORTAL_NAME } from './ways.ts';

export type ProcedureEntryInput = z.input<typeof procedureEntry>;

const PORTAL_CATALOG_URL = 'https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh.html';
export const IMPORT_NOTE =
  'Nội dung được nhập tự động từ Cơ sở dữ liệu thủ tục hành chính quốc gia; đối chiếu với văn bản gốc trước khi áp dụng.';
export const UNCLASSIFIED_FIELD = 'Chưa phân loại';

const MAX_STEPS = 10;
const MAX_STEP_LENGTH = 400;
const MAX_LONG_TEXT = 600;

/** Catalogue code "1.013978" → entry id "dvc.1-013978". */
function entryIdOf(code: string): string {
  return `dvc.${code.replace('.', '-')}`;
}

/** The field an entry is filed under; also names its output file. */
export function fieldOf(record: CatalogRecord): string {
  return cleanText(record.linh_vuc) || UNCLASSIFIED_FIELD;
}

function officialUrl(detailUrl: string): string {
  const url = cleanText(detailUrl);
  return URL.canParse(url) && url.startsWith('https://') ? url : PORTAL_CATALOG_URL;
}

/** A cell cleaned and shortened, or undefined when it says nothing. */
function filled(cell: string, max: number): string | undefined {
  return isBlank(cell) ? undefined : truncate(cleanText(cell), max);
}

/** Ways a citizen may ask for this procedure, built from its title. */
function questionsFor(title: string): string[] {
  const t = lowerFirst(title);
  return [
    ...new Set([
      title,
      `thủ tục ${t}`,
      `hồ sơ ${t} gồm những gì`,
      `${t} làm ở đâu`,
      `${t} mất bao lâu`,
      `${t} hết bao nhiêu tiền`,
      foldDiacritics(`thủ tục ${t}`),
    ]),
  ];
}

function capSteps(steps: string[], url: string): string[] {
  const short = steps.map((s) => truncate(s, MAX_STEP_LENGTH));
  if (short.length <= MAX_STEPS) return short;
  return [...short.slice(0, MAX_STEPS - 1), `Các bước tiếp theo: xem trên ${PORTAL_NAME}: ${url}`];
}

/**
 * The documents the portal lists, each "Type number title"; without a table, those a free
 * text names by type and number. What cannot be read cleanly is left to the official page.
 */
function legalBasisFor(raw: string, url: string): string[] {
  const parsed = parseLegalBasis(raw);
  if (parsed.length) return parsed;
  // "Không có thông tin" followed by other columns is a crawl that slipped, not a legal basis.
  if (isBlank(raw) || cleanText(raw).startsWith(NO_INFORMATION)) return [`${PORTAL_NAME} chưa ghi căn cứ pháp lý của thủ tục này`];
  const named = documentsIn(raw).map((d) => d.text);
  return named.length ? named : [`Xem căn cứ pháp lý trên ${PORTAL_NAME}: ${url}`];
}

/** `code` and `title` must already be checked (see import.ts); everything else may be missing. */
export function toEntry(record: CatalogRecord, importedAt: string): ProcedureEntryInput {
  const code = cleanText(record.ma_thu_tuc);
  const title = cleanText(record.ten_thu_tuc);
  const field = fieldOf(record);
  const level = cleanText(record.cap_thuc_hien) || 'Không rõ';
  const url = officialUrl(record.detail_url);
  const agency = agencyOf(record);
  const presence = presenceOf(record);
  const listed = parseSubmissionMethods(record.cach_thuc_thuc_hien);
  // Times and fees of the ways really open: not the post where the applicant must appear.
  const methods = usableMethods(listed, presence);
  const context = cleanText([record.cach_thuc_thuc_hien, record.trinh_tu_thuc_hien, record.yeu_cau_dieu_kien].join('\n'));
  const documents = inNumberedOrder(foldHeaders(parseDocuments(record.thanh_phan_ho_so)));
  const steps = foldHeaders(parseSteps(record.trinh_tu_thuc_hien));
  const conditions = filled(record.yeu_cau_dieu_kien, MAX_LONG_TEXT);

  return {
    kind: 'procedure',
    id: entryIdOf(code),
    category: categoryOfField(field),
    title,
    questions: questionsFor(title),
    keywords: [],
    answer: {
      summary: `Thủ tục hành chính thuộc lĩnh vực ${field}; cấp thực hiện: ${level.toLowerCase()}.${agency ? ` Cơ quan thực hiện: ${agency}.` : ''}`,
      eligibility: filled(record.doi_tuong_thuc_hien, MAX_LONG_TEXT) ?? `Xem chi tiết trên ${PORTAL_NAME}`,
      documents: documents.length ? documents : [`Xem thành phần hồ sơ trên ${PORTAL_NAME}: ${url}`],
      submission: describeSubmission(listed, placeOf(record), url, presence, cleanText(record.cach_thuc_thuc_hien)),
      steps: steps.length ? capSteps(steps, url) : [`Xem trình tự thực hiện trên ${PORTAL_NAME}: ${url}`],
      processingTime: describeProcessingTime(methods, context),
      fees: describeFees(methods),
      notes: [IMPORT_NOTE, ...(conditions ? [`Yêu cầu, điều kiện: ${conditions}`] : [])],
    },
    legalBasis: legalBasisFor(record.can_cu_phap_ly, url),
    sources: [{ title: `${PORTAL_NAME} – thủ tục ${code}`, url }],
    catalogCodes: [code],
    updated: importedAt,
    imported: { catalog: 'dvc', code, level, field, importedAt },
  };
}
