// The single source of truth for the knowledge files: the validator (`kb check`,
// loading at start-up) and the JSON Schema that staff editors use are both derived
// from these zod definitions, so they can never disagree.
import { z } from 'zod';
import { PROVINCIAL_FEE_KEYS } from './provincial-fees.ts';
import './zod-vietnamese.ts';

/** Menu categories. Order is the order the menu shows them in. */
export const CATEGORIES = {
  land: 'Đất đai – Xây dựng',
  business: 'Kinh doanh',
  civil: 'Hộ tịch – Chứng thực',
  residence: 'Cư trú – Căn cước',
  complaint: 'Khiếu nại – Tố cáo',
  feedback: 'Phản ánh, kiến nghị',
  general: 'Thông tin chung',
  smalltalk: 'Trò chuyện',
} as const;
export type Category = keyof typeof CATEGORIES;
const categoryIds = Object.keys(CATEGORIES) as [Category, ...Category[]];

const text = z.string().trim().min(1, 'không được để trống');
const textList = (min: number) => z.array(text).min(min, `cần ít nhất ${min} mục`);

export const entryId = z
  .string()
  .regex(/^[a-z]+(\.[a-z0-9]+(-[a-z0-9]+)*)+$/, 'id dạng "linh-vuc.ten-ngan", chữ thường không dấu, ví dụ "land.transfer"');

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'ngày dạng YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(s)) && new Date(s).toISOString().startsWith(s), 'ngày không tồn tại');

/**
 * A value that holds for a while: a fee reduced until a date, a rule in force from one, a
 * time limit changed by a decree. Staff write the value with the dates it holds `from` and
 * `until` (both inclusive), and what held `before` and holds `after`; the bot uses whichever
 * is in force on the day. `value` is the schema of the value itself (a sentence, a number).
 */
export function datedOf<T extends z.ZodType>(value: T, what = 'Nội dung') {
  return z
    .object({
      value: value.describe(`${what} đang áp dụng trong khoảng thời gian này`),
      from: isoDate.optional().describe('Áp dụng từ ngày (YYYY-MM-DD, tính cả ngày này)'),
      until: isoDate.optional().describe('Áp dụng đến hết ngày (YYYY-MM-DD, tính cả ngày này)'),
      before: value.optional().describe(`${what} áp dụng trước ngày "from"`),
      after: value.optional().describe(`${what} áp dụng sau ngày "until"`),
    })
    .strict()
    .superRefine((f, ctx) => {
      if (!f.from && !f.until) ctx.addIssue({ code: 'custom', path: ['until'], message: 'cần ít nhất một trong hai ngày "from" hoặc "until" (không có ngày thì viết thẳng giá trị, không cần nhóm { … })' });
      if (f.from && f.until && f.from > f.until) ctx.addIssue({ code: 'custom', path: ['until'], message: `ngày "until" (${f.until}) đứng trước ngày "from" (${f.from})` });
      if (f.before !== undefined && !f.from) ctx.addIssue({ code: 'custom', path: ['before'], message: 'có "before" thì cần ngày "from" (nội dung trước ngày nào?)' });
      if (f.after !== undefined && !f.until) ctx.addIssue({ code: 'custom', path: ['after'], message: 'có "after" thì cần ngày "until" (nội dung sau ngày nào?)' });
    });
}

/** A value with its validity dates, whatever the value is. */
export interface Dated<T> {
  value: T;
  from?: string;
  until?: string;
  before?: T;
  after?: T;
}

/** A sentence that holds for a while (see datedOf). */
export const datedFact = datedOf(text);

/** A sentence of an answer: plain text, or a dated fact ({"value", "from", "until", "before", "after"}). */
export const fact = z.union([text, datedFact]);
const factList = (min: number) => z.array(fact).min(min, `cần ít nhất ${min} mục`);

/** A document the entry rests on: a number from documents.json ("26/2023/QH15"), optionally with the articles; or free text (imported entries). */
export const basisRef = z.union([
  text,
  z
    .object({
      doc: text.describe('Số hiệu văn bản trong documents.json, ví dụ "26/2023/QH15"'),
      part: text.optional().describe('Điều, khoản được dẫn, ví dụ "Điều 27"'),
    })
    .strict(),
]);

