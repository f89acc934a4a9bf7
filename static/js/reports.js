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

  // New report: a term report picks a committee, the others a year.
  var periodType = document.getElementById("id_period_type");
  if (periodType) {
    var yearField = document.getElementById("div_id_year");
    var committeeField = document.getElementById("div_id_committee");
    var showPeriodFields = function () {
      var isTerm = periodType.value === "term";
      if (yearField) { yearField.classList.toggle("d-none", isTerm); }
      if (committeeField) { committeeField.classList.toggle("d-none", !isTerm); }
    };
    periodType.addEventListener("change", showPeriodFields);
    showPeriodFields();
  }

  document.querySelectorAll("form[data-confirm]").forEach(function (element) {
    element.addEventListener("submit", function (event) {
      if (!window.confirm(element.dataset.confirm)) { event.preventDefault(); }
    });
  });
})();
