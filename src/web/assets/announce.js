// The announcements page: the phone preview and the character count follow what staff type
// (the preview is drawn by the server too, for a page without script). Text only: textContent.
(function () {
  'use strict';
  var form = document.querySelector('[data-testid="announcement-form"]');
  var preview = document.querySelector('[data-testid="announcement-preview"]');
  if (!form || !preview) return;
  var fields = { title: form.elements.namedItem('title'), text: form.elements.namedItem('text'), link: form.elements.namedItem('link') };
  var count = document.getElementById('ann-count');
  var at = form.elements.namedItem('at');
  function show() {
    preview.querySelector('[data-preview="title"]').textContent = fields.title.value.trim() || 'Tiêu đề tin';
    preview.querySelector('[data-preview="text"]').textContent = fields.text.value.trim() || 'Nội dung tin sẽ hiện ở đây.';
    var link = preview.querySelector('[data-preview="link"]');
    link.textContent = fields.link.value.trim();
    link.hidden = !fields.link.value.trim();
    if (count) count.textContent = String(fields.text.value.length);
  }
  ['title', 'text', 'link'].forEach(function (name) { fields[name].addEventListener('input', show); });
  // Choosing a time chooses "Hẹn giờ".
  if (at) at.addEventListener('input', function () {
    var later = form.querySelector('input[name="when"][value="at"]');
    if (later) later.checked = true;
  });
  show();
})();
