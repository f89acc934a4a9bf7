// Filing form: an unticked attendee is absent; show their reason select only then.
// Volunteering: nobody is ticked at first; people are picked by name or pinyin initials (张 or
// zs) or from the list, and shown as chips. Study: "全部出席" / "全部清空".
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
  function matches(item, query) {
    if (!query) { return true; }
    var name = item.getAttribute("data-name") || "";
    var keys = (item.getAttribute("data-pinyin") || "").split(" ");
    return name.indexOf(query) !== -1 || keys.some(function (key) { return key.indexOf(query) === 0; });
  }
  function filter(input) {
    var query = input.value.trim().toLowerCase();
    document.querySelectorAll(".activity-attendee").forEach(function (item) {
      item.hidden = !matches(item, query);
    });
  }
  function chips() {
    var holder = document.querySelector(".activity-chips");
    if (!holder) { return; }
    holder.textContent = "";
    document.querySelectorAll(".activity-attendee").forEach(function (item) {
      var box = item.querySelector(".activity-present");
      if (!box || !box.checked) { return; }
      var chip = document.createElement("button");
      chip.type = "button";
      chip.className = "btn btn-sm btn-danger activity-chip";
      chip.setAttribute("data-member", box.value);
      chip.setAttribute("aria-label", "移除" + item.getAttribute("data-name"));
      chip.textContent = item.getAttribute("data-name") + " ×";
      holder.appendChild(chip);
    });
  }
  function setBox(box, checked) {
    if (box.checked === checked) { return; }
    box.checked = checked;
    sync(box.closest(".activity-attendee"));
  }
  function init() {
    document.querySelectorAll(".activity-picker, .activity-toggles, [data-agenda-add]").forEach(function (el) { el.hidden = false; });
    document.querySelectorAll(".activity-attendee").forEach(sync);
    chips();
  }
  document.addEventListener("change", function (event) {
    var box = event.target.closest(".activity-present");
    if (!box) { return; }
    var item = box.closest(".activity-attendee");
    sync(item);
    chips();
    var picker = document.getElementById("activity-pick");
    if (picker && picker.value) { picker.value = ""; filter(picker); }
    var select = item.querySelector(".activity-reason select");
    if (select && !box.checked) { select.focus(); }
  });
  document.addEventListener("input", function (event) {
    if (event.target.id === "activity-pick") { filter(event.target); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.target.id !== "activity-pick" || event.key !== "Enter") { return; }
    event.preventDefault();  // Enter picks the first match, it does not submit the form
    var first = Array.prototype.find.call(document.querySelectorAll(".activity-attendee"), function (item) {
      return !item.hidden && !item.querySelector(".activity-present").checked;
    });
    if (first) { setBox(first.querySelector(".activity-present"), true); }
    event.target.value = "";
    filter(event.target);
    chips();
  });
  document.addEventListener("click", function (event) {
    var chip = event.target.closest(".activity-chip");
    if (chip) {
      var box = document.querySelector('.activity-present[value="' + chip.getAttribute("data-member") + '"]');
      if (box) { setBox(box, false); }
      chips();
      return;
    }
    var toggle = event.target.closest("[data-attendance]");
    if (toggle) {
      var all = toggle.getAttribute("data-attendance") === "all";
      document.querySelectorAll(".activity-present").forEach(function (box) { setBox(box, all); });
      return;
    }
    var add = event.target.closest("[data-agenda-add]");
    if (add) { addAgendaRow(); }
  });
  // The agenda grows row by row: a copy of the empty template row, with the next index.
  function addAgendaRow() {
    var template = document.getElementById("agenda-empty");
    var total = document.getElementById("id_agenda-TOTAL_FORMS");
    var max = document.getElementById("id_agenda-MAX_NUM_FORMS");
    if (!template || !total) { return; }
    var index = parseInt(total.value, 10);
    if (max && index >= parseInt(max.value, 10)) { return; }
    var holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
    var row = holder.firstElementChild;
    document.getElementById("agenda-items").appendChild(row);
    total.value = String(index + 1);
    var first = row.querySelector("input, textarea");
    if (first) { first.focus(); }
  }
  document.body.addEventListener("htmx:afterSettle", init);
  // Deleting a record or an attachment asks first.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });
  init();
  document.querySelectorAll(".activity-form").forEach(function (form) { form.classList.add("js-ready"); });
})();
