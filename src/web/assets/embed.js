// Puts the ward's chat on any page: <script src="https://BOT-ADDRESS/embed.js" defer></script>
// (data-unit="phuong-b-lao" on the tag opens it for that ward, in a deployment serving several).
(function () {
  'use strict';
  var me = document.currentScript;
  if (!me) return;
  var origin = new URL(me.src).origin;
  var label = me.getAttribute('data-label') || 'Hỏi đáp thủ tục';
  var open = document.createElement('button');
  open.type = 'button';
  open.textContent = label;
  open.setAttribute('aria-expanded', 'false');
  open.style.cssText = 'position:fixed;right:16px;bottom:16px;z-index:2147483000;padding:12px 16px;border:0;border-radius:24px;background:#0b5cad;color:#fff;font:16px system-ui,sans-serif;box-shadow:0 2px 8px rgba(0,0,0,.3);cursor:pointer';
  var frame = document.createElement('iframe');
  frame.title = label;
  var unit = me.getAttribute('data-unit');
  frame.src = origin + '/?embed=1' + (unit ? '&unit=' + encodeURIComponent(unit) : '');
  frame.style.cssText = 'position:fixed;right:16px;bottom:72px;z-index:2147483000;width:min(380px,calc(100vw - 32px));height:min(600px,calc(100vh - 96px));border:1px solid #ccd;border-radius:12px;background:#fff;display:none';
  open.addEventListener('click', function () {
    var shown = frame.style.display !== 'none';
    frame.style.display = shown ? 'none' : 'block';
    open.setAttribute('aria-expanded', String(!shown));
  });
  document.body.appendChild(frame);
  document.body.appendChild(open);
})();
