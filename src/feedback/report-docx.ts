// The quarterly report as a Word document a People's Committee can sign, laid out as
// Nghị định 30/2020/NĐ-CP lays out an administrative document: the issuing body and the
// national motto side by side, the number and the place and date, the title, the body, the
// recipients and the signature block. Counts only: no personal data.
import { AlignmentType, BorderStyle, convertMillimetersToTwip, Document, LeaderType, Packer, Paragraph, Tab, Table, TableCell, TableRow, TabStopType, TextRun, WidthType } from 'docx';
import type { Settings } from '../knowledge/schema.ts';
import { vietnamDate } from '../time/vietnam-calendar.ts';
import type { OutreachReport } from '../announcements/outreach-report.ts';
import { CHANNEL_LABELS, formatAnswerTime, type CountRow, type QuarterReport } from './report.ts';
import { formatRate, type SatisfactionRow } from './report-casework.ts';

const ROMAN = ['I', 'II', 'III', 'IV'] as const;
const FONT = 'Times New Roman';
const SIZE = 26; // half-points: 13 pt, the body size of the decree
const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };

interface Line {
  text: string;
  bold?: boolean;
  italics?: boolean;
  underline?: boolean;
  size?: number;
}

const run = ({ text, bold, italics, underline, size }: Line) => new TextRun({ text, bold, italics, underline: underline ? {} : undefined, font: FONT, size: size ?? SIZE });
const para = (lines: Line | Line[], align: (typeof AlignmentType)[keyof typeof AlignmentType] = AlignmentType.JUSTIFIED, spacing = 80) =>
  new Paragraph({ alignment: align, spacing: { after: spacing }, children: (Array.isArray(lines) ? lines : [lines]).map(run) });
const center = (line: Line, spacing = 0) => para(line, AlignmentType.CENTER, spacing);
/** A section heading, set off from the table above it. */
const heading = (text: string) => new Paragraph({ spacing: { before: 160, after: 80 }, children: [run({ text, bold: true })] });
/** Text width of the page (A4 less the 30 mm and 15 mm margins of Nghị định 30/2020). */
const TEXT_WIDTH = convertMillimetersToTwip(210 - 30 - 15);
/** A dotted line to write on, exactly as wide as the text: a right tab with a dot leader. */
const writingLine = () =>
  new Paragraph({ tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH, leader: LeaderType.DOT }], spacing: { after: 120 }, children: [new TextRun({ children: [new Tab()] })] });

function cell(children: Paragraph[], widthPct: number, borders = false): TableCell {
  return new TableCell({ width: { size: widthPct, type: WidthType.PERCENTAGE }, children, ...(borders ? {} : { borders: NO_BORDERS }) });
}

/** The two header columns: the issuing body and the number; the motto and the place and date. */
function header(report: QuarterReport, settings: Settings): Table {
  const committee = settings.unit.committee.toLocaleUpperCase('vi');
  const [first, ...rest] = committee.split(/(?<=NHÂN DÂN) /);
  const place = settings.unit.name.replace(/^(phường|xã|đặc khu|thị trấn)\s+/i, '');
  const date = vietnamDate(report.generatedAt).split('-');
  const suffix = settings.report?.numberSuffix ?? 'BC-UBND';
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        children: [
          cell([center({ text: first!, bold: true }), ...(rest.length ? [center({ text: rest.join(' '), bold: true, underline: true }, 120)] : []), center({ text: `Số: …… /${suffix}` })], 40),
          cell(
            [
              center({ text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', bold: true, size: 24 }),
              center({ text: 'Độc lập - Tự do - Hạnh phúc', bold: true, underline: true }, 120),
              center({ text: `${place}, ngày ${date[2]} tháng ${date[1]} năm ${date[0]}`, italics: true }),
            ],
            60,
          ),
        ],
      }),
    ],
  });
}

function countTable(heading: string, rows: CountRow<string>[]): Table {
  const line = (a: string, b: string, bold = false) =>
    new TableRow({ children: [cell([para({ text: a, bold }, AlignmentType.LEFT, 0)], 75, true), cell([para({ text: b, bold }, AlignmentType.RIGHT, 0)], 25, true)] });
  const total = rows.reduce((n, r) => n + r.count, 0);
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [line(heading, 'Số lượng', true), ...rows.map((r) => line(r.label, String(r.count))), line('Tổng cộng', String(total), true)],
  });
}

