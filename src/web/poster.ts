// The poster a ward prints and puts up (pano, áp phích): its name, what the bot answers, and
// a QR code for each way to reach it that is configured: the web chat, Telegram, Zalo. The
// same content as an A4 web page to print, and as a PDF made here (pdfkit, with the DejaVu
// fonts embedded, which carry every Vietnamese letter), so no browser is needed to make it.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { Settings } from '../knowledge/schema.ts';

export interface PosterChannel {
  /** "Trang web", "Telegram", "Zalo". */
  name: string;
  /** What the QR code opens. */
  url: string;
  /** How to use it, one line. */
  hint: string;
}

export interface PosterContent {
  committee: string;
  unitName: string;
  /** What the bot does for citizens, one line each. */
  answers: string[];
  channels: PosterChannel[];
  office: { name: string; address: string; phone: string; hours: string };
}

/** Where citizens reach the bot (unset ones are left off the poster). */
export interface PosterLinks {
  web?: string;
  telegram?: string;
  zalo?: string;
}

export function posterContent(settings: Settings, links: PosterLinks, unit?: string): PosterContent {
  const channels: PosterChannel[] = [];
  if (links.web) {
    const url = new URL(links.web);
    if (unit) url.searchParams.set('unit', unit);
    channels.push({ name: 'Trang web', url: url.toString(), hint: 'Quét mã, hỏi ngay trên trình duyệt' });
  }
  if (links.telegram) channels.push({ name: 'Telegram', url: `https://t.me/${links.telegram.replace(/^@/, '')}`, hint: 'Quét mã, bấm Bắt đầu (Start)' });
  if (links.zalo) channels.push({ name: 'Zalo', url: links.zalo, hint: 'Quét mã bằng Zalo, bấm Nhắn tin' });
  return {
    committee: settings.unit.committee,
    unitName: settings.unit.name,
    answers: [
      'Hồ sơ, giấy tờ cần chuẩn bị cho từng thủ tục hành chính',
      'Lệ phí, thời gian giải quyết, nơi nộp hồ sơ, cách nộp trực tuyến',
      `Gửi phản ánh, kiến nghị tới ${settings.feedback.receiver}`,
      'Tra cứu kết quả xử lý phản ánh bằng mã theo dõi',
      'Nhận tin thủ tục mới, lịch nghỉ, thay đổi lệ phí (gõ "đăng ký nhận tin")',
    ],
    channels,
    office: { name: settings.office.name, address: settings.office.address, phone: settings.office.phone, hours: settings.office.hours },
  };
}

/** A QR code as a PNG, large enough to scan from a printed A4 at arm's length. */
export function qrPng(url: string): Promise<Buffer> {
  return QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 480 });
}

export async function qrDataUrl(url: string): Promise<string> {
  return `data:image/png;base64,${(await qrPng(url)).toString('base64')}`;
}

const fontDir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');

/** The poster as an A4 PDF. */
export async function posterPdf(content: PosterContent): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: `Hỏi đáp thủ tục hành chính – ${content.committee}`, Author: content.committee } });
  doc.registerFont('body', join(fontDir, 'DejaVuSans.ttf'));
  doc.registerFont('bold', join(fontDir, 'DejaVuSans-Bold.ttf'));
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 96;
  doc.font('bold').fontSize(14).fillColor('#0b3d6d').text(content.committee.toLocaleUpperCase('vi'), { align: 'center', width });
  doc.moveDown(0.6).fontSize(28).fillColor('#0b5cad').text('HỎI ĐÁP THỦ TỤC HÀNH CHÍNH', { align: 'center', width });
  doc.moveDown(0.2).font('body').fontSize(15).fillColor('#1b1f24').text('Trợ lý tự động trả lời người dân mọi lúc, miễn phí', { align: 'center', width });
  doc.moveDown(0.8).font('bold').fontSize(14).text('Bot giúp bạn:');
  doc.font('body').fontSize(13);
  for (const line of content.answers) doc.text(`•  ${line}`, { width, paragraphGap: 3 });
  doc.moveDown(0.8);
  const size = 150;
  const gap = content.channels.length ? (width - content.channels.length * size) / Math.max(1, content.channels.length) : 0;
  const top = doc.y;
  for (const [i, c] of content.channels.entries()) {
    const x = 48 + gap / 2 + i * (size + gap);
    doc.image(await qrPng(c.url), x, top, { width: size, height: size });
    doc.font('bold').fontSize(15).text(c.name, x - gap / 2, top + size + 6, { width: size + gap, align: 'center' });
    doc.font('body').fontSize(10).text(c.hint, x - gap / 2, doc.y + 2, { width: size + gap, align: 'center' });
  }
  if (!content.channels.length) doc.font('body').fontSize(12).text('(Chưa cấu hình kênh nào: đặt PUBLIC_WEB_URL, TELEGRAM_BOT_USERNAME hoặc ZALO_BOT_URL.)', { width });
  doc.x = 48;
  doc.y = content.channels.length ? top + size + 60 : doc.y + 20;
  doc.font('bold').fontSize(12).text(content.office.name, { width });
  doc.font('body').fontSize(11).text(`Địa chỉ: ${content.office.address}`, { width });
  doc.text(`Điện thoại: ${content.office.phone}`, { width });
  doc.text(`Giờ làm việc: ${content.office.hours}`, { width });
  doc.end();
  return done;
}
