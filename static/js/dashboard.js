/* The supervision dashboard's charts (templates/portal/dashboard/index.html).
   The figures come in a data attribute; the charts are drawn with the
   vendored Apache ECharts as SVG (sharp on a projector and on paper), and a
   click on a bar or a point opens the list behind it. The tables under the
   charts carry the same figures and links without script. */
(function () {
  'use strict';
  var holder = document.getElementById('dashboard-data');
  if (!holder) { return; }
  var data = JSON.parse(holder.getAttribute('data-dashboard-data'));
  var labels = data.labels;
  var charts = [];

  /* Larger letters on a projector (a wide screen seen from afar), as the
     page's own text in static/css/dashboard.css. */
  function size(pixels) {
    return window.innerWidth >= 1800 ? Math.round(pixels * 1.4) : pixels;
  }

  function base(keys) {
    return {
      animation: false,
      textStyle: { fontSize: size(14) },
      tooltip: { trigger: 'axis' },
      legend: { top: 0, textStyle: { fontSize: size(14) } },
      grid: { left: 48, right: 24, top: size(40), bottom: 32, containLabel: true },
      xAxis: { type: 'category', data: keys, axisLabel: { fontSize: size(12) } }
    };
  }

  function casesChart(trend) {
    var option = base(trend.keys);
    option.yAxis = { type: 'value', minInterval: 1, axisLabel: { fontSize: size(12) } };
    option.series = [
      { name: labels.received, type: 'bar', data: trend.received, itemStyle: { color: '#1f6fb2' } },
      { name: labels.closed, type: 'bar', data: trend.closed, itemStyle: { color: '#3a9d5d' } },
      { name: labels.bad, type: 'line', data: trend.bad, itemStyle: { color: '#c0392b' }, symbolSize: 7 }
    ];
    return option;
  }

  function ratesChart(trend) {
    var option = base(trend.keys);
    option.yAxis = { type: 'value', min: 0, max: 100,
                     axisLabel: { formatter: '{value}%', fontSize: size(12) } };
    option.series = [
      { name: labels.on_time, type: 'line', data: trend.on_time, connectNulls: false,
        itemStyle: { color: '#1f6fb2' }, symbolSize: 7 },
      { name: labels.satisfaction, type: 'line', data: trend.satisfaction, connectNulls: false,
        itemStyle: { color: '#d68910' }, symbolSize: 7, lineStyle: { type: 'dashed' } }
    ];
    return option;
  }

  var kinds = { cases: casesChart, rates: ratesChart };
  function optionOf(element) {
    return kinds[element.getAttribute('data-kind')](
      data.charts[element.getAttribute('data-chart')]);
  }

  document.querySelectorAll('[data-chart]').forEach(function (element) {
    var trend = data.charts[element.getAttribute('data-chart')];
    var chart = window.echarts.init(element, null, { renderer: 'svg' });
    chart.setOption(optionOf(element));
    chart.on('click', function (event) {
      var link = trend.links[event.dataIndex];
      if (link) { window.location.assign(link); }
    });
    element.setAttribute('data-drawn', '');
    charts.push(chart);
  });

  function resize() {
    charts.forEach(function (chart) {
      chart.setOption(optionOf(chart.getDom()));
      chart.resize();
    });
  }
  window.addEventListener('resize', resize);
  window.addEventListener('beforeprint', resize);
  window.addEventListener('afterprint', resize);

  document.querySelectorAll('[data-print]').forEach(function (button) {
    button.addEventListener('click', function () { window.print(); });
  });
}());
