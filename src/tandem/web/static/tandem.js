// Upload progress: htmx reports bytes sent; show them on the <progress> of the form.
document.addEventListener("htmx:xhr:progress", function (evt) {
  var bar = document.getElementById("upload-progress");
  if (bar && evt.detail.lengthComputable) {
    bar.setAttribute("value", Math.round((evt.detail.loaded / evt.detail.total) * 100));
  }
});
// Show server-side validation pages (422/413/403) instead of dropping them.
document.addEventListener("htmx:beforeSwap", function (evt) {
  if (evt.detail.xhr.status >= 400 && evt.detail.xhr.status < 500) {
    evt.detail.shouldSwap = true;
    evt.detail.isError = false;
  }
});
// Ask before an action that cannot be taken back (forms marked data-confirm).
document.addEventListener("submit", function (evt) {
  var form = evt.target;
  var question = form && form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    evt.preventDefault();
    evt.stopImmediatePropagation();
  }
}, true);
