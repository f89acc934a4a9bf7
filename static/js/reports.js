// Report pages: warn before leaving the edit form with unsaved text, confirm irreversible steps.
// Loaded as a static file (the Content-Security-Policy forbids inline scripts).
(function () {
  "use strict";

  var form = document.getElementById("report-form");
  if (form) {
    var dirty = false;
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("submit", function () { dirty = false; });
    window.addEventListener("beforeunload", function (event) {
      if (!dirty) { return; }
      event.preventDefault();
      event.returnValue = form.dataset.unsavedWarning || "";
    });
  }

  document.querySelectorAll("form[data-confirm]").forEach(function (element) {
    element.addEventListener("submit", function (event) {
      if (!window.confirm(element.dataset.confirm)) { event.preventDefault(); }
    });
  });
})();
