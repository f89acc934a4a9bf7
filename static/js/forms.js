// Error summary of a refused form (templates/partials/form_errors.html): focus it when the page
// loads, so a phone user sees it and a screen reader reads it; its links focus the field at fault
// and scroll its label into view.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) { return; }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) { return; }
    var field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!field) { return; }
    event.preventDefault();
    var label = document.querySelector("label[for='" + CSS.escape(field.id) + "']");
    (label || field).scrollIntoView({ block: "center" });
    field.focus({ preventScroll: true });
  });
})();
