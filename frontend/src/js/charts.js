// Charts of probes and test pulls, drawn by uPlot from the JSON series the pages' endpoints serve (the same JSON as
// /api/v1/.../series). Markup: <figure class="chart" id="..." data-chart="KIND" data-src="URL" data-window="24h">
// with a .chart-plot inside; optional .window-switch buttons (data-window) change the window.
// What each chart drew is kept in window.registryConsoleCharts[id] = {kind, window, json, data} (tests read it).
// Charts load again after every htmx swap, so a live page keeps its pictures current too.
(() => {
  'use strict';

  const drawn = {};
  window.registryConsoleCharts = drawn;

  const seconds = (iso) => Date.parse(iso) / 1000;
  const ms = (v) => (v == null ? '–' : Math.round(v) + ' ms');

  // Colour is never the only signal: every series has its own label in the legend, and lines differ by dash too.
  const KINDS = {
    'probe-latency': (json) => ({
      data: [json.buckets.map((b) => seconds(b.start)), json.buckets.map((b) => b.p50Ms), json.buckets.map((b) => b.p95Ms)],
      series: [{ label: 'p50', stroke: '#1f4e79', width: 2, value: (u, v) => ms(v) },
        { label: 'p95', stroke: '#b45309', width: 2, dash: [6, 4], value: (u, v) => ms(v) }],
      unit: 'ms',
      summary: (d) => `probe latency, ${d[0].length} time buckets`,
    }),
    'probe-updown': (json) => ({
      data: [json.buckets.map((b) => seconds(b.start)), json.buckets.map((b) => b.up), json.buckets.map((b) => b.down)],
      series: [{ label: 'up', stroke: '#1e7b46', fill: 'rgba(30,123,70,0.35)', paths: bars(-1) },
        { label: 'down', stroke: '#b42318', fill: 'rgba(180,35,24,0.55)', paths: bars(1) }],
      unit: 'probes',
      summary: (d) => `probes up ${sum(d[1])}, down ${sum(d[2])}`,
    }),
    'pull-duration': (json) => ({
      data: [json.pulls.map((p) => seconds(p.finishedAt)), json.pulls.map((p) => p.durationMs)],
      // each pull a point: pulls are events, a line between them would suggest values in between
      series: [{ label: 'duration', stroke: '#1f4e79', paths: () => null, points: { show: true, size: 7, fill: '#1f4e79' }, value: (u, v) => ms(v) }],
      unit: 'ms',
      summary: (d) => `${d[0].length} test pulls`,
    }),
    'pull-throughput': (json) => ({
      data: [json.pulls.map((p) => seconds(p.finishedAt)), json.pulls.map((p) => (p.throughput == null ? null : p.throughput / 1e6))],
      series: [{ label: 'throughput', stroke: '#6d28d9', paths: () => null, points: { show: true, size: 7, fill: '#6d28d9' },
        value: (u, v) => (v == null ? '–' : v.toFixed(2) + ' MB/s') }],
      unit: 'MB/s',
      summary: (d) => `throughput of ${d[1].filter((v) => v != null).length} full test pulls`,
    }),
    'pull-success': (json) => ({
      data: [json.buckets.map((b) => seconds(b.start)), json.buckets.map((b) => b.successRate)],
      series: [{ label: 'success rate', stroke: '#1e7b46', width: 2, points: { show: true, size: 6 }, value: (u, v) => (v == null ? '–' : v + ' %') }],
      unit: '%',
      range: [0, 100],
      summary: (d) => `test pull success rate, ${d[0].length} time buckets`,
    }),
    sparkline: (json) => ({
      data: [json.buckets.map((b) => seconds(b.start)), json.buckets.map((b) => b.p50Ms), json.buckets.map((b) => (b.down > 0 ? 0 : null))],
      series: [{ label: 'p50', stroke: '#1f4e79', width: 1.5, points: { show: true, size: 4, fill: '#1f4e79' } },
        { label: 'down', stroke: '#b42318', points: { show: true, size: 5, fill: '#b42318' }, paths: () => null }],
      spark: true,
      summary: (d) => {
        const last = d[1].filter((v) => v != null).pop();
        const downs = d[2].filter((v) => v != null).length;
        return `24 h latency trend: ${d[0].length} buckets, latest p50 ${ms(last)}, ${downs} with failed probes`;
      },
    }),
  };

  function sum(values) {
    return values.reduce((a, b) => a + (b || 0), 0);
  }

  function bars(align) {
    return window.uPlot && uPlot.paths && uPlot.paths.bars ? uPlot.paths.bars({ size: [0.45, 40], align }) : undefined;
  }

  async function load(figure) {
    const kind = KINDS[figure.dataset.chart];
    const plot = figure.querySelector('.chart-plot');
    if (!kind || !plot || !window.uPlot) {
      return;
    }
    const url = new URL(figure.dataset.src, window.location.href);
    url.searchParams.set('window', figure.dataset.window || '24h');
    let response;
    try {
      // HX-Request: an ended session answers 401 + HX-Refresh instead of the login page
      response = await fetch(url, { headers: { Accept: 'application/json', 'HX-Request': 'true' }, credentials: 'same-origin' });
    } catch (e) {
      figure.dataset.state = 'error';
      return;
    }
    if (response.status === 401) {
      window.location.reload(); // the page itself then goes to the login page
      return;
    }
    if (!response.ok) {
      figure.dataset.state = 'error';
      return;
    }
    const json = await response.json();
    const chart = kind(json);
    draw(figure, plot, chart, json);
    drawn[figure.id] = { kind: figure.dataset.chart, window: figure.dataset.window || '24h', json, data: chart.data };
    figure.dataset.points = String(chart.data[0].length);
    figure.dataset.state = 'ready';
  }

  function draw(figure, plot, chart, json) {
    if (plot.uplot) {
      plot.uplot.destroy();
      plot.uplot = null;
    }
    plot.replaceChildren();
    const label = chart.summary(chart.data);
    plot.setAttribute('role', 'img');
    plot.setAttribute('aria-label', label);
    if (chart.data[0].length === 0) {
      const empty = document.createElement('p');
      empty.className = 'chart-empty';
      empty.textContent = chart.spark ? 'no probes yet' : 'No data in this window yet.';
      plot.append(empty);
      return;
    }
    const spark = !!chart.spark;
    const width = Math.max(plot.clientWidth || figure.clientWidth || 300, spark ? 100 : 200);
    const options = {
      width,
      height: spark ? 36 : 200,
      legend: { show: !spark },
      cursor: spark ? { show: false } : {},
      // the whole window, a little room on the right so the newest point is not cut in half
      scales: { x: { time: true, range: [seconds(json.from), seconds(json.to) + (seconds(json.to) - seconds(json.from)) / 40] },
        y: chart.range ? { range: chart.range } : {} },
      axes: spark ? [{ show: false }, { show: false }]
        : [{}, { label: chart.unit, size: 60 }],
      series: [{ label: 'time (UTC)' }].concat(chart.series),
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
    };
    plot.uplot = new uPlot(options, chart.data, plot);
  }

  function init(root) {
    (root || document).querySelectorAll('figure.chart[data-chart]').forEach(load);
  }

  document.addEventListener('click', (event) => {
    const button = event.target.closest('.window-switch button[data-window]');
    if (!button) {
      return;
    }
    const group = button.closest('[data-charts]');
    if (!group) {
      return;
    }
    group.querySelectorAll('.window-switch button').forEach((b) => b.setAttribute('aria-pressed', String(b === button)));
    group.querySelectorAll('figure.chart').forEach((f) => {
      f.dataset.window = button.dataset.window;
      load(f);
    });
  });

  let resizeTimer;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      document.querySelectorAll('.chart-plot').forEach((plot) => {
        if (plot.uplot && !plot.closest('.sparkline')) {
          plot.uplot.setSize({ width: plot.clientWidth, height: 200 });
        }
      });
    }, 150);
  });

  document.addEventListener('DOMContentLoaded', () => init(document));
  // after a live fragment is swapped in: charts in it are new, the others may have new data
  document.addEventListener('htmx:afterSettle', () => init(document));
})();
