// rtmpt-bridge console. Data arrives over the WebSocket at ./ws: a "hello" with everything and
// the chart history, then "update" messages pushed by the server. Where the container has no
// WebSocket support (the overview says liveUpdates: false) or the socket cannot be opened, the
// page polls the JSON API instead, every sample period. Actions are POSTs to ./api/ carrying the
// session's anti-CSRF token. No framework, no build step; charts by uPlot.
(function () {
  'use strict';

  const TRANSPORTS = ['rtmp', 'rtmps', 'rtmpt', 'rtmpts'];
  const CHART_HEIGHT = 180;
  const COLORS = { rtmp: '#1d6fd8', rtmps: '#7c3aed', rtmpt: '#0f8a6a', rtmpts: '#c2410c' }; // #rrggbb: alpha is appended
  const $ = (id) => document.getElementById(id);
  // the console's directory, without any user:password@ the address bar may hold (fetch refuses
  // URLs with credentials; the browser sends the cached ones by itself)
  const BASE = location.origin + location.pathname.replace(/[^/]*$/, '');

  const state = {
    csrf: null,
    samples: [],          // chart points, oldest first
    historySamples: 300,
    charts: null,
    socket: null,
    retryMillis: 1000,
    everOpened: false,    // the WebSocket opened at least once
    failedOpens: 0,       // WebSocket attempts that closed before opening, in a row
    polling: false,
    pollMillis: 2000,
  };

  // ---- formatting --------------------------------------------------------------------------

  function bits(bps) {
    if (!bps) return '0 bit/s';
    const units = ['bit/s', 'kbit/s', 'Mbit/s', 'Gbit/s'];
    let v = bps, i = 0;
    while (v >= 1000 && i < units.length - 1) { v /= 1000; i++; }
    return (v >= 100 || i === 0 ? v.toFixed(0) : v.toFixed(v >= 10 ? 1 : 2)) + ' ' + units[i];
  }

  function bytes(n) {
    if (!n) return '0 B';
    const units = ['B', 'kB', 'MB', 'GB', 'TB'];
    let v = n, i = 0;
    while (v >= 1000 && i < units.length - 1) { v /= 1000; i++; }
    return (i === 0 || v >= 100 ? v.toFixed(0) : v.toFixed(1)) + ' ' + units[i];
  }

  function duration(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    const d = Math.floor(seconds / 86400), h = Math.floor(seconds % 86400 / 3600);
    const m = Math.floor(seconds % 3600 / 60), s = seconds % 60;
    if (d) return d + 'd ' + h + 'h';
    if (h) return h + 'h ' + String(m).padStart(2, '0') + 'm';
    if (m) return m + 'm ' + String(s).padStart(2, '0') + 's';
    return s + 's';
  }

  function ago(millis, now) {
    const s = Math.max(0, (now - millis) / 1000);
    return s < 1 ? 'now' : duration(s) + ' ago';
  }

  function count(n) {
    return Number(n || 0).toLocaleString('en');
  }

  // ---- DOM helpers: text only, never HTML from data ----------------------------------------

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined) continue;
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else node.setAttribute(k, v);
    }
    for (const c of children) {
      if (c === null || c === undefined) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  function setText(id, text) {
    $(id).textContent = text;
  }

  function replaceRows(table, rows) {
    table.tBodies[0].replaceChildren(...rows);
  }

  // ---- rendering -----------------------------------------------------------------------------

  function renderOverview(o) {
    setText('bridge', o.bridge === 'engine' ? 'engine mode' : 'backend mode');
    setText('uptime', duration(o.uptimeSeconds));
    setText('server', o.server || '');
    setText('sessions-total', count(o.sessions));
    $('sessions-split').replaceChildren(...TRANSPORTS.map(
      (t) => el('span', { title: t.toUpperCase() + ' sessions' }, t.toUpperCase() + ' ' + count(o.sessionsByTransport[t]))));
    setText('streams-total', count(o.streams));
    setText('players-total', count(o.players) + (o.players === 1 ? ' player' : ' players'));
    setText('bitrate-in', bits(o.bitsPerSecondIn));
    setText('bitrate-out', bits(o.bitsPerSecondOut));
    setText('bytes-in', bytes(o.totals.bytesIn) + ' received');
    setText('bytes-out', bytes(o.totals.bytesOut) + ' sent');

    const linkState = $('link-state');
    if (o.bridge === 'backend') {
      const b = o.backend;
      setText('link-title', 'Backend');
      linkState.textContent = !b || !b.checkedAt ? 'checking…' : (b.reachable ? 'reachable' : 'unreachable');
      linkState.className = 'big small ' + (b && b.checkedAt ? (b.reachable ? 'ok' : 'bad') : '');
      setText('link-detail', b ? b.address + (b.reachable ? ' · ' + b.connectMillis + ' ms' : (b.error ? ' · ' + b.error : '')) : '');
    } else {
      const listening = o.rtmpListener || o.rtmpsListener;
      setText('link-title', o.rtmpsListener ? 'RTMP / RTMPS listeners' : 'RTMP listener');
      linkState.textContent = listening ? 'listening' : 'off';
      linkState.className = 'big small ' + (listening ? 'ok' : '');
      setText('link-detail', o.rtmpListener ? 'RTMP ' + o.rtmpListener : 'RTMPT only (rtmpt.rtmp-port = 0)');
    }
    renderRtmps(o.bridge === 'engine' ? o.rtmpsListener : null, o.now);

    const t = o.totals;
    $('totals').replaceChildren(
      el('dt', null, 'sessions'), el('dd', null, count(t.sessionsOpened)),
      el('dt', null, 'tunnels'), el('dd', null, count(t.tunnelsOpened)),
      el('dt', null, 'requests'), el('dd', null, count(t.tunnelRequests)),
      el('dt', null, 'errors'), el('dd', null, count(t.tunnelErrors + t.engineErrors)),
      el('dt', null, 'frames dropped'), el('dd', null, count(t.droppedFrames)),
      el('dt', null, 'access refused'),
      el('dd', { id: 'access-refused', title: Object.entries(o.accessRefused || {})
        .map(([k, v]) => k + ': ' + v).join('\n') || 'none' }, count(t.accessRefused)));

    renderDrain(o.drain, o.now);

    const warnings = $('warnings');
    warnings.hidden = o.warnings.length === 0;
    warnings.replaceChildren(...o.warnings.map((w) =>
      el('li', { class: w.level, 'data-code': w.code }, el('b', null, w.level), w.message)));
  }

  // the RTMPS listener's certificate: subject, end of validity (warned two weeks before), reload
  function renderRtmps(rtmps, now) {
    const detail = $('rtmps-detail');
    detail.hidden = !rtmps;
    $('rtmps-reload').hidden = !rtmps;
    if (!rtmps) return;
    const c = rtmps.certificate;
    const left = c.notAfter - now;
    detail.textContent = 'RTMPS ' + rtmps.address + ' · ' + c.subject + ' · valid until '
      + new Date(c.notAfter).toISOString().slice(0, 10);
    detail.title = c.source + ', serial ' + c.serialNumber + ', issued by ' + c.issuer;
    detail.className = 'split' + (left <= 0 ? ' bad' : left < 14 * 86400000 ? ' warn' : '');
  }

  // the node's drain: the badge, the Drain button, and while draining a banner with Resume
  function renderDrain(d, now) {
    if (!d) return;
    const badge = $('node-state');
    badge.textContent = d.state === 'serving' ? 'ready' : d.state;
    badge.className = 'badge ' + d.state;
    $('drain').hidden = d.state !== 'serving';
    const banner = $('drain-banner');
    banner.hidden = d.state === 'serving';
    $('resume').hidden = d.shuttingDown;
    if (d.state === 'serving') return;
    const left = Math.max(0, (d.graceEndsAt - now) / 1000);
    let text;
    if (d.state === 'draining') {
      text = 'Draining: new tunnels are refused (503) and /readyz answers 503; running sessions go on for '
        + duration(left) + ' more (grace period ' + duration(d.graceMillis / 1000)
        + '), then their clients are told the streams stopped and the rest is closed.';
    } else if (d.state === 'stopping') {
      text = 'Draining: the grace period is over; clients were told their streams stopped and what is left is closed in a few seconds.';
    } else {
      text = 'Drained: no session left, new tunnels are refused (503) and /readyz answers 503.';
    }
    if (d.shuttingDown) text += ' The application is stopping.';
    $('drain-text').textContent = text;
  }

  // Updates a table in place, one row per item by key: rows and their action buttons stay (a
  // button keeps focus and hover across updates), data cells are replaced.
  function reconcile(table, items, keyOf, attrsOf, cellsOf, actionOf) {
    const body = table.tBodies[0];
    const rows = new Map([...body.rows].map((r) => [r.dataset.key, r]));
    let previous = null;
    for (const item of items) {
      const key = keyOf(item);
      let row = rows.get(key);
      if (row) {
        rows.delete(key);
      } else {
        row = el('tr', { 'data-key': key });
        row.actionCell = el('td', { class: 'action' }, actionOf(row));
        row.append(row.actionCell);
      }
      row.item = item;
      for (const [name, value] of Object.entries(attrsOf(item))) {
        if (value === null || value === undefined) row.removeAttribute(name);
        else row.setAttribute(name, value);
      }
      const cells = cellsOf(item);
      cells.forEach((cell, i) => {
        const old = row.cells[i];
        if (old && old !== row.actionCell) row.replaceChild(cell, old);
        else row.insertBefore(cell, row.actionCell);
      });
      while (row.cells.length > cells.length + 1) row.deleteCell(cells.length);
      const expected = previous ? previous.nextSibling : body.firstChild;
      if (expected !== row) body.insertBefore(row, expected);
      previous = row;
    }
    for (const stale of rows.values()) stale.remove();
  }

  function showTable(id, n) {
    setText(id + '-count', n ? String(n) : '');
    $(id + '-empty').hidden = n > 0;
    $(id).hidden = n === 0;
  }

  function streamPath(s, action) {
    const segments = (text) => text.split('/').map(encodeURIComponent).join('/');
    return 'api/streams/' + segments(s.app) + '/' + segments(s.name) + '/' + action;
  }

  function renderStreams(streams, now) {
    showTable('streams', streams.length);
    reconcile($('streams'), streams, (s) => s.id,
      (s) => ({ 'data-stream-id': s.id, 'data-publisher-session': s.publisherSessionId }),
      (s) => [
        el('td', null, el('b', null, s.name), el('span', { class: 'sub' }, s.app)),
        el('td', { class: 'clip', title: s.publisher || '' },
          s.publisher ? s.publisher : el('span', { class: 'muted' }, 'waiting for publisher')),
        el('td', { class: 'codec-video' }, s.videoCodec || '–'),
        el('td', { class: 'codec-audio' }, s.audioCodec || '–'),
        el('td', null, s.width && s.height ? s.width + '×' + s.height : '–'),
        el('td', { class: 'num' }, s.frameRate ? Number(s.frameRate).toFixed(s.frameRate % 1 ? 2 : 0) : '–'),
        el('td', { class: 'num bitrate' }, bits(s.bitsPerSecond)),
        el('td', { class: 'num players' }, count(s.players)),
        el('td', { class: 'num' }, s.publishedAt ? duration((now - s.publishedAt) / 1000) : '–'),
      ],
      (row) => {
        const stop = el('button', { class: 'danger', type: 'button', 'data-action': 'stop',
          title: 'Disconnect the publisher of this stream' }, 'Stop');
        stop.addEventListener('click', () =>
          act('stop the stream ' + row.item.id, streamPath(row.item, 'stop'), stop));
        const record = el('button', { type: 'button', 'data-action': 'record',
          title: 'Start or stop recording this stream to a file' }, 'Record');
        record.addEventListener('click', () => row.item.recording
          ? act('stop recording ' + row.item.id, streamPath(row.item, 'record-stop'), record)
          : act('record ' + row.item.id, streamPath(row.item, 'record'), record));
        return el('span', null, record, ' ', stop);
      });
    for (const row of $('streams').tBodies[0].rows) {
      const live = Boolean(row.item.publisher);
      row.actionCell.querySelector('[data-action=stop]').disabled = !live;
      const record = row.actionCell.querySelector('[data-action=record]');
      record.hidden = row.item.recording === null || row.item.recording === undefined;
      record.disabled = !live && !row.item.recording;
      record.textContent = row.item.recording ? 'Stop recording' : 'Record';
      record.classList.toggle('recording', Boolean(row.item.recording));
    }
  }

  function streamsCell(s) {
    const parts = [];
    if (s.app) parts.push(el('span', null, s.app));
    for (const p of s.publishing) parts.push(el('span', { class: 'sub' }, el('span', { class: 'role pub' }, '▲ '), p));
    for (const p of s.playing) parts.push(el('span', { class: 'sub' }, el('span', { class: 'role play' }, '▶ '), p));
    if (!parts.length) parts.push(el('span', { class: 'muted' }, '–'));
    return el('td', null, ...parts);
  }

  function renderSessions(sessions, now) {
    showTable('sessions', sessions.length);
    reconcile($('sessions'), sessions, (s) => s.id,
      (s) => ({ 'data-session-id': s.id, 'data-transport': s.transport }),
      (s) => {
        const agent = s.userAgent || s.flashVer;
        const shortId = s.tunnelId ? s.tunnelId.slice(0, 8) + '…' : '#' + s.engineSessionId;
        return [
          el('td', null, el('span', { class: 'tag ' + s.transport,
            title: s.handshake ? 'handshake ' + s.handshake + ' over ' + s.transport : s.transport },
          s.variant || s.transport),
            el('span', { class: 'sub' }, el('code', { title: s.id }, shortId))),
          el('td', { class: 'clip', title: agent || '' }, s.clientAddress,
            el('span', { class: 'sub' }, agent || '–')),
          streamsCell(s),
          el('td', null, s.state.replace('_', ' '),
            s.tunnelState && s.tunnelState !== s.state ? el('span', { class: 'sub' }, 'tunnel ' + s.tunnelState) : null),
          el('td', { class: 'num' }, bytes(s.bytesIn), el('span', { class: 'sub' }, bits(s.bitsPerSecondIn))),
          el('td', { class: 'num' }, bytes(s.bytesOut), el('span', { class: 'sub' }, bits(s.bitsPerSecondOut))),
          el('td', { class: 'num' }, s.requestsPerSecond === null ? '–' : s.requestsPerSecond.toFixed(1),
            s.requests === null ? null : el('span', { class: 'sub' }, count(s.requests) + ' req')),
          el('td', { class: 'num' }, duration(s.ageSeconds)),
          el('td', { class: 'num' }, ago(s.lastActivityAt, now)),
        ];
      },
      (row) => {
        const button = el('button', { class: 'danger', type: 'button', 'data-action': 'disconnect',
          title: 'Close this connection' }, 'Disconnect');
        button.addEventListener('click', () => act('disconnect the '
          + row.item.transport.toUpperCase() + ' client ' + row.item.clientAddress,
          'api/sessions/' + encodeURIComponent(row.item.id) + '/disconnect', button));
        return button;
      });
  }

  function renderConfig(entries) {
    replaceRows($('config'), entries.map((e) => el('tr', null,
      el('td', null, el('code', null, e.name)), el('td', null, el('code', null, e.value)),
      el('td', { class: 'muted' }, e.source))));
  }

  function render(message) {
    const now = message.overview.now;
    renderOverview(message.overview);
    renderStreams(message.streams, now);
    renderSessions(message.sessions, now);
  }

  // ---- charts --------------------------------------------------------------------------------

  // sessions are stacked: series i is the sum of transports 0..i, drawn as bands between them;
  // the legend shows each transport's own count
  function chartData() {
    const s = state.samples;
    const x = s.map((p) => p.t / 1000);
    const stacked = [];
    let below = s.map(() => 0);
    for (const t of TRANSPORTS) {
      below = s.map((p, i) => below[i] + p[t]);
      stacked.push(below);
    }
    return {
      bitrate: [x, s.map((p) => p.bitsPerSecondIn), s.map((p) => p.bitsPerSecondOut)],
      sessions: [x, ...stacked],
    };
  }

  // axis labels: short, the unit is in the chart's caption
  function compact(v) {
    if (v >= 1e9) return +(v / 1e9).toFixed(1) + 'G';
    if (v >= 1e6) return +(v / 1e6).toFixed(1) + 'M';
    if (v >= 1e3) return +(v / 1e3).toFixed(1) + 'k';
    return String(v);
  }

  // the legend shows the value under the cursor, or the latest one
  function legendValue(format) {
    return (u, v, seriesIdx) => {
      if (v === null || v === undefined) {
        const data = u.data[seriesIdx];
        v = data && data.length ? data[data.length - 1] : null;
      }
      return v === null || v === undefined ? '–' : format(v);
    };
  }

  function chartOptions(width, series, yValues) {
    return {
      width, height: CHART_HEIGHT,
      cursor: { drag: { x: false, y: false } },
      legend: { live: true },
      scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(max * 1.15, 1)] } },
      axes: [
        { stroke: '#5b6472', grid: { stroke: '#eef0f3' }, ticks: { stroke: '#e2e5ea' } },
        { stroke: '#5b6472', grid: { stroke: '#eef0f3' }, ticks: { stroke: '#e2e5ea' },
          size: 50, values: (u, vals) => vals.map(yValues) },
      ],
      series: [{ value: (u, v) => v === null ? 'now' : new Date(v * 1000).toLocaleTimeString() },
        ...series],
    };
  }

  function createCharts() {
    if (typeof uPlot === 'undefined') return null;
    const data = chartData();
    const bitrateBox = $('chart-bitrate'), sessionsBox = $('chart-sessions');
    const bitrate = new uPlot(chartOptions(bitrateBox.clientWidth, [
      { label: 'in', stroke: '#1d6fd8', width: 2, fill: 'rgba(29,111,216,0.08)', value: legendValue(bits) },
      { label: 'out', stroke: '#c2410c', width: 2, value: legendValue(bits) },
    ], compact), data.bitrate, bitrateBox);
    const stepped = uPlot.paths.stepped({ align: 1 });
    const own = (u, seriesIdx, idx) => {
      const stack = u.data;
      const i = idx === null || idx === undefined ? stack[0].length - 1 : idx;
      if (i < 0) return '–';
      return String(stack[seriesIdx][i] - (seriesIdx > 1 ? stack[seriesIdx - 1][i] : 0));
    };
    const sessionsOptions = chartOptions(sessionsBox.clientWidth, TRANSPORTS.map((t, n) => ({
      label: t.toUpperCase(), stroke: COLORS[t], width: 1.5, paths: stepped,
      fill: n === 0 ? COLORS[t] + '55' : undefined, points: { show: false },
      value: (u, v, seriesIdx, idx) => own(u, seriesIdx, idx),
    })), (v) => (Number.isInteger(v) ? String(v) : ''));
    sessionsOptions.bands = TRANSPORTS.slice(1).map((t, n) => ({ series: [n + 2, n + 1], fill: COLORS[t] + '55' }));
    const sessions = new uPlot(sessionsOptions, data.sessions, sessionsBox);
    const resize = () => {
      bitrate.setSize({ width: bitrateBox.clientWidth, height: CHART_HEIGHT });
      sessions.setSize({ width: sessionsBox.clientWidth, height: CHART_HEIGHT });
    };
    new ResizeObserver(resize).observe(bitrateBox);
    return { bitrate, sessions };
  }

  function addSamples(samples) {
    const last = state.samples.length ? state.samples[state.samples.length - 1].t : 0;
    for (const s of samples) {
      if (s.t > last) state.samples.push(s);
    }
    if (state.samples.length > state.historySamples) {
      state.samples.splice(0, state.samples.length - state.historySamples);
    }
    if (!state.charts) state.charts = createCharts();
    if (state.charts) {
      const data = chartData();
      state.charts.bitrate.setData(data.bitrate);
      state.charts.sessions.setData(data.sessions);
    }
  }

  // ---- live updates --------------------------------------------------------------------------

  function setLive(cls, text) {
    const live = $('live');
    live.className = 'live ' + cls;
    live.textContent = text;
  }

  function connect() {
    const url = BASE.replace(/^http/, 'ws') + 'ws';
    const socket = new WebSocket(url);
    state.socket = socket;
    let opened = false;
    socket.addEventListener('open', () => {
      opened = true;
      state.everOpened = true;
      state.failedOpens = 0;
      state.retryMillis = 1000;
      setLive('on', 'live');
    });
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(event.data);
      if (message.type === 'hello') {
        state.historySamples = message.historySamples;
        state.samples = [];
        render(message);
        addSamples(message.history);
      } else if (message.type === 'update') {
        render(message);
        addSamples(message.samples);
      }
    });
    socket.addEventListener('close', () => {
      if (!opened && !state.everOpened && ++state.failedOpens >= 2) {
        poll('polling every ' + Math.round(state.pollMillis / 1000) + ' s (the WebSocket cannot be opened)');
        return;
      }
      setLive('off', 'disconnected, retrying in ' + Math.round(state.retryMillis / 1000) + ' s');
      setTimeout(connect, state.retryMillis);
      state.retryMillis = Math.min(state.retryMillis * 2, 15000);
    });
  }

  // Without a WebSocket: the same data from the JSON API, every sample period.
  async function getJson(path) {
    const response = await fetch(BASE + path, { credentials: 'same-origin', cache: 'no-store' });
    if (!response.ok) throw new Error(path + ': HTTP ' + response.status);
    return response.json();
  }

  async function refresh() {
    const [overview, sessions, streams, history] = await Promise.all(
      ['api/overview', 'api/sessions', 'api/streams', 'api/history'].map(getJson));
    render({ overview, sessions, streams });
    addSamples(history);
  }

  function poll(why) {
    if (state.polling) return;
    state.polling = true;
    setLive('polling', why);
    const again = async () => {
      try {
        await refresh();
        setLive('polling', why);
      } catch (e) {
        setLive('off', 'cannot reach the API (' + e.message + '), retrying');
      }
      setTimeout(again, state.pollMillis);
    };
    again();
  }

  // ---- actions -------------------------------------------------------------------------------

  let toastTimer = null;
  function toast(text, bad) {
    const t = $('toast');
    t.textContent = text;
    t.className = 'toast' + (bad ? ' bad' : '');
    t.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { t.hidden = true; }, 4000);
  }

  async function csrfToken(fresh) {
    if (!state.csrf || fresh) {
      const response = await fetch(BASE + 'api/csrf', { credentials: 'same-origin', cache: 'no-store' });
      if (!response.ok) throw new Error('no CSRF token (HTTP ' + response.status + ')');
      state.csrf = await response.json();
    }
    return state.csrf;
  }

  async function post(path, fresh) {
    const csrf = await csrfToken(fresh);
    return fetch(BASE + path, { method: 'POST', credentials: 'same-origin',
      headers: { [csrf.header]: csrf.token } });
  }

  async function act(what, path, button, onDone) {
    if (!window.confirm('Really ' + what + '?')) return;
    button.disabled = true;
    try {
      let response = await post(path, false);
      if (response.status === 403) response = await post(path, true); // session renewed
      const body = await response.json().catch(() => ({}));
      if (response.ok) {
        toast('Done: ' + what + '.');
        if (onDone) onDone(body);
      }
      else toast('Could not ' + what + ': ' + (body.message || 'HTTP ' + response.status), true);
    } catch (e) {
      toast('Could not ' + what + ': ' + e.message, true);
    } finally {
      button.disabled = false;
    }
  }

  // ---- start ---------------------------------------------------------------------------------

  async function start() {
    const reload = $('rtmps-reload');
    reload.addEventListener('click', () => act('reload the RTMPS certificate', 'api/rtmps/reload', reload));
    $('drain').addEventListener('click', (event) =>
      act('drain this node (new tunnels go to other nodes; running ones end after the grace period)',
        'api/drain', event.currentTarget, (d) => renderDrain(d, Date.now())));
    $('resume').addEventListener('click', (event) =>
      act('take new tunnels on this node again', 'api/resume', event.currentTarget,
        (d) => renderDrain(d, Date.now())));
    let live = true;
    try {
      const overview = await getJson('api/overview');
      live = overview.liveUpdates !== false;
      renderOverview(overview);
    } catch (e) {
      // the WebSocket brings everything anyway
    }
    if (live) connect();
    else poll('polling every ' + Math.round(state.pollMillis / 1000) + ' s (this container has no WebSocket support)');
    try {
      const response = await fetch(BASE + 'api/config', { credentials: 'same-origin' });
      if (response.ok) renderConfig(await response.json());
      await csrfToken(false);
    } catch (e) {
      toast('Could not load the configuration: ' + e.message, true);
    }
  }

  start();
})();
