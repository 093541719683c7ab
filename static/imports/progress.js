// Polls an upload's progress and updates the page in place (no reload).
// A file of its own, so the admin's Content Security Policy needs no inline script.
(function () {
  "use strict";
  var root = document.querySelector("[data-status-url]");
  if (!root) { return; }
  var url = root.getAttribute("data-status-url");
  var delay = 1000;

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

  function poll() {
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (data) {
        render(data);
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