const source = z.object({
  title: text.describe('Tên nguồn, ví dụ "Cổng Dịch vụ công quốc gia – thủ tục 1.013978"'),
  url: z.url({ protocol: /^https$/, error: 'đường dẫn phải bắt đầu bằng https://' }),
});

/** Fields shared by every entry, whatever its kind. */
const common = {
  id: entryId,
  category: z.enum(categoryIds),
  title: text.describe('Tên thủ tục / chủ đề, viết đầy đủ có dấu'),
  questions: textList(6).describe('Ít nhất 6 cách hỏi khác nhau của người dân (có dấu, không dấu, viết tắt)'),
  keywords: z.array(text).default([]).describe('Từ khóa, từ lóng người dân hay dùng'),
  related: z.array(entryId).default([]).describe('id các mục liên quan'),
  updated: isoDate.describe('Ngày nội dung được sửa lần cuối'),
  reviewed: isoDate.optional().describe('Ngày cán bộ rà soát nội dung với văn bản gốc lần cuối (quá 12 tháng thì kb check nhắc)'),
};

/** Where a procedure-like entry's facts come from. Required on every kind but small talk. */
const cited = {
  legalBasis: z
    .array(basisRef)
    .min(1, 'cần ít nhất 1 văn bản')
    .describe('Căn cứ pháp lý: số hiệu văn bản trong documents.json (ví dụ "26/2023/QH15" hoặc {"doc": "26/2023/QH15", "part": "Điều 27"})'),
  sources: z.array(source).min(1, 'cần ít nhất 1 nguồn chính thức'),
  catalogCodes: z
    .array(z.string().regex(/^\d+\.\d{6}$/, 'mã thủ tục dạng 1.013978'))
    .default([])
    .describe('Mã thủ tục trên Cổng Dịch vụ công quốc gia'),
};

/** Set on entries produced by `import-catalog`, so staff can tell them from curated ones. */
const importedFrom = z.object({
  catalog: z.literal('dvc'),
  code: z.string(),
  level: z.string(),
  field: z.string(),
  importedAt: isoDate,
});

export const procedureEntry = z.object({
  kind: z.literal('procedure'),
  ...common,
  ...cited,
  imported: importedFrom.optional(),
  answer: z.object({
    summary: fact.describe('Tóm tắt 1–3 câu'),
    eligibility: fact.describe('Ai được / phải làm thủ tục này'),
    documents: factList(1).describe('Thành phần hồ sơ'),
    submission: z.object({
      inPerson: fact.describe('Nộp trực tiếp ở đâu (dùng chỗ đặt sẵn như {{office.name}})'),
      online: fact.describe('Nộp trực tuyến thế nào, hoặc ghi rõ nếu chưa hỗ trợ'),
    }),
    steps: factList(1),
    processingTime: fact,
    fees: fact,
    notes: z.array(fact).default([]).describe('Lưu ý và lỗi hay gặp'),
  }),
});

/** Explanations that are not a single procedure: rights, differences, where to look things up. */
export const infoEntry = z.object({
  kind: z.literal('info'),
  ...common,
  ...cited,
  answer: z.object({
    summary: fact,
    details: factList(1),
    notes: z.array(fact).default([]),
  }),
});

export const smalltalkEntry = z.object({
  kind: z.literal('smalltalk'),
  ...common,
  answer: z.object({ text }),
});

export const entry = z.discriminatedUnion('kind', [procedureEntry, infoEntry, smalltalkEntry]);
export type Entry = z.infer<typeof entry>;
export type ProcedureEntry = z.infer<typeof procedureEntry>;
export type Fact = z.infer<typeof fact>;
export type DatedFact = z.infer<typeof datedFact>;
export type BasisRef = z.infer<typeof basisRef>;

export const knowledgeFile = z.object({
  $schema: z.string().optional(),
  entries: z.array(z.unknown()).describe('Danh sách mục kiến thức'),
});

