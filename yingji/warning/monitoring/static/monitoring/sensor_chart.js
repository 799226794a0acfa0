// A sensor's recent series with its alarm thresholds (data from the page's json_script "sensor-chart-data").
(function () {
  var el = document.getElementById("sensor-chart");
  var data = document.getElementById("sensor-chart-data");
  if (!el || !data || !window.echarts) { return; }
  var chart = JSON.parse(data.textContent);
  var colors = {1: "#0d6efd", 2: "#ffc107", 3: "#fd7e14", 4: "#dc3545"};
  var lines = chart.thresholds.map(function (t) {
    return {yAxis: t.value, name: t.label, lineStyle: {color: colors[t.level], type: "dashed"},
            label: {formatter: t.label + " " + t.value, color: colors[t.level]}};
  });
  var series = [{type: "line", name: chart.unit, showSymbol: false, data: chart.points.map(function (p) { return [p[0], p[1]]; }),
                 markLine: {symbol: "none", data: lines}}];
  if (chart.kind === "hourly") {
    series.push({type: "line", name: "max", showSymbol: false, lineStyle: {opacity: 0.4},
                 data: chart.points.map(function (p) { return [p[0], p[2]]; })});
  }
  var c = echarts.init(el);
  c.setOption({tooltip: {trigger: "axis"}, grid: {left: 50, right: 60, top: 20, bottom: 30},
               xAxis: {type: "time"}, yAxis: {type: "value", name: chart.unit, scale: true}, series: series});
  window.addEventListener("resize", function () { c.resize(); });
})();
