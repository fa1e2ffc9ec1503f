// The citizen chat page: a conversation log, the buttons the bot offers, one text field.
// The script (assets/chat.js) does the talking; without it the page says what to do.
import type { Settings } from '../../knowledge/schema.ts';
import { html } from '../html.ts';
import { page } from './layout.ts';

/** `unit`: the ward or commune the page is for (a ward's site embedding it), sent when the chat opens. */
export function chatPage(settings: Settings, embedded: boolean, unit?: string): string {
  return page({
    title: `Hỏi đáp thủ tục hành chính – ${settings.unit.committee}`,
    styles: ['/assets/base.css', '/assets/chat.css'],
    scripts: ['/assets/chat.js'],
    bodyClass: embedded ? 'chat embedded' : 'chat',
    body: html`<main class="chat-app">
  <header class="chat-header">
    <h1>Hỏi đáp thủ tục hành chính</h1>
    <p>${settings.unit.committee}</p>
    <button type="button" id="push-subscribe" class="push-button" hidden data-testid="push-subscribe">🔔 Nhận thông báo</button>
  </header>
  <section id="chat-log" class="chat-log" role="log" aria-live="polite" aria-label="Cuộc trò chuyện">
    <noscript><p class="notice">Trang cần JavaScript để trò chuyện. Bạn cũng có thể gọi ${settings.office.phone} hoặc đến ${settings.office.name}.</p></noscript>
  </section>
  <form id="chat-form" class="chat-form" autocomplete="off"${unit ? html` data-unit="${unit}"` : ''}>
    <label for="chat-input" class="visually-hidden">Câu hỏi của bạn</label>
    <input id="chat-input" name="text" type="text" maxlength="2000" placeholder="Nhập câu hỏi, ví dụ: làm giấy khai sinh cần gì" data-testid="chat-input" required>
    <button type="submit" data-testid="chat-send">Gửi</button>
  </form>
  <div class="chat-extras" aria-label="Gửi kèm phản ánh">
    <label class="attach" for="chat-attach">📷 Gửi ảnh</label>
    <input id="chat-attach" class="visually-hidden" type="file" accept="image/*" capture="environment" multiple data-testid="chat-attach">
    <button type="button" id="chat-location" class="secondary" data-testid="chat-location">📍 Gửi vị trí</button>
  </div>
  <p class="chat-privacy">Bot không hỏi thông tin cá nhân, trừ khi bạn gửi phản ánh, kiến nghị (khi đó bot xin phép trước).</p>
</main>`,
  });
}
