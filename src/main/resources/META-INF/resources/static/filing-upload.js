// Upload progress for the filing forms: fills the form's <progress> from htmx's XHR progress events, and shows
// a refusal that arrives before the upload is read (413) in the form's alert box.
(function () {
  if (window.cmoFilingUpload) { return; }
  window.cmoFilingUpload = true;
  document.addEventListener('htmx:xhr:progress', function (e) {
    // Only the form's own submission: the live preview also posts from inside the form.
    var form = e.target.tagName === 'FORM' ? e.target : null;
    var bar = form ? form.querySelector('progress.upload-progress') : null;
    if (!bar || !e.detail.lengthComputable) { return; }
    bar.hidden = false;
    bar.value = Math.round(e.detail.loaded * 100 / e.detail.total);
    bar.textContent = bar.value + '%';
  });
  document.addEventListener('htmx:responseError', function (e) {
    var box = document.getElementById('upload-error');
    if (!box || e.detail.xhr.status !== 413) { return; }
    box.hidden = false;
    box.textContent = e.detail.xhr.responseText;
  });
})();
