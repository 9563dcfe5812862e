// thidua: the little JavaScript the pages use. Every page works without it; this only adds
// confirmation prompts, upload progress and auto-submit of filter selects.
(function () {
  'use strict';
  // <form data-confirm="…">: ask before destructive actions.
  document.addEventListener('submit', function (ev) {
    var f = ev.target;
    var msg = f.getAttribute && f.getAttribute('data-confirm');
    if (msg && !window.confirm(msg)) { ev.preventDefault(); return; }
    // <form data-progress>: show upload progress for long imports.
    if (f.hasAttribute && f.hasAttribute('data-progress') && window.XMLHttpRequest && window.FormData) {
      var bar = f.querySelector('progress');
      if (!bar) return;
      ev.preventDefault();
      var xhr = new XMLHttpRequest();
      xhr.open('POST', f.action);
      bar.hidden = false;
      xhr.upload.onprogress = function (e) { if (e.lengthComputable) { bar.max = e.total; bar.value = e.loaded; } };
      xhr.onload = function () { document.open(); document.write(xhr.responseText); document.close(); };
      xhr.send(new FormData(f));
    }
  });
  // <select data-autosubmit>: filters apply on change.
  document.addEventListener('change', function (ev) {
    var t = ev.target;
    if (t.hasAttribute && t.hasAttribute('data-autosubmit') && t.form) t.form.submit();
  });
})();
