// Filing form: an unticked attendee is absent; show their reason select only then.
(function () {
  "use strict";
  function sync(item) {
    var box = item.querySelector(".activity-present");
    if (!box) { return; }
    item.classList.toggle("is-absent", !box.checked);
    var select = item.querySelector(".activity-reason select");
    if (select && box.checked) { select.value = ""; }
  }
  document.querySelectorAll(".activity-attendee").forEach(function (item) {
    sync(item);
    var box = item.querySelector(".activity-present");
    if (box) {
      box.addEventListener("change", function () {
        sync(item);
        var select = item.querySelector(".activity-reason select");
        if (select && !box.checked) { select.focus(); }
      });
    }
  });
  document.querySelectorAll(".activity-form").forEach(function (form) { form.classList.add("js-ready"); });
})();
