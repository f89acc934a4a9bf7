// District overview charts (ECharts, vendored). The numbers come from the page's json_script
// block "overview-chart-data"; each chart has the same numbers as a table under it.
// Loaded as a static file (deferred): the Content-Security-Policy forbids inline scripts.
//
// ECharts is 1 MB of script: it is fetched only when a chart comes near the viewport (the matrix
// and the figures above are usable at once on a phone), from the URL in the charts' data-echarts
// attribute (a same-origin static file, so the CSP allows it).
(function () {
  "use strict";

  var source = document.getElementById("overview-chart-data");
  var holder = document.querySelector("[data-echarts]");
  if (!source || !holder) { return; }
  var data = JSON.parse(source.textContent);
  var charts = [];
  var requested = false;

  function load() {
    if (requested) { return; }
    requested = true;
    if (window.echarts) { drawAll(); return; }
    var script = document.createElement("script");
    script.src = holder.getAttribute("data-echarts");
    script.async = true;
    script.addEventListener("load", drawAll);
    document.head.appendChild(script);
  }

  if ("IntersectionObserver" in window) {
    var observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) {
        observer.disconnect();
        load();
      }
    }, { rootMargin: "200px 0px" });
    holder.querySelectorAll(".overview-chart").forEach(function (chart) { observer.observe(chart); });
  } else {
    window.addEventListener("load", load);
  }

  // Readable at phone width: 12 px text at least, axis labels that never overlap, school names
  // cut shorter on a narrow screen.
  var narrow = window.matchMedia("(max-width: 575.98px)").matches;
  var text = { fontSize: narrow ? 12 : 13 };

  function drawAll() {
    function draw(id, option) {
      var element = document.getElementById(id);
      if (!element) { return; }
      var chart = window.echarts.init(element, null, { renderer: "canvas" });
      option.textStyle = text;
      chart.setOption(option);
      charts.push(chart);
    }

    var grid = { left: 40, right: 16, top: 40, bottom: 30, containLabel: true };

    draw("chart-by-kind", {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { type: "scroll", top: 0, textStyle: text },
      grid: grid,
      xAxis: { type: "category", data: data.months, axisLabel: { hideOverlap: true, fontSize: text.fontSize } },
      yAxis: { type: "value", name: data.labels.records, minInterval: 1 },
      series: data.byKind.map(function (kind) {
        return { name: kind.name, type: "bar", stack: "records", data: kind.data };
      })
    });

    draw("chart-attendance", {
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v === null || v === undefined ? "—" : v + "%"; } },
      grid: grid,
      xAxis: { type: "category", data: data.months, axisLabel: { hideOverlap: true, fontSize: text.fontSize } },
      yAxis: { type: "value", name: data.labels.attendance, min: 0, max: 100 },
      series: [{ name: data.labels.attendance, type: "line", data: data.attendance, connectNulls: false, label: { show: true, formatter: "{c}" }, labelLayout: { hideOverlap: true } }]
    });

    var schools = document.getElementById("chart-schools");
    if (schools && data.schools.length > 10) {
      schools.style.height = Math.min(24 * data.schools.length + 80, 4000) + "px";  // CSSOM, CSP-safe
    }

    draw("chart-schools", {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: function (v) { return v === null || v === undefined ? "—" : v + "%"; } },
      grid: { left: 40, right: 16, top: 16, bottom: 44, containLabel: true },
      // The axis name under the axis: at its end it would be cut off on a phone.
      xAxis: { type: "value", name: data.labels.compliance, nameLocation: "middle", nameGap: 28, min: 0, max: 100 },
      yAxis: { type: "category", data: data.schools, inverse: true, axisLabel: { width: narrow ? 84 : 120, overflow: "truncate", fontSize: text.fontSize } },
      series: [{ name: data.labels.compliance, type: "bar", data: data.schoolRates, label: { show: true, position: "right", formatter: "{c}%" } }]
    });

    window.addEventListener("resize", function () {
      charts.forEach(function (chart) { chart.resize(); });
    });
  }
})();
