// Filing form: an unticked attendee is absent; show their reason select only then.
// Delegated listeners, so the list still works after htmx reloads it (date or group changed).
(function () {
  "use strict";
  function sync(item) {
    var box = item.querySelector(".activity-present");
    if (!box) { return; }
    item.classList.toggle("is-absent", !box.checked);
    var select = item.querySelector(".activity-reason select");
    if (select && box.checked) { select.value = ""; }
  }
  function syncAll() {
    document.querySelectorAll(".activity-attendee").forEach(sync);
  }
  document.addEventListener("change", function (event) {
    var box = event.target.closest(".activity-present");
    if (!box) { return; }
    var item = box.closest(".activity-attendee");
    sync(item);
    var select = item.querySelector(".activity-reason select");
    if (select && !box.checked) { select.focus(); }
  });
  document.body.addEventListener("htmx:afterSettle", syncAll);
  // Deleting a record or an attachment asks first.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });
  syncAll();
  document.querySelectorAll(".activity-form").forEach(function (form) { form.classList.add("js-ready"); });
})();
