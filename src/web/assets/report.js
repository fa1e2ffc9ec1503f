// Draws the report page's charts from the numbers the page carries (no inline script).
(function () {
  'use strict';
  var source = document.getElementById('report-data');
  if (!source || !window.Chart) return;
  var data = JSON.parse(source.textContent);
  // No animation: a cheap phone draws the final chart once, and a screenshot shows it whole.
  window.Chart.defaults.animation = false;
  var colour = '#0b5cad';
  function bars(id, rows, horizontal) {
    var canvas = document.getElementById(id);
    if (!canvas) return;
    new window.Chart(canvas, {
      type: 'bar',
      data: { labels: rows.map(function (r) { return r.label; }), datasets: [{ label: 'Số lượng', data: rows.map(function (r) { return r.count; }), backgroundColor: colour }] },
      options: { indexAxis: horizontal ? 'y' : 'x', plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
  }
  bars('chart-byCategory', data.byCategory, true);
  bars('chart-byStatus', data.byStatus, true);
  bars('chart-byChannel', data.byChannel, false);
  bars('chart-answerTime', data.answerTime, false);
  var months = document.getElementById('chart-byMonth');
  if (months) {
    new window.Chart(months, {
      type: 'line',
      data: {
        labels: data.byMonth.map(function (m) { return m.label; }),
        datasets: [
          { label: 'Tiếp nhận', data: data.byMonth.map(function (m) { return m.received; }), borderColor: colour, backgroundColor: colour },
          { label: 'Đã trả lời', data: data.byMonth.map(function (m) { return m.answered; }), borderColor: '#2e7d32', backgroundColor: '#2e7d32' },
        ],
      },
      options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
  }
})();