/** Satisfaction per group: how many rated, how many satisfied, the share. */
function rateTable(heading: string, rows: SatisfactionRow[]): Table {
  const widths = [46, 18, 18, 18];
  const line = (values: string[], bold = false) =>
    new TableRow({ children: values.map((v, i) => cell([para({ text: v, bold }, i ? AlignmentType.RIGHT : AlignmentType.LEFT, 0)], widths[i]!, true)) });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [line([heading, 'Lượt đánh giá', 'Hài lòng', 'Tỷ lệ hài lòng'], true), ...rows.filter((r) => r.rated).map((r) => line([r.label, String(r.rated), String(r.satisfied), formatRate(r.rate)]))],
  });
}

/** Deadlines kept and satisfaction (Nghị định 20/2008 deadlines, the satisfaction index the government tracks). */
function caseworkBlocks(report: QuarterReport): (Paragraph | Table)[] {
  const { casework } = report;
  return [
    para({ text: '' }),
    para({ text: `Tỷ lệ xử lý đúng hạn (trên số đã xử lý hoặc đã quá hạn): ${formatRate(casework.onTimeRate)}. Số hồ sơ cán bộ đã sửa lại lĩnh vực: ${casework.correctedCategory}.` }),
    countTable('Theo thời hạn xử lý', casework.deadlines),
    para({ text: '' }),
    para({ text: `Mức độ hài lòng của người dân với câu trả lời: ${casework.satisfaction.rated} lượt đánh giá, tỷ lệ hài lòng ${formatRate(casework.satisfaction.rate)}.` }),
    countTable('Mức độ hài lòng', casework.satisfaction.byLevel),
    ...(casework.satisfaction.rated ? [para({ text: '' }), rateTable('Hài lòng theo lĩnh vực', casework.satisfactionByCategory)] : []),
    ...(casework.satisfactionByUnit && casework.satisfaction.rated ? [para({ text: '' }), rateTable('Hài lòng theo phường, xã', casework.satisfactionByUnit)] : []),
  ];
}

/** The part on tuyên truyền: what was sent, and the subscribers by channel. */
function outreachPart(o: OutreachReport): (Paragraph | Table)[] {
  const table = (title: string, pick: (r: OutreachReport['byChannel'][number]) => number) =>
    countTable(title, o.byChannel.map((r) => ({ key: r.channel, label: CHANNEL_LABELS[r.channel], count: pick(r) })));
  return [
    heading('IV. TUYÊN TRUYỀN QUA TRỢ LÝ TỰ ĐỘNG'),
    para({ text: `Đã gửi ${o.sent} tin tuyên truyền (thủ tục mới, thay đổi lệ phí, lịch nghỉ…) tới ${o.recipients} lượt người đăng ký; gửi tới được ${o.delivered} lượt. Cuối quý có ${o.subscribersAtEnd} người đăng ký nhận tin; trong quý có ${o.newSubscribers} đăng ký mới và ${o.unsubscribed} hủy đăng ký.` }),
    table('Người đăng ký cuối quý, theo kênh', (r) => r.subscribersAtEnd),
    para({ text: '' }),
    table('Đăng ký mới trong quý, theo kênh', (r) => r.newSubscribers),
    para({ text: '' }),
    table('Hủy đăng ký trong quý, theo kênh', (r) => r.unsubscribed),
  ];
}

