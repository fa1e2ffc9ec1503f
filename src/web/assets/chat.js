// The citizen chat in the browser: sends what is typed or pressed, shows the bot's replies,
// and shows at once what the office sends later (server-sent events). Every piece of text
// is put in the page with textContent, never as HTML.
(function () {
  'use strict';
  var log = document.getElementById('chat-log');
  var form = document.getElementById('chat-form');
  var input = document.getElementById('chat-input');
  var busy = false;

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function scrollDown() {
    log.scrollTop = log.scrollHeight;
  }

  function showMine(text) {
    var bubble = element('div', 'msg mine');
    bubble.appendChild(element('p', '', text));
    log.appendChild(bubble);
    scrollDown();
  }

  function showReply(reply, note) {
    var bubble = element('div', 'msg bot');
    bubble.setAttribute('data-testid', 'bot-message');
    if (note) bubble.appendChild(element('p', 'note', note));
    (reply.sections || []).forEach(function (section) {
      if (section.heading) bubble.appendChild(element('h2', '', section.heading));
      var lines = section.lines || [];
      if (lines.length > 1) {
        var list = element('ul');
        lines.forEach(function (line) { list.appendChild(element('li', '', line)); });
        bubble.appendChild(list);
      } else if (lines.length === 1) {
        bubble.appendChild(element('p', '', lines[0]));
      }
    });
    if (reply.buttons && reply.buttons.length) {
      var group = element('div', 'choices');
      group.setAttribute('role', 'group');
      group.setAttribute('aria-label', 'Các lựa chọn');
      reply.buttons.forEach(function (b) {
        var button = element('button', 'choice', b.label);
        button.type = 'button';
        button.setAttribute('data-testid', 'bot-button');
        button.addEventListener('click', function () {
          showMine(b.label);
          send({ button: b.payload });
        });
        group.appendChild(button);
      });
      bubble.appendChild(group);
    }
    log.appendChild(bubble);
    scrollDown();
  }

  function showError(error) {
    var line = error && error.status === 429
      ? 'Bạn gửi nhanh quá. Vui lòng đợi một phút rồi gửi lại.'
      : 'Xin lỗi, chưa gửi được. Bạn kiểm tra kết nối mạng rồi thử lại nhé.';
    showReply({ sections: [{ lines: [line] }], buttons: [] });
  }

  function post(path, body) {
    return fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body || {}),
    }).then(function (response) {
      if (!response.ok) {
        var error = new Error('HTTP ' + response.status);
        error.status = response.status;
        throw error;
      }
      return response.json();
    });
  }

  function send(body) {
    busy = true;
    form.setAttribute('aria-busy', 'true');
    return post('/api/chat/message', body)
      .then(function (data) { (data.replies || []).forEach(function (r) { showReply(r); }); })
      .catch(function (error) {
        // What the citizen typed is not lost: it is back in the box, ready to send again.
        if (body.text && !input.value) input.value = body.text;
        showError(error);
      })
      .then(function () {
        busy = false;
        form.removeAttribute('aria-busy');
        input.focus();
      });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text || busy) return;
    input.value = '';
    showMine(text);
    send({ text: text });
  });

  var seen = {};
  function listen() {
    if (!window.EventSource) return;
    var events = new EventSource('/api/chat/events');
    events.addEventListener('message', function (event) {
      var message = JSON.parse(event.data);
      if (seen[message.id]) return;
      seen[message.id] = true;
      var when = new Date(message.at).toLocaleString('vi-VN');
      var paragraphs = String(message.text).split('\n');
      showReply({ sections: [{ heading: paragraphs[0], lines: paragraphs.slice(1) }], buttons: message.buttons || [] }, 'Tin từ cơ quan tiếp nhận · ' + when);
    });
  }

  // Photos and a place, for a feedback: the file goes as it is (the server checks what it
  // really is); one too large is refused here, before it is sent.
  var MAX_PHOTO_BYTES = 10 * 1024 * 1024;
  var attach = document.getElementById('chat-attach');
  var locate = document.getElementById('chat-location');

  function sendRaw(path, body, type) {
    busy = true;
    return fetch(path, { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': type }, body: body })
      .then(function (response) {
        return response.json().catch(function () { return null; }).then(function (data) {
          if (data && data.replies) return data.replies.forEach(function (r) { showReply(r); });
          var error = new Error('HTTP ' + response.status);
          error.status = response.status;
          throw error;
        });
      })
      .catch(showError)
      .then(function () { busy = false; });
  }

  if (attach) attach.addEventListener('change', function () {
    var files = Array.prototype.slice.call(attach.files || []);
    attach.value = '';
    files.reduce(function (done, file) {
      return done.then(function () {
        showMine('📷 ' + file.name);
        if (file.size > MAX_PHOTO_BYTES) {
          showReply({ sections: [{ lines: ['Ảnh quá lớn: mỗi ảnh tối đa 10 MB. Bạn chụp lại hoặc gửi ảnh nhỏ hơn nhé; bot chưa lưu ảnh này.'] }], buttons: [] });
          return null;
        }
        return sendRaw('/api/chat/photo', file, 'application/octet-stream');
      });
    }, Promise.resolve());
  });

  if (locate) locate.addEventListener('click', function () {
    if (!navigator.geolocation) {
      showReply({ sections: [{ lines: ['Trình duyệt này không lấy được vị trí. Bạn ghi địa chỉ nơi cần phản ánh vào nội dung nhé.'] }], buttons: [] });
      return;
    }
    navigator.geolocation.getCurrentPosition(function (position) {
      showMine('📍 Vị trí của tôi');
      sendRaw('/api/chat/location', JSON.stringify({ latitude: position.coords.latitude, longitude: position.coords.longitude }), 'application/json');
    }, function () {
      showReply({ sections: [{ lines: ['Bot chưa được phép lấy vị trí. Bạn cho phép trang dùng vị trí, hoặc ghi địa chỉ nơi cần phản ánh vào nội dung nhé.'] }], buttons: [] });
    }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  });

  post('/api/chat/open', form.dataset.unit ? { unit: form.dataset.unit } : {})
    .then(function (data) { (data.replies || []).forEach(function (r) { showReply(r); }); })
    .catch(showError)
    .then(function () {
      listen();
      input.focus();
    });
})();
