// The board's few behaviours that are not swaps: clear the form after a
// task is added, show why a request failed, and let toasts fade away.
(function () {
  "use strict";
  var toastLife = 4000;

  document.addEventListener("htmx:afterRequest", function (evt) {
    var form = document.getElementById("add-task");
    var error = document.getElementById("form-error");
    if (!form || !error) return;
    if (evt.detail.elt === form && evt.detail.successful) {
      form.reset();
      error.textContent = "";
    }
  });

  // A refused request (for example an empty title) keeps the page as it
  // is; its message is plain text, shown as text.
  document.addEventListener("htmx:responseError", function (evt) {
    var error = document.getElementById("form-error");
    if (error) error.textContent = evt.detail.xhr.responseText;
  });

  // Mark the page while its stream is down, so a person knows the board
  // may be stale until it reconnects.
  document.addEventListener("htmx:sseOpen", function () {
    document.body.classList.remove("offline");
  });
  document.addEventListener("htmx:sseError", function () {
    document.body.classList.add("offline");
  });

  htmx.onLoad(function (elt) {
    if (elt.classList && elt.classList.contains("toast")) {
      setTimeout(function () { elt.remove(); }, toastLife);
    }
  });
})();