/** `outreach`: the part on tuyên truyền, when the bot sends announcements. */
export async function reportToDocx(report: QuarterReport, settings: Settings, outreach?: OutreachReport): Promise<Buffer> {
  const { period, answerTime, unanswered } = report;
  const quarter = `quý ${ROMAN[period.quarter - 1]} năm ${period.year}`;
  const answeredShare = report.total ? Math.round((answerTime.answered / report.total) * 100) : 0;
  const body = [
    para({ text: `Thực hiện quy định về tiếp nhận, xử lý phản ánh, kiến nghị của cá nhân, tổ chức về quy định hành chính (Nghị định 20/2008/NĐ-CP, sửa đổi bởi Nghị định 92/2017/NĐ-CP), ${settings.unit.committee} báo cáo kết quả ${quarter} (từ ngày ${period.start.split('-').reverse().join('/')} đến ngày ${period.end.split('-').reverse().join('/')}) như sau:` }),
    ...(report.complete ? [] : [para({ text: 'Quý chưa kết thúc: số liệu tính đến ngày lập báo cáo.', italics: true })]),
    heading('I. TÌNH HÌNH TIẾP NHẬN'),
    para({ text: `Tổng số phản ánh, kiến nghị, câu hỏi tiếp nhận: ${report.total}.` }),
    countTable('Theo lĩnh vực', report.byCategory),
    para({ text: '' }),
    countTable('Theo kênh tiếp nhận', report.byChannel),
    ...(report.byUnit ? [para({ text: '' }), countTable('Theo phường, xã', report.byUnit)] : []),
    para({ text: '' }),
    countTable('Theo tháng', report.byMonth.map((m) => ({ key: m.month, label: m.label, count: m.received }))),
    heading('II. KẾT QUẢ XỬ LÝ'),
    para({ text: `Đã trả lời ${answerTime.answered}/${report.total} (${answeredShare}%). ${answerTime.medianHours === null ? 'Chưa có trường hợp nào được trả lời.' : `Thời gian trả lời trung vị: ${formatAnswerTime(answerTime.medianHours)} kể từ khi tiếp nhận.`}` }),
    countTable('Theo trạng thái xử lý', report.byStatus),
    para({ text: '' }),
    countTable('Thời gian trả lời', report.answerTimeBands),
    ...caseworkBlocks(report),
    heading('III. CÂU HỎI TRỢ LÝ TỰ ĐỘNG CHƯA TRẢ LỜI ĐƯỢC'),
    para({ text: `Số lượt: ${unanswered.total}. Các câu hỏi gặp nhiều nhất (đã che thông tin cá nhân):` }),
    ...(unanswered.top.length ? unanswered.top.map((t, i) => para({ text: `${i + 1}. ${t.text} (${t.count} lượt)` }, AlignmentType.LEFT, 40)) : [para({ text: 'Không có.' })]),
    ...(outreach ? outreachPart(outreach) : []),
    heading(`${outreach ? 'V' : 'IV'}. ĐÁNH GIÁ, ĐỀ XUẤT`),
    writingLine(),
    writingLine(),
    writingLine(),
  ];
  const recipients = settings.report?.recipients ?? ['Lưu: VT'];
  const footer = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        children: [
          cell([para({ text: 'Nơi nhận:', bold: true, italics: true, size: 24 }, AlignmentType.LEFT, 0), ...recipients.map((r, i) => para({ text: `- ${r}${i === recipients.length - 1 ? '.' : ';'}`, size: 22 }, AlignmentType.LEFT, 0))], 50),
          cell(
            [
              center({ text: settings.report?.signerAuthority ?? `TM. ${settings.unit.committee.toLocaleUpperCase('vi')}`, bold: true }),
              center({ text: settings.report?.signerTitle ?? 'CHỦ TỊCH', bold: true }),
              center({ text: '(Ký, ghi rõ họ tên và đóng dấu)', italics: true }, 1400),
              center({ text: settings.report?.signerName ?? '', bold: true }),
            ],
            50,
          ),
        ],
      }),
    ],
  });
  const document = new Document({
    creator: settings.unit.committee,
    title: `Báo cáo phản ánh, kiến nghị ${quarter}`,
    styles: { default: { document: { run: { font: FONT, size: SIZE } } } },
    sections: [
      {
        properties: { page: { size: { width: convertMillimetersToTwip(210), height: convertMillimetersToTwip(297) }, margin: { top: convertMillimetersToTwip(20), bottom: convertMillimetersToTwip(20), left: convertMillimetersToTwip(30), right: convertMillimetersToTwip(15) } } },
        children: [
          header(report, settings),
          para({ text: '' }),
          center({ text: 'BÁO CÁO', bold: true, size: 28 }),
          center({ text: `Kết quả tiếp nhận, xử lý phản ánh, kiến nghị ${quarter}`, bold: true, size: 28 }, 240),
          ...body,
          para({ text: '' }),
          footer,
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
