// The citizen chat in the browser: sends what is typed or pressed, shows the bot's replies,
// and shows at once what the office sends later (server-sent events). A reloaded page shows
// the conversation so far (from the server). A new answer is scrolled to its first line,
// not its last: a long answer is read from the top. Every piece of text is put in the page
// with textContent, never as HTML.
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

  /** Brings a message's first line to the top of the log (or as far as the log scrolls). */
  function reveal(bubble) {
    if (bubble) log.scrollTop = Math.max(0, bubble.offsetTop - 8);
  }

  function showMine(text, quiet) {
    var bubble = element('div', 'msg mine');
    bubble.appendChild(element('p', '', text));
    log.appendChild(bubble);
    if (!quiet) scrollDown();
  }

  /** Shows replies and scrolls to the first of them; returns the first bubble. */
  function showReplies(replies) {
    var first = null;
    (replies || []).forEach(function (r) {
      var bubble = showReply(r);
      if (!first) first = bubble;
    });
    reveal(first);
    return first;
  }

  function showReply(reply, note) {
    var bubble = element('div', 'msg bot');
    bubble.setAttribute('data-testid', 'bot-message');
    if (note) bubble.appendChild(element('p', 'note', note));
    (reply.sections || []).forEach(function (section) {
      if (section.heading) bubble.appendChild(element('h2', '', section.heading));
      var lines = section.lines || [];
      // Only what the bot marks as a list is one; every other line is a sentence.
      if (section.style === 'list' || section.style === 'numbered') {
        var list = element(section.style === 'numbered' ? 'ol' : 'ul');
        lines.forEach(function (line) { list.appendChild(element('li', '', line)); });
        bubble.appendChild(list);
      } else {
        lines.forEach(function (line) { bubble.appendChild(element('p', '', line)); });
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
          send({ button: b.payload, label: b.label });
        });
        group.appendChild(button);
      });
      bubble.appendChild(group);
    }
    log.appendChild(bubble);
    return bubble;
  }

  function showError(error) {
    var line = error && error.status === 429
      ? 'Bạn gửi nhanh quá. Vui lòng đợi một phút rồi gửi lại.'
      : 'Xin lỗi, chưa gửi được. Bạn kiểm tra kết nối mạng rồi thử lại nhé.';
    reveal(showReply({ sections: [{ lines: [line] }], buttons: [] }));
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
      .then(function (data) { showReplies(data.replies); })
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

  // "Tin mới": the ward's latest announcements, above the conversation.
  function showNews() {
    var unit = form.dataset.unit ? '?unit=' + encodeURIComponent(form.dataset.unit) : '';
    return fetch('/api/chat/news' + unit, { credentials: 'same-origin' })
      .then(function (response) { return response.ok ? response.json() : { news: [] }; })
      .then(function (data) {
        if (!data.news || !data.news.length) return;
        var box = element('section', 'news');
        box.setAttribute('data-testid', 'chat-news');
        box.setAttribute('aria-label', 'Tin mới');
        box.appendChild(element('h2', '', 'Tin mới'));
        data.news.forEach(function (n) {
          var item = element('article', 'news-item');
          item.appendChild(element('h3', '', n.title));
          item.appendChild(element('p', 'news-date', new Date(n.at).toLocaleDateString('vi-VN')));
          item.appendChild(element('p', '', n.text));
          if (n.link && /^https?:\/\//.test(n.link)) {
            var a = element('a', '', n.link);
            a.href = n.link;
            a.rel = 'noopener noreferrer';
            a.target = '_blank';
            item.appendChild(a);
          }
          box.appendChild(item);
        });
        log.insertBefore(box, log.firstChild);
      })
      .catch(function () { /* the chat works without them */ });
  }

  // Web push: a button in the header, for browsers that can; the subscription is the citizen's consent.
  function offerPush() {
    var button = document.getElementById('push-subscribe');
    if (!button || !('serviceWorker' in navigator) || !('PushManager' in window) || !window.Notification) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      button.disabled = true;
      Notification.requestPermission()
        .then(function (permission) {
          if (permission !== 'granted') throw new Error('denied');
          return Promise.all([navigator.serviceWorker.register('/sw.js'), fetch('/api/push/key').then(function (r) { return r.json(); })]);
        })
        .then(function (both) {
          var key = both[1].publicKey.replace(/-/g, '+').replace(/_/g, '/');
          var raw = atob(key + '==='.slice((key.length + 3) % 4));
          var bytes = new Uint8Array(raw.length);
          for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
          return navigator.serviceWorker.ready.then(function (registration) {
            return registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: bytes });
          });
        })
        .then(function (subscription) { return post('/api/push/subscribe', { subscription: subscription.toJSON(), unit: form.dataset.unit || undefined }); })
        .then(function () {
          button.textContent = '🔔 Đã bật thông báo';
          reveal(showReply({ sections: [{ lines: ['Đã bật thông báo: bạn sẽ nhận tin thủ tục mới, lịch nghỉ, thay đổi lệ phí cả khi đã đóng trang. Muốn thôi, gõ "hủy nhận tin".'] }], buttons: [] }));
        })
        .catch(function () {
          button.disabled = false;
          reveal(showReply({ sections: [{ lines: ['Chưa bật được thông báo (trình duyệt chưa cho phép). Bạn vẫn có thể gõ "đăng ký nhận tin" để xem tin mới mỗi khi mở trang.'] }], buttons: [] }));
        });
    });
  }

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
      // The server sends the message's choices: "Hủy nhận tin" under an announcement, the satisfaction question's.
      reveal(showReply(
        { sections: [{ heading: paragraphs[0], lines: paragraphs.slice(1) }], buttons: message.buttons || [] },
        (message.kind === 'announcement' ? 'Tin mới · ' : 'Tin từ cơ quan tiếp nhận · ') + when,
      ));
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
          if (data && data.replies) return showReplies(data.replies);
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
          reveal(showReply({ sections: [{ lines: ['Ảnh quá lớn: mỗi ảnh tối đa 10 MB. Bạn chụp lại hoặc gửi ảnh nhỏ hơn nhé; bot chưa lưu ảnh này.'] }], buttons: [] }));
          return null;
        }
        return sendRaw('/api/chat/photo', file, 'application/octet-stream');
      });
    }, Promise.resolve());
  });

  if (locate) locate.addEventListener('click', function () {
    if (!navigator.geolocation) {
      reveal(showReply({ sections: [{ lines: ['Trình duyệt này không lấy được vị trí. Bạn ghi địa chỉ nơi cần phản ánh vào nội dung nhé.'] }], buttons: [] }));
      return;
    }
    navigator.geolocation.getCurrentPosition(function (position) {
      showMine('📍 Vị trí của tôi');
      sendRaw('/api/chat/location', JSON.stringify({ latitude: position.coords.latitude, longitude: position.coords.longitude }), 'application/json');
    }, function () {
      reveal(showReply({ sections: [{ lines: ['Bot chưa được phép lấy vị trí. Bạn cho phép trang dùng vị trí, hoặc ghi địa chỉ nơi cần phản ánh vào nội dung nhé.'] }], buttons: [] }));
    }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  });


  /** The conversation so far, as the server kept it for this browser. */
  function showHistory(history) {
    var lastBot = null;
    (history || []).forEach(function (entry) {
      if (entry.who === 'me') showMine(entry.text, true);
      else lastBot = showReply({ sections: entry.sections, buttons: entry.buttons });
    });
    reveal(lastBot);
  }

  post('/api/chat/open', form.dataset.unit ? { unit: form.dataset.unit } : {})
    .then(function (data) {
      showHistory(data.history);
      showReplies(data.replies);
    })
    .catch(showError)
    .then(function () {
      showNews();
      offerPush();
      listen();
      input.focus();
    });
})();
