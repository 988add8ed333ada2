// Progressive enhancement only: every page works without this file.
// A htmx request whose session expired gets 499 (not a login redirect it could not follow): reload the
// page, which takes the browser through the sign-in and back.
document.addEventListener("htmx:responseError", function (event) {
  if (event.detail.xhr && event.detail.xhr.status === 499) {
    window.location.reload();
  }
});
// A file picker that fills a text box (the CSV import): shown only when this script runs, as the form posts
// the box's text either way.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("input[type=file][data-fills]").forEach(function (picker) {
    var box = document.getElementById(picker.dataset.fills);
    picker.hidden = false;
    document.querySelectorAll(".js-only").forEach(function (hint) { hint.hidden = false; });
    picker.addEventListener("change", function () {
      if (picker.files.length > 0) {
        picker.files[0].text().then(function (text) { box.value = text; });
      }
    });
  });
});