/** Looser than `entry` on purpose: each entry is validated on its own so one bad entry
 *  cannot hide the others, and the editor schema below uses the strict form. */
export const knowledgeFileForEditors = z.object({
  $schema: z.string().optional(),
  entries: z.array(entry),
});

const contact = {
  address: text,
  phone: text,
  // Optional: a ward without a published address leaves it out rather than invent one.
  email: z.email({ error: 'email không hợp lệ' }).optional(),
};

export const settings = z.object({
  $schema: z.string().optional(),
  unit: z.object({
    name: text.describe('Tên đơn vị, ví dụ "phường B\'Lao"'),
    committee: text.describe('Ủy ban nhân dân phường/xã'),
    province: text,
  }),
  office: z.object({
    name: text.describe('Trung tâm phục vụ hành chính công / bộ phận một cửa'),
    ...contact,
    hours: text,
    website: z.url(),
  }),
  police: z.object({ name: text, address: text }),
  feedback: z.object({
    receiver: text.describe('Đơn vị tiếp nhận phản ánh, kiến nghị'),
    ...contact,
  }),
  citizenReception: z.object({ place: text, schedule: text }),
  portals: z.object({ national: z.url(), provincial: z.url(), feedback: z.url() }),
  /** Other names citizens may type for this ward or commune (a former name, a short form). */
  aliases: z.array(text).optional().describe('Tên gọi khác người dân có thể gõ, ví dụ tên cũ trước sắp xếp'),
  /** Where this unit's feedback goes, in a deployment serving several units (else the deployment's own). */
  staff: z
    .object({
      telegramChatId: z.string().regex(/^-?\d+$/, 'phải là số (id nhóm Telegram, thường âm)').optional().describe('Nhóm Telegram của cán bộ đơn vị'),
      zaloGroupId: z.string().regex(/^\d{1,30}$/, 'mã nhóm Zalo gồm chữ số').optional().describe('Nhóm Zalo (zca-js) của cán bộ đơn vị'),
    })
    .optional(),
  /** Fees the province sets, as the ward knows them: {{fee:key}} in answers shows them (provincial-fees.ts). */
  fees: z
    .partialRecord(z.enum(PROVINCIAL_FEE_KEYS), z.object({ amount: text.describe('Mức thu, ví dụ "100.000 đồng/lần"'), basis: text.describe('Văn bản quy định, ví dụ "Nghị quyết 12/2026/NQ-HĐND ngày … của HĐND tỉnh Lâm Đồng"') }))
    .optional()
    .describe('Phí, lệ phí do HĐND tỉnh quy định mà đơn vị đã biết mức; để trống thì bot nói do HĐND tỉnh quy định và xem ở đâu'),
  /** The quarterly report as a signed document (Nghị định 30/2020/NĐ-CP): who receives it, who signs. */
  report: z
    .object({
      recipients: textList(1).describe('Nơi nhận, mỗi dòng một nơi, ví dụ "UBND tỉnh Lâm Đồng (để báo cáo)"'),
      signerAuthority: text.describe('Thẩm quyền ký, ví dụ "TM. ỦY BAN NHÂN DÂN"'),
      signerTitle: text.describe('Chức vụ người ký, ví dụ "CHỦ TỊCH"'),
      signerName: z.string().optional().describe('Họ tên người ký; để trống thì để chỗ ký tay'),
      numberSuffix: text.describe('Ký hiệu văn bản sau số, ví dụ "BC-UBND"'),
    })
    .optional(),
});
export type Settings = z.infer<typeof settings>;

export const synonyms = z.object({
  $schema: z.string().optional(),
  groups: z
    .array(textList(2))
    .describe('Mỗi nhóm là các cách gọi cùng một thứ; người dân gõ cách nào cũng tìm ra'),
});
export type Synonyms = z.infer<typeof synonyms>;

