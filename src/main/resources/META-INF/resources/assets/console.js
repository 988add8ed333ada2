// Progressive enhancement only: every page works without this file.
// A htmx request whose session expired gets 499 (not a login redirect it could not follow): reload the
// page, which takes the browser through the sign-in and back.
document.addEventListener("htmx:responseError", function (event) {
  if (event.detail.xhr && event.detail.xhr.status === 499) {
    window.location.reload();
  }
});
