// 安全监管统计 charts: the data comes from the json_script block "dashboard-data" (no inline scripts under the CSP).
// A click on a bar opens the list of the records behind it. Each legend is one scrolling line under its chart, so
// it never runs over the title at the top.
(function () {
  var node = document.getElementById("dashboard-data");
  if (!node || typeof echarts === "undefined") { return; }
  var data = JSON.parse(node.textContent);
  if (!data) { return; }

  function chart(id, height, option, urls) {
    var el = document.getElementById(id);
    if (!el) { return; }
    el.style.height = height + "px";
    var c = echarts.init(el);
    c.setOption(option);
    if (urls) {
      c.on("click", function (p) { if (urls[p.dataIndex]) { window.location.href = urls[p.dataIndex]; } });
    }
    window.addEventListener("resize", function () { c.resize(); });
  }

  chart("chart-month", 320, {
    title: { text: "按月趋势（本期与去年同期）", textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis" },
    legend: { type: "scroll", bottom: 0, data: ["发现隐患", "去年同期隐患", "监督检查", "去年同期检查"] },
    grid: { top: 40, left: 40, right: 20, bottom: 60 },
    xAxis: { type: "category", data: data.months },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: "发现隐患", type: "bar", data: data.hazards },
      { name: "去年同期隐患", type: "bar", data: data.last_year_hazards },
      { name: "监督检查", type: "line", data: data.inspections },
      { name: "去年同期检查", type: "line", lineStyle: { type: "dashed" }, data: data.last_year_inspections }
    ]
  });

  chart("chart-sector", 320, {
    title: { text: "隐患按行业（点击查看隐患）", textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis" },
    legend: { type: "scroll", bottom: 0, data: ["发现", "已销号"] },
    grid: { top: 40, left: 110, right: 20, bottom: 60 },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", data: data.sectors },
    series: [
      { name: "发现", type: "bar", data: data.sector_hazards },
      { name: "已销号", type: "bar", data: data.sector_rectified }
    ]
  }, data.sector_urls);

  chart("chart-township", 340, {
    title: { text: "按乡镇（街道）（点击查看隐患）", textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis" },
    legend: { type: "scroll", bottom: 0, data: ["发现隐患", "监督检查"] },
    grid: { top: 40, left: 40, right: 20, bottom: 90 },
    xAxis: { type: "category", data: data.townships, axisLabel: { rotate: 30 } },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: "发现隐患", type: "bar", data: data.township_hazards },
      { name: "监督检查", type: "bar", data: data.township_inspections }
    ]
  }, data.township_urls);
})();