/** Subjects the bot does not handle, so that a question about one is never answered by an entry that merely shares a word. */
export const outOfScope = z.object({
  $schema: z.string().optional(),
  topics: z
    .array(
      z.object({
        label: text.describe('Tên chủ đề, dùng trong câu trả lời: "hộ chiếu"'),
        phrases: textList(1).describe('Các cách người dân gọi chủ đề này'),
        handledBy: text.optional().describe('Nơi giải quyết việc này, để chỉ người dân tới đúng chỗ, ví dụ "Công an nơi xảy ra vụ việc"'),
        onPortal: z.boolean().optional().describe('true khi Cổng Dịch vụ công quốc gia có dịch vụ này (hộ chiếu, đăng ký xe…)'),
      }),
    )
    .describe('Chủ đề ngoài phạm vi: câu hỏi nhắc tới chúng không bao giờ được trả lời bằng một mục không nói về chúng'),
});
export type OutOfScope = z.infer<typeof outOfScope>;

export const DOCUMENT_TYPES = ['Hiến pháp', 'Bộ luật', 'Luật', 'Nghị quyết', 'Pháp lệnh', 'Nghị định', 'Quyết định', 'Chỉ thị', 'Thông tư', 'Thông tư liên tịch', 'Văn bản hợp nhất'] as const;
const documentNumber = z.string().trim().regex(/^\d+(\.\d+)?(\/\d{4})?\/[A-ZĐ0-9]+(-[A-ZĐa-z0-9]+)*$/u, 'số hiệu dạng "26/2023/QH15", "70/2024/NĐ-CP", "66.22/2026/NQ-CP" hoặc "76/NQ-CP"');

/** One legal document the knowledge cites: entries refer to it by number, the answer's "Căn cứ" is written from it. */
export const legalDocument = z
  .object({
    number: documentNumber.describe('Số hiệu, ví dụ "70/2024/NĐ-CP"'),
    type: z.enum(DOCUMENT_TYPES).describe('Loại văn bản'),
    title: text.describe('Trích yếu; với luật là tên luật sau chữ "Luật", ví dụ "Căn cước"'),
    issuer: text.optional().describe('Cơ quan ban hành, ví dụ "Chính phủ"'),
    issued: isoDate.optional().describe('Ngày ban hành'),
    inForceFrom: isoDate.optional().describe('Ngày có hiệu lực'),
    amendedBy: z.array(documentNumber).default([]).describe('Số hiệu các văn bản sửa đổi, bổ sung (còn hiệu lực cùng văn bản này)'),
    endedOn: isoDate.optional().describe('Ngày hết hiệu lực (ngày đầu tiên không còn áp dụng)'),
    replacedBy: documentNumber.optional().describe('Số hiệu văn bản thay thế'),
    url: z.url({ protocol: /^https$/, error: 'đường dẫn phải bắt đầu bằng https://' }).optional().describe('Văn bản gốc (vbpl.vn, Công báo…)'),
    checked: text.optional().describe('Đã đối chiếu ở đâu (danh mục TTHC quốc gia, Công báo…), để người rà soát sau biết nguồn'),
  })
  .strict()
  .refine((d) => !d.replacedBy || d.endedOn, { path: ['endedOn'], message: 'có "replacedBy" thì cần ngày hết hiệu lực "endedOn"' });
export type LegalDocument = z.infer<typeof legalDocument>;

export const documentsFile = z.object({
  $schema: z.string().optional(),
  documents: z.array(z.unknown()).describe('Danh mục văn bản pháp luật được kho kiến thức dẫn'),
});
const documentsFileForEditors = z.object({ $schema: z.string().optional(), documents: z.array(legalDocument) });

/** JSON Schemas for editors, written to knowledge/schema/ by `kb schema`. */
export function editorSchemas(): Record<string, unknown> {
  const opts = { io: 'input', target: 'draft-7' } as const;
  return {
    'knowledge.schema.json': z.toJSONSchema(knowledgeFileForEditors, opts),
    'settings.schema.json': z.toJSONSchema(settings, opts),
    'synonyms.schema.json': z.toJSONSchema(synonyms, opts),
    'out-of-scope.schema.json': z.toJSONSchema(outOfScope, opts),
    'documents.schema.json': z.toJSONSchema(documentsFileForEditors, opts),
  };
}
