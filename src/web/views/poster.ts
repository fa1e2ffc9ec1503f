// The poster as an A4 page to print: the print stylesheet drops the workspace around it.
import type { Staff } from '../staff/auth.ts';
import type { PosterContent } from '../poster.ts';
import { html } from '../html.ts';
import { staffPage } from './staff-layout.ts';

/** `qr`: each channel's QR code (a data: URL), in the order of content.channels. */
export function posterPage(staff: Staff, header: string, content: PosterContent, qr: string[], units: Record<string, string>, unit?: string): string {
  const query = unit ? `?unit=${encodeURIComponent(unit)}` : '';
  const body = html`<div class="no-print poster-tools">
  ${
    Object.keys(units).length
      ? html`<form method="get" action="/staff/poster" class="filters"><label>Phường, xã <select name="unit">${Object.entries(units).map(([id, name]) => html`<option value="${id}"${id === unit ? html` selected` : ''}>${name}</option>`)}</select></label><button type="submit">Xem</button></form>`
      : ''
  }
  <p>In trang này trên khổ A4 (Ctrl+P, chọn "Vừa trang"), hoặc <a href="/staff/poster.pdf${query}" data-testid="poster-pdf" download>tải bản PDF</a>.</p>
  ${content.channels.length ? '' : html`<p class="notice">Chưa cấu hình kênh nào để in mã QR: đặt PUBLIC_WEB_URL (trang web), TELEGRAM_BOT_USERNAME (Telegram) hoặc ZALO_BOT_URL (Zalo) trong tệp .env rồi khởi động lại bot.</p>`}
</div>
<article class="poster" data-testid="poster">
  <p class="poster-unit">${content.committee}</p>
  <h2 class="poster-title">Hỏi đáp thủ tục hành chính</h2>
  <p class="poster-sub">Trợ lý tự động trả lời người dân mọi lúc, miễn phí</p>
  <h3>Bot giúp bạn:</h3>
  <ul class="poster-answers">${content.answers.map((a) => html`<li>${a}</li>`)}</ul>
  <div class="poster-qrs">${content.channels.map(
    (c, i) => html`<figure class="poster-qr"><img src="${qr[i]!}" alt="Mã QR mở ${c.name}" width="200" height="200" data-testid="poster-qr" data-url="${c.url}"><figcaption><strong>${c.name}</strong><span>${c.hint}</span></figcaption></figure>`,
  )}</div>
  <footer class="poster-office">
    <p><strong>${content.office.name}</strong></p>
    <p>Địa chỉ: ${content.office.address}</p>
    <p>Điện thoại: ${content.office.phone} · Giờ làm việc: ${content.office.hours}</p>
  </footer>
</article>`;
  return staffPage(staff, header, 'poster', 'Áp phích giới thiệu bot', body, { styles: ['/assets/poster.css'] });
}
