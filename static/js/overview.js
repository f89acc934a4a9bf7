// District overview charts (ECharts, vendored). The numbers come from the page's json_script
// block "overview-chart-data"; each chart has the same numbers as a table under it.
// Loaded as a static file: the Content-Security-Policy forbids inline scripts.
(function () {
  "use strict";

  var source = document.getElementById("overview-chart-data");
  if (!source || typeof window.echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var charts = [];

  function draw(id, option) {
    var element = document.getElementById(id);
    if (!element) { return; }
    var chart = window.echarts.init(element, null, { renderer: "canvas" });
    chart.setOption(option);
    charts.push(chart);
  }

  var grid = { left: 40, right: 16, top: 40, bottom: 30, containLabel: true };

  draw("chart-by-kind", {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { type: "scroll", top: 0 },
    grid: grid,
    xAxis: { type: "category", data: data.months },
    yAxis: { type: "value", name: data.labels.records, minInterval: 1 },
    series: data.byKind.map(function (kind) {
      return { name: kind.name, type: "bar", stack: "records", data: kind.data };
    })
  });

  draw("chart-attendance", {
    tooltip: { trigger: "axis", valueFormatter: function (v) { return v === null || v === undefined ? "—" : v + "%"; } },
    grid: grid,
    xAxis: { type: "category", data: data.months },
    yAxis: { type: "value", name: data.labels.attendance, min: 0, max: 100 },
    series: [{ name: data.labels.attendance, type: "line", data: data.attendance, connectNulls: false, label: { show: true, formatter: "{c}" } }]
  });

  var schools = document.getElementById("chart-schools");
  if (schools && data.schools.length > 10) {
    schools.style.height = Math.min(24 * data.schools.length + 80, 4000) + "px";  // CSSOM, CSP-safe
  }

  draw("chart-schools", {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: function (v) { return v === null || v === undefined ? "—" : v + "%"; } },
    grid: grid,
    xAxis: { type: "value", name: data.labels.compliance, min: 0, max: 100 },
    yAxis: { type: "category", data: data.schools, inverse: true, axisLabel: { width: 120, overflow: "truncate" } },
    series: [{ name: data.labels.compliance, type: "bar", data: data.schoolRates, label: { show: true, position: "right", formatter: "{c}%" } }]
  });

  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
