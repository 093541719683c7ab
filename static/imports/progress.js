// Polls an upload's progress and updates the page in place (no reload).
// A file of its own, so the admin's Content Security Policy needs no inline script.
// Polls only read (GET); when the job is stalled (waiting for the queue), the
// next poll is a POST with the page's CSRF token, which sends the job again.
(function () {
  "use strict";
  var root = document.querySelector("[data-status-url]");
  if (!root) { return; }
  var url = root.getAttribute("data-status-url");
  var token = root.getAttribute("data-csrf-token");
  var delay = 1000;
  var resend = false;

  function text(selector, value) {
    var node = document.querySelector(selector);
    if (node) { node.textContent = value; }
  }

  function render(data) {
    text("#desk-status-label", data.status_label);
    text("#desk-message", data.message);
    text("#desk-count", data.done + " / " + data.total);
    var bar = document.getElementById("desk-progress");
    bar.max = data.total;
    bar.value = data.done;
    data.pages.forEach(function (page) {
      var row = document.querySelector('tr[data-page="' + page.id + '"]');
      if (!row) { return; }
      row.querySelector(".page-status").textContent = page.status_text;
      row.querySelector(".page-stories").textContent = page.status === "done" ? String(page.stories) : "";
      row.className = "page-" + page.status;
    });
    document.body.setAttribute("data-import-status", data.status);
  }

  function request() {
    var options = {credentials: "same-origin", headers: {"Accept": "application/json"}};
    if (resend) {
      options.method = "POST";
      options.headers["X-CSRFToken"] = token;
    }
    return fetch(url, options);
  }

  function poll() {
    request()
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (data) {
        render(data);
        resend = data.stalled;
        delay = 1000;
        if (!data.finished) { window.setTimeout(poll, delay); }
      })
      .catch(function () {
        delay = Math.min(delay * 2, 30000);
        window.setTimeout(poll, delay);
      });
  }
  poll();
}());
