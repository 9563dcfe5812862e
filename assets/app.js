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
// ---- stored files (stored_file.c, file_upload_field): a form with an <input type=file
// data-upload-progress> sends itself with XMLHttpRequest and fills the field's <progress> from the
// upload events; then it goes where the server sent it (the page after a 303) or shows the
// server's answer (an error page). Without JavaScript the form posts normally.
(function () {
  'use strict';
  document.addEventListener('submit', function (ev) {
    var f = ev.target;
    if (ev.defaultPrevented || !f.querySelector || f.hasAttribute('data-progress')) return;
    var input = f.querySelector('input[type=file][data-upload-progress]');
    if (!input || !window.XMLHttpRequest || !window.FormData) return;
    var bar = input.parentNode.querySelector('progress.upload-progress');
    if (!bar) return;
    ev.preventDefault();
    var xhr = new XMLHttpRequest();
    xhr.open('POST', f.action);
    bar.hidden = false;
    bar.value = 0;
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) { bar.max = e.total; bar.value = e.loaded; }
    };
    xhr.onload = function () {
      if (xhr.status < 400 && xhr.responseURL && xhr.responseURL !== f.action) { window.location.assign(xhr.responseURL); return; }
      document.open(); document.write(xhr.responseText); document.close();
    };
    xhr.onerror = function () { bar.hidden = true; f.submit(); };
    xhr.send(new FormData(f));
  });
})();
