// Draws the soak report's charts with uPlot from the JSON the page carries, then writes what it
// drew into #report-status and each chart's data- attributes (the browser test reads those).
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('soak-data').textContent);
  var columns = data.columns;
  var seconds = columns.seconds;
  var SERIES_RGB = [[0x1f, 0x77, 0xb4], [0xd6, 0x27, 0x28], [0x2c, 0xa0, 0x2c], [0x94, 0x67, 0xbd]];
  var colors = SERIES_RGB.map(function (rgb) { return 'rgb(' + rgb.join(',') + ')'; });

  var charts = [
    { id: 'messages', title: 'Messages per second', unit: 'msg/s',
      series: [['client \u2192 server', 'msgsInPerSecond'], ['server \u2192 client', 'msgsOutPerSecond']] },
    { id: 'rtt', title: 'Round trip (move \u2192 tick, chat \u2192 echo)', unit: 'ms',
      series: [['p50', 'rttP50Ms'], ['p99', 'rttP99Ms'], ['p99.9', 'rttP999Ms']] },
    { id: 'tick', title: 'Tick start lateness, p99', unit: 'ms', series: [['p99', 'tickP99LateMs']],
      absent: data.roomsInProcess ? null : 'Not measured: the room server is not in this process.' },
    { id: 'bots', title: 'Bots', unit: 'bots', series: [['in a room', 'botsInRoom'], ['logged in', 'botsLoggedIn']] },
    { id: 'errors', title: 'Errors and disconnects (totals since the start)', unit: 'count',
      series: [['errors', 'errors'], ['disconnects', 'disconnects']] },
    { id: 'cpu', title: 'Process CPU, percent of all ' + data.cores + ' cores', unit: '%',
      note: data.roomsInProcess ? 'Servers and bots run in this one process.' : 'The bots\u2019 process (the servers run elsewhere).',
      series: [['CPU', 'processCpuPercent']] },
    { id: 'heap', title: 'Heap', unit: 'MiB', series: [['used', 'heapUsedMiB'], ['committed', 'heapCommittedMiB']] }
  ];

  // Shades the ramp-up (from the start to the steady window) under the series.
  function rampShading(steadyFrom) {
    return {
      hooks: {
        drawClear: [function (u) {
          if (!(steadyFrom > 0)) {
            return;
          }
          var left = u.bbox.left;
          var right = Math.min(u.valToPos(steadyFrom, 'x', true), u.bbox.left + u.bbox.width);
          if (right <= left) {
            return;
          }
          var ctx = u.ctx;
          ctx.save();
          ctx.fillStyle = 'rgba(255, 193, 7, 0.18)';
          ctx.fillRect(left, u.bbox.top, right - left, u.bbox.height);
          ctx.fillStyle = 'rgba(120, 90, 0, 0.9)';
          ctx.font = Math.round(11 * devicePixelRatio) + 'px system-ui, sans-serif';
          ctx.fillText('ramp-up', left + 4 * devicePixelRatio, u.bbox.top + 12 * devicePixelRatio);
          ctx.restore();
        }]
      }
    };
  }

  function pointsIn(values) {
    var n = 0;
    for (var i = 0; i < values.length; i++) {
      if (values[i] !== null) {
        n++;
      }
    }
    return n;
  }

  var container = document.getElementById('charts');
  var plots = [];
  charts.forEach(function (chart) {
    var box = document.createElement('div');
    box.className = 'chart';
    box.setAttribute('data-chart', chart.id);
    var heading = document.createElement('h3');
    heading.textContent = chart.title + ' (' + chart.unit + ')';
    box.appendChild(heading);
    if (chart.note) {
      var note = document.createElement('p');
      note.className = 'note';
      note.textContent = chart.note;
      box.appendChild(note);
    }
    container.appendChild(box);
    if (chart.absent) {
      box.setAttribute('data-absent', 'true');
      var absent = document.createElement('p');
      absent.className = 'note';
      absent.textContent = chart.absent;
      box.appendChild(absent);
      return;
    }
    try {
      var series = [{ label: 'second' }];
      var aligned = [seconds];
      chart.series.forEach(function (entry, index) {
        series.push({ label: entry[0], stroke: colors[index], width: 1.5, spanGaps: false });
        aligned.push(columns[entry[1]]);
      });
      var plot = new uPlot({
        width: 560,
        height: 220,
        scales: { x: { time: false } },
        axes: [{ label: 'seconds since the start' }, { label: chart.unit, size: 60 }],
        series: series,
        plugins: [rampShading(data.steadyFromSeconds)]
      }, aligned, box);
      var points = 0;
      for (var i = 1; i < aligned.length; i++) {
        points += pointsIn(aligned[i]);
      }
      box.setAttribute('data-points', String(points));
      plots.push({ box: box, plot: plot, series: chart.series.length });
    } catch (e) {
      window.soakReportError('chart ' + chart.id + ': ' + e);
    }
  });

  // uPlot draws in a microtask after construction; by the next task every canvas holds its chart.
  setTimeout(function () {
    var drawn = 0;
    plots.forEach(function (entry) {
      var canvases = entry.box.querySelectorAll('canvas');
      entry.box.setAttribute('data-canvases', String(canvases.length));
      // Pixels in a series' colour: a line was drawn, not only the axes and the grid.
      var lined = 0;
      if (canvases.length > 0) {
        var canvas = canvases[0];
        var pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        for (var i = 0; i < pixels.length; i += 4) {
          if (pixels[i + 3] > 200 && SERIES_RGB.slice(0, entry.series).some(function (rgb) {
            return Math.abs(pixels[i] - rgb[0]) < 12 && Math.abs(pixels[i + 1] - rgb[1]) < 12
                && Math.abs(pixels[i + 2] - rgb[2]) < 12;
          })) {
            lined++;
          }
        }
      }
      entry.box.setAttribute('data-line-pixels', String(lined));
      if (canvases.length > 0 && lined > 0) {
        drawn++;
      }
    });
    var status = document.createElement('div');
    status.id = 'report-status';
    status.hidden = true;
    status.setAttribute('data-charts-drawn', String(drawn));
    status.setAttribute('data-charts-expected', String(charts.filter(function (c) { return !c.absent; }).length));
    document.body.appendChild(status);
  }, 0);
})();
