// 事故统计 charts: data comes from the json_script block "accident-stats-data" (no inline scripts under the CSP).
(function () {
  var node = document.getElementById("accident-stats-data");
  if (!node || typeof echarts === "undefined") { return; }
  var data = JSON.parse(node.textContent);
  if (!data) { return; }

  var month = document.getElementById("chart-month");
  if (month) {
    var m = echarts.init(month);
    m.setOption({
      title: { text: "按月事故起数", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis" },
      // the legend (long period names) on one scrolling line under the axis, never over the title
      legend: { type: "scroll", bottom: 0, data: [data.period + "起数", data.previous_period + "起数", data.period + "死亡"] },
      grid: { top: 40, left: 40, right: 20, bottom: 60 },
      xAxis: { type: "category", data: data.months },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: data.period + "起数", type: "bar", data: data.count },
        { name: data.previous_period + "起数", type: "bar", data: data.previous_count },
        { name: data.period + "死亡", type: "line", data: data.deaths }
      ]
    });
    window.addEventListener("resize", function () { m.resize(); });
  }

  var sector = document.getElementById("chart-sector");
  if (sector) {
    var s = echarts.init(sector);
    s.setOption({
      title: { text: "按行业领域（点击查看事故）", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "item" },
      series: [{
        type: "pie", radius: ["30%", "58%"], center: ["50%", "55%"],
        data: data.sectors.map(function (label, i) { return { name: label, value: data.sector_count[i], url: data.sector_urls[i] }; })
      }]
    });
    s.on("click", function (params) { if (params.data && params.data.url) { window.location.href = params.data.url; } });
    window.addEventListener("resize", function () { s.resize(); });
  }
})();
