// tracelink's page: recent traces, services, and one trace with every log line in place.
// Plain JavaScript, no framework, no network beyond this agent's own /api/v1.
'use strict';

const TOKEN_KEY = 'tracelink.token';
const $ = (id) => document.getElementById(id);
const view = () => $('view');

// ---- Small helpers -------------------------------------------------------------------------------

const ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
function esc(value) {
  return value == null ? '' : String(value).replace(/[&<>"']/g, (c) => ESC[c]);
}

function fmtMs(ms) {
  if (ms == null || isNaN(ms)) return '';
  if (ms === 0) return '0 ms';
  if (ms >= 1000) return (ms / 1000).toFixed(ms >= 10000 ? 1 : 2) + ' s';
  if (ms >= 100) return ms.toFixed(0) + ' ms';
  if (ms >= 10) return ms.toFixed(1) + ' ms';
  if (ms >= 0.01) return ms.toFixed(2) + ' ms';
  return (ms * 1000).toFixed(1) + ' µs';
}

/** "2026-11-25T06:53:20.100000000Z" → "06:53:20.100" (UTC, ms precision). */
function fmtClock(rfc3339) {
  return rfc3339 ? rfc3339.slice(11, 23) : '';
}

function fmtDateTime(rfc3339) {
  return rfc3339 ? rfc3339.slice(0, 10) + ' ' + rfc3339.slice(11, 23) : '';
}

function fmtPercent(ratio) {
  if (!ratio) return '0%';
  const p = ratio * 100;
  return (p < 1 ? p.toFixed(2) : p.toFixed(1)) + '%';
}

const PALETTE = ['#1f77b4', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#ff7f0e', '#3f5f8f', '#5a8f3f'];
function serviceColor(name) {
  let h = 0;
  for (let i = 0; i < (name || '').length; i++) h = (h * 31 + name.charCodeAt(i)) | 0;
  return PALETTE[Math.abs(h) % PALETTE.length];
}
function svcBadge(name) {
  return `<span class="svc" style="background:${serviceColor(name)}" title="${esc(name)}">${esc(name || '?')}</span>`;
}

function severityClass(log) {
  const n = log.severity_number || 0;
  if (n >= 17) return 'sev-error';
  if (n >= 13) return 'sev-warn';
  if (n >= 9) return 'sev-info';
  if (n >= 1) return 'sev-debug';
  const s = (log.severity || '').toLowerCase();
  if (/err|fatal|crit|alert|emerg/.test(s)) return 'sev-error';
  if (s.startsWith('warn')) return 'sev-warn';
  if (/debug|trace/.test(s)) return 'sev-debug';
  return 'sev-info';
}

function debounce(fn, ms) {
  let timer = 0;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- Errors, token and API -----------------------------------------------------------------------

function showError(message) {
  $('error-text').textContent = message;
  $('error-banner').hidden = false;
}
function clearError() {
  $('error-banner').hidden = true;
  delete $('error-banner').dataset.source;
  $('error-text').textContent = '';
}

class APIError extends Error {
  constructor(status, code, message) { super(message); this.status = status; this.code = code; }
}

let tokenWaiters = null;
/** Shows the token form (once for any number of concurrent 401s) and resolves when a token is saved. */
function askForToken(refused) {
  if (!tokenWaiters) {
    tokenWaiters = [];
    $('token-message').textContent = refused
      ? 'The saved bearer token was refused. Enter the token of this agent\'s API:'
      : 'This agent\'s API requires a bearer token (api.bearer_token). Enter it:';
    $('token-form').hidden = false;
    $('token-input').value = '';
    $('token-input').focus();
  }
  return new Promise((resolve) => tokenWaiters.push(resolve));
}

function saveToken(event) {
  event.preventDefault();
  const token = $('token-input').value.trim();
  if (!token) return;
  sessionStorage.setItem(TOKEN_KEY, token);
  $('token-form').hidden = true;
  const waiters = tokenWaiters || [];
  tokenWaiters = null;
  waiters.forEach((resolve) => resolve());
}

/** After a 401 for a request sent with token `sent`: retry at once if the token changed since, else ask. */
function tokenAfter401(sent) {
  const now = sessionStorage.getItem(TOKEN_KEY);
  if (now != null && now !== sent) return Promise.resolve();
  return askForToken(now != null);
}

function authHeaders(extra) {
  const headers = Object.assign({}, extra);
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = 'Bearer ' + token;
  return headers;
}

/** GET an API path; waits for a token on 401 and retries; throws APIError with the server's message. */
async function api(path) {
  for (;;) {
    const sent = sessionStorage.getItem(TOKEN_KEY);
    let response;
    try {
      response = await fetch(path, { headers: authHeaders({ Accept: 'application/json' }), cache: 'no-store' });
    } catch (error) {
      throw new APIError(0, 'network', 'the agent did not answer (' + error.message + ')');
    }
    if (response.status === 401) {
      await tokenAfter401(sent);
      continue;
    }
    let body = null;
    try { body = await response.json(); } catch (_) { /* not JSON */ }
    if (!response.ok) {
      const error = body && body.error;
      throw new APIError(response.status, error && error.code,
        (error && error.message) || `${path.split('?')[0]} answered ${response.status} ${response.statusText}`);
    }
    return body;
  }
}

// ---- Live updates: GET /api/v1/events read with fetch (EventSource cannot send Authorization) ------

const live = { connected: false, listeners: new Set() };

function setLive(connected) {
  live.connected = connected;
  const el = $('live');
  el.className = 'live ' + (connected ? 'on' : 'off');
  el.title = 'Live updates: ' + (connected ? 'connected' : 'reconnecting');
}

function emitLive(name, data) {
  let payload = null;
  try { payload = JSON.parse(data); } catch (_) { /* keep null */ }
  live.listeners.forEach((listener) => listener(name, payload));
}

async function readEvents(signal) {
  let backoff = 1000;
  while (!signal.aborted) {
    try {
      const sent = sessionStorage.getItem(TOKEN_KEY);
      const response = await fetch('/api/v1/events', { headers: authHeaders({ Accept: 'text/event-stream' }), cache: 'no-store', signal });
      if (response.status === 401) {
        await tokenAfter401(sent);
        continue;
      }
      if (!response.ok || !response.body) throw new Error('events answered ' + response.status);
      setLive(true);
      backoff = 1000;
      emitLive('connected', '{}'); // catch up on what happened while disconnected
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '', name = 'message', data = [];
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let newline;
        while ((newline = buffer.indexOf('\n')) >= 0) {
          let line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + 1);
          if (line.endsWith('\r')) line = line.slice(0, -1);
          if (line === '') {
            if (data.length) emitLive(name, data.join('\n'));
            name = 'message';
            data = [];
          } else if (line[0] !== ':') {
            const colon = line.indexOf(':');
            const field = colon < 0 ? line : line.slice(0, colon);
            let text = colon < 0 ? '' : line.slice(colon + 1);
            if (text[0] === ' ') text = text.slice(1);
            if (field === 'event') name = text;
            else if (field === 'data') data.push(text);
          }
        }
      }
    } catch (_) { /* reconnect below */ }
    setLive(false);
    if (signal.aborted) return;
    await sleep(backoff);
    backoff = Math.min(backoff * 2, 30000);
  }
}

// A page left with its stream open (kept in the back-forward cache) would hold one of the browser's few
// connections to this host for good: close the stream on pagehide, open it again if the page comes back.
let eventsController = null;
function startEvents() {
  if (eventsController) return;
  eventsController = new AbortController();
  readEvents(eventsController.signal);
}
function stopEvents() {
  if (!eventsController) return;
  eventsController.abort();
  eventsController = null;
  setLive(false);
}

/** Calls fn at most once per `ms` while live events arrive (a steady stream never starves it); returns
 * the unsubscribe. */
function onLive(fn, ms = 500) {
  let timer = 0;
  const listener = () => {
    if (!timer) timer = setTimeout(() => { timer = 0; fn(); }, ms);
  };
  live.listeners.add(listener);
  return () => { clearTimeout(timer); live.listeners.delete(listener); };
}

// ---- Routing ------------------------------------------------------------------------------------

let current = { generation: 0, cleanup: [] };

function parseHash() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const q = hash.indexOf('?');
  const path = q < 0 ? hash : hash.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : hash.slice(q + 1));
  return { path, params };
}

function route() {
  current.cleanup.forEach((fn) => fn());
  current = { generation: current.generation + 1, cleanup: [] };
  clearError();
  const { path, params } = parseHash();
  let section = 'traces';
  let match;
  if ((match = path.match(/^\/trace\/([^/?]+)$/))) {
    section = '';
    renderTrace(decodeURIComponent(match[1]), params);
  } else if (path === '/services') {
    section = 'services';
    renderServices();
  } else if (path === '/search') {
    section = '';
    renderSearch(params.get('attr') || '');
  } else {
    renderTraces(params);
  }
  document.querySelectorAll('#top nav a').forEach((a) => a.classList.toggle('active', a.dataset.nav === section));
}

/** True while the view that started an async load is still the one shown. */
function stillCurrent(generation) {
  return generation === current.generation;
}

// ---- Recent traces --------------------------------------------------------------------------------

function traceTable(summaries, id) {
  const rows = summaries.map((s) => {
    const errors = (s.error_count || 0) + (s.error_log_count || 0);
    const parts = [];
    if (s.error_count) parts.push(s.error_count + (s.error_count === 1 ? ' span' : ' spans'));
    if (s.error_log_count) parts.push(s.error_log_count + (s.error_log_count === 1 ? ' log' : ' logs'));
    const mark = errors ? `<span class="error-mark" title="errors: ${parts.join(', ')}">● ${parts.join(' · ')}</span>` : '';
    return `<tr class="trace-row${errors ? ' has-error' : ''}" data-trace-id="${esc(s.trace_id)}">`
      + `<td>${svcBadge(s.root_service || '?')}</td>`
      + `<td class="name"><a href="#/trace/${esc(s.trace_id)}">${esc(s.root_span_name || '(root span not held)')}</a>`
      + ` <span class="muted mono">${esc((s.trace_id || '').slice(0, 8))}</span></td>`
      + `<td class="mono">${esc(fmtDateTime(s.start))}</td>`
      + `<td class="num">${esc(fmtMs(s.duration_ms))}</td>`
      + `<td class="num">${s.span_count || 0}</td>`
      + `<td class="num">${s.log_count || 0}</td>`
      + `<td>${mark}</td></tr>`;
  }).join('');
  return `<table class="grid" id="${id}"><thead><tr><th>Root service</th><th>Root span</th><th>Start (UTC)</th>`
    + `<th class="num">Duration</th><th class="num">Spans</th><th class="num">Logs</th><th>Errors</th></tr></thead>`
    + `<tbody>${rows}</tbody></table>`;
}

function openTraceOnRowClick(container) {
  container.addEventListener('click', (event) => {
    const row = event.target.closest('tr.trace-row');
    if (row && !event.target.closest('a')) location.hash = '#/trace/' + row.dataset.traceId;
  });
}

function renderTraces(params) {
  const generation = current.generation;
  const filters = {
    service: params.get('service') || '',
    errors: params.get('status') === 'error',
    minDuration: params.get('min_duration') || '',
  };
  view().innerHTML = `<div class="toolbar">
      <label>Service <select id="filter-service"><option value="">All services</option></select></label>
      <label><input type="checkbox" id="filter-errors"> Errors only</label>
      <label>Min duration <input id="filter-min-duration" size="8" placeholder="250ms"></label>
      <span class="muted" id="traces-count"></span>
    </div><div id="traces-list"><p class="empty">Loading traces…</p></div>`;
  const select = $('filter-service');
  $('filter-errors').checked = filters.errors;
  $('filter-min-duration').value = filters.minDuration;
  const knownServices = new Set(filters.service ? [filters.service] : []);
  const addServices = (names) => {
    const before = knownServices.size;
    names.forEach((name) => { if (name) knownServices.add(name); });
    if (knownServices.size === before && select.options.length > 1) return;
    select.innerHTML = '<option value="">All services</option>'
      + [...knownServices].sort().map((name) => `<option value="${esc(name)}">${esc(name)}</option>`).join('');
    select.value = filters.service;
  };
  addServices([]);
  api('/api/v1/services').then((body) => {
    if (stillCurrent(generation)) addServices((body.services || []).map((s) => s.service));
  }).catch(() => { /* older agents: the list's own services fill the select */ });

  const syncHash = () => {
    const query = new URLSearchParams();
    if (filters.service) query.set('service', filters.service);
    if (filters.errors) query.set('status', 'error');
    if (filters.minDuration) query.set('min_duration', filters.minDuration);
    const text = query.toString();
    history.replaceState(null, '', '#/' + (text ? '?' + text : ''));
  };

  let loading = false, again = false;
  const load = async () => {
    if (loading) { again = true; return; }
    loading = true;
    try {
      const query = new URLSearchParams({ limit: '50' });
      if (filters.service) query.set('service', filters.service);
      if (filters.errors) query.set('status', 'error');
      if (filters.minDuration) query.set('min_duration', filters.minDuration);
      const body = await api('/api/v1/traces?' + query);
      if (!stillCurrent(generation)) return;
      const traces = body.traces || [];
      addServices(traces.flatMap((s) => [s.root_service].concat(s.services || [])));
      $('traces-count').textContent = traces.length === 50 ? 'newest 50' : traces.length + ' traces';
      $('traces-list').innerHTML = traces.length
        ? traceTable(traces, 'traces-table')
        : '<table class="grid" id="traces-table" hidden><tbody></tbody></table><p class="empty">No traces'
          + (filters.service || filters.errors || filters.minDuration ? ' match these filters.' : ' yet. Point an OpenTelemetry SDK at this host\'s OTLP ports (4317 gRPC, 4318 HTTP).') + '</p>';
      if ($('error-banner').dataset.source === 'traces') clearError();
    } catch (error) {
      if (stillCurrent(generation)) { showError(error.message); $('error-banner').dataset.source = 'traces'; }
    } finally {
      loading = false;
      if (again && stillCurrent(generation)) { again = false; load(); }
    }
  };
  openTraceOnRowClick($('traces-list'));
  select.addEventListener('change', () => { filters.service = select.value; syncHash(); load(); });
  $('filter-errors').addEventListener('change', (e) => { filters.errors = e.target.checked; syncHash(); load(); });
  $('filter-min-duration').addEventListener('input', debounce((e) => {
    filters.minDuration = e.target.value.trim(); syncHash(); load();
  }, 400));
  current.cleanup.push(onLive(load, 500));
  // While the event stream is down, poll slowly so the list still moves.
  const poll = setInterval(() => { if (!live.connected) load(); }, 10000);
  current.cleanup.push(() => clearInterval(poll));
  load();
}

// ---- Services -------------------------------------------------------------------------------------

function renderServices() {
  const generation = current.generation;
  view().innerHTML = '<h2>Services</h2><p class="muted" id="services-window"></p><div id="services-list"><p class="empty">Loading…</p></div>';
  const cells = (m) => `<td class="num">${(m.calls_per_second || 0).toFixed(2)}/s</td>`
    + `<td class="num${m.error_ratio > 0 ? ' err' : ''}">${fmtPercent(m.error_ratio)}</td>`
    + ['p50_ms', 'p95_ms', 'p99_ms'].map((q) => `<td class="num">${m[q] == null ? '–' : esc(fmtMs(m[q]))}</td>`).join('')
    + `<td class="num">${m.calls || 0}</td><td class="num">${m.errors || 0}</td>`;
  const load = async () => {
    try {
      const body = await api('/api/v1/services');
      if (!stillCurrent(generation)) return;
      const services = body.services || [];
      $('services-window').textContent = `From the spans this agent received: rate over the last ${Math.round(body.window_seconds || 60)} s.`;
      if (!services.length) {
        $('services-list').innerHTML = '<table class="grid" id="services-table" hidden></table><p class="empty">No spans in this window.</p>';
        return;
      }
      const groups = services.map((s) => {
        const href = '#/?service=' + encodeURIComponent(s.service);
        const ops = (s.operations || []).map((op) => `<tr class="op-row" data-service="${esc(s.service)}" data-operation="${esc(op.span_name)}">`
          + `<td class="op-name">${esc(op.span_name)}</td><td class="muted">${esc((op.span_kind || '').replace('SPAN_KIND_', '').toLowerCase())}</td>${cells(op)}</tr>`).join('');
        return `<tbody class="service-group"><tr class="service-row" data-service="${esc(s.service)}">`
          + `<th><a href="${esc(href)}" title="Recent traces of ${esc(s.service)}">${esc(s.service)}</a></th><td></td>${cells(s)}</tr>${ops}</tbody>`;
      }).join('');
      $('services-list').innerHTML = '<table class="grid" id="services-table"><thead><tr><th>Service / operation</th><th>Kind</th>'
        + '<th class="num">Rate</th><th class="num">Error %</th><th class="num">p50</th><th class="num">p95</th><th class="num">p99</th>'
        + '<th class="num">Calls</th><th class="num">Errors</th></tr></thead>' + groups + '</table>';
    } catch (error) {
      if (stillCurrent(generation)) showError(error.message);
    }
  };
  current.cleanup.push(onLive(load, 1000));
  const timer = setInterval(load, 5000); // rates decay with the window even without new events
  current.cleanup.push(() => clearInterval(timer));
  load();
}

// ---- Search box: trace id, attribute, or a pasted log line ----------------------------------------

const TRACE_ID = /^(?:[0-9a-fA-F]{16}|[0-9a-fA-F]{32})$/;
const ATTRIBUTE = /^([A-Za-z_@][\w.\-@/:]*)=(.*)$/s;
let pendingLine = null; // a pasted line whose log id the jump answer did not carry

function isAttributeQuery(text) {
  const match = text.match(ATTRIBUTE);
  if (!match) return false;
  if (/trace|traceparent|b3/i.test(match[1])) return false; // `trace_id=…` alone: a line to jump from
  // `level=error msg=... trace_id=...` is a logfmt line, not one attribute.
  return !/\s[A-Za-z_][\w.\-]*=/.test(match[2]);
}

async function submitSearch(event) {
  event.preventDefault();
  const text = $('search-input').value.trim();
  if (!text) return;
  clearError();
  if (TRACE_ID.test(text)) {
    location.hash = '#/trace/' + text.toLowerCase();
  } else if (isAttributeQuery(text)) {
    location.hash = '#/search?attr=' + encodeURIComponent(text);
  } else {
    try {
      const jump = await api('/api/v1/jump?line=' + encodeURIComponent(text));
      const query = new URLSearchParams();
      if (jump.span_id) query.set('span', jump.span_id);
      if (jump.log_id) query.set('log', jump.log_id);
      pendingLine = jump.log_id ? null : text;
      const q = query.toString();
      const target = '#/trace/' + jump.trace_id + (q ? '?' + q : '');
      if (location.hash === target) route(); else location.hash = target;
    } catch (error) {
      showError(error.message);
    }
  }
}

function renderSearch(attr) {
  const generation = current.generation;
  view().innerHTML = `<h2>Traces with <code>${esc(attr)}</code></h2><div id="search-list"><p class="empty">Searching…</p></div>`;
  if (!attr) { showError('attr must be KEY=VALUE, e.g. order.id=123'); return; }
  api('/api/v1/search?attr=' + encodeURIComponent(attr)).then((body) => {
    if (!stillCurrent(generation)) return;
    const traces = body.traces || [];
    if (traces.length === 1) { location.replace('#/trace/' + traces[0].trace_id); return; }
    $('search-list').innerHTML = traces.length ? traceTable(traces, 'search-table')
      : `<p class="empty">No held trace has a span with ${esc(attr)}.</p>`;
    openTraceOnRowClick($('search-list'));
  }).catch((error) => { if (stillCurrent(generation)) showError(error.message); });
}

// ---- One trace ------------------------------------------------------------------------------------

function valueHTML(value) {
  if (value === null || value === undefined) return '<span class="null">null</span>';
  if (typeof value === 'number') return `<span class="num">${esc(value)}</span>`;
  if (typeof value === 'boolean') return `<span class="bool">${value}</span>`;
  if (typeof value === 'object') return `<span class="str">${esc(JSON.stringify(value))}</span>`;
  return `<span class="str">${esc(value)}</span>`;
}

function kvHTML(object) {
  const keys = Object.keys(object || {});
  if (!keys.length) return '<p class="muted">none</p>';
  return '<dl class="kv">' + keys.sort().map((k) => `<dt>${esc(k)}</dt><dd>${valueHTML(object[k])}</dd>`).join('') + '</dl>';
}

function locationText(location) {
  if (!location) return 'unknown';
  if (location.file != null) return `${location.file} @ offset ${location.offset}`;
  if (location.journal_cursor != null) return `journal cursor ${location.journal_cursor}`;
  if (location.otlp) return 'received over OTLP';
  return JSON.stringify(location);
}

function logFieldsHTML(log) {
  return '<div class="log-fields">'
    + '<h4>Fields</h4>' + kvHTML(log.fields)
    + (Object.keys(log.attributes || {}).length ? '<h4>Attributes</h4>' + kvHTML(log.attributes) : '')
    + '<h4>Record</h4>' + kvHTML({
      location: locationText(log.location), time: log.time, severity: `${log.severity} (${log.severity_number})`,
      service: log.service, source: log.source, span_id: log.span_id, trace_id: log.trace_id, joined_by: log.joined_by,
    })
    + '</div>';
}

function textOf(object) {
  if (!object) return '';
  let text = '';
  for (const key of Object.keys(object)) {
    const value = object[key];
    text += ' ' + key + ' ' + (value !== null && typeof value === 'object' ? JSON.stringify(value) : value);
  }
  return text;
}

/** Renders the trace at once, then filtering and selection only toggle `hidden` and classes. */
function renderTrace(traceId, params) {
  const generation = current.generation;
  view().innerHTML = '<p class="empty">Loading trace…</p>';
  performance.clearMarks();
  api('/api/v1/traces/' + encodeURIComponent(traceId)).then((trace) => {
    if (!stillCurrent(generation)) return;
    performance.mark('tl-trace-fetched');
    buildTrace(trace, params, generation);
  }).catch((error) => {
    if (!stillCurrent(generation)) return;
    view().innerHTML = `<p class="empty">Trace <code>${esc(traceId)}</code> is not shown.</p>`;
    showError(error.message);
  });
}

function buildTrace(trace, params, generation) {
  const summary = trace.summary || {};
  const spans = trace.spans || [];
  const links = trace.links || summary.links || {};
  const spanIndex = new Map();
  let t0 = Infinity, t1 = -Infinity;
  spans.forEach((span, i) => {
    spanIndex.set(span.span_id, i);
    const start = span.start_unix_nano;
    t0 = Math.min(t0, start);
    t1 = Math.max(t1, start + span.duration_ms * 1e6);
  });
  if (!spans.length) { t0 = summary.start_unix_nano || 0; t1 = t0 + (summary.duration_ms || 0) * 1e6; }
  const total = Math.max(t1 - t0, 1);

  // Flat arrays of what filtering needs: text per span and per log, and the log's span.
  const logs = [];      // every log object, in render order
  const logSpan = [];   // index of its span, -1 for trace-level logs
  const spanText = [];
  const logText = [];
  const html = [];

  const logHTML = (log, si, depth) => {
    const li = logs.length;
    if (log.id == null) log.id = 'i' + li; // agents before log ids
    logs.push(log);
    logSpan.push(si);
    logText.push((log.message + ' ' + log.severity + ' ' + log.source + ' ' + (log.service || '') + textOf(log.fields) + textOf(log.attributes)).toLowerCase());
    return `<div class="log-line ${severityClass(log)}" data-log-id="${esc(log.id)}" data-i="${li}" style="--d:${depth}">`
      + `<span class="lt" title="${esc(log.time)}">${esc(fmtClock(log.time))}</span><span class="ls">${esc(log.severity)}</span>`
      + `<span class="lsrc">${esc(log.source)}</span><span class="lm">${esc(log.message)}</span></div>`;
  };

  const services = new Set();
  let criticalCount = 0;
  spans.forEach((span, si) => {
    services.add(span.service);
    const error = span.status && span.status.code === 'STATUS_CODE_ERROR';
    const critical = span.critical_path === true;
    if (critical) criticalCount++;
    const depth = span.depth || 0;
    const left = ((span.start_unix_nano - t0) / total) * 100;
    const width = Math.max((span.duration_ms * 1e6 / total) * 100, 0.15);
    const eventsText = (span.events || []).map((e) => e.name + textOf(e.attributes)).join(' ');
    spanText.push((span.name + ' ' + span.service + ' ' + span.kind + ' ' + span.span_id + ' ' + ((span.status && span.status.message) || '')
      + textOf(span.attributes) + ' ' + eventsText).toLowerCase());
    const self = span.self_time_ms != null ? `<small title="self time: not spent in child spans">self ${esc(fmtMs(span.self_time_ms))}</small>` : '';
    html.push(`<div class="span-row${error ? ' error' : ''}${critical ? ' critical' : ''}" data-span-id="${esc(span.span_id)}" data-i="${si}" style="--d:${depth}">`
      + `<div class="sname">${svcBadge(span.service)}<span class="n">${esc(span.name)}</span>`
      + (error ? '<span class="err-tag">error</span>' : '')
      + (critical ? '<span class="cp-mark" title="critical path">◆</span>' : '') + '</div>'
      + `<div class="track"><div class="bar" style="left:${left.toFixed(3)}%;width:${Math.min(width, 100 - left).toFixed(3)}%;background:${serviceColor(span.service)}" title="${esc(span.name)}: ${esc(fmtMs(span.duration_ms))}"></div></div>`
      + `<div class="dur">${esc(fmtMs(span.duration_ms))}${self}</div></div>`);
    if (error || (span.events || []).some((e) => e.name === 'exception')) {
      for (const event of span.events || []) {
        if (event.name !== 'exception') continue;
        const a = event.attributes || {};
        html.push(`<div class="exception" data-span-i="${si}" style="--d:${depth}"><div class="exc-head">`
          + `<span class="exc-type">${esc(a['exception.type'] || 'exception')}</span>: ${esc(a['exception.message'] || '')}</div>`
          + (a['exception.stacktrace'] ? `<pre class="stacktrace">${esc(a['exception.stacktrace'])}</pre>` : '') + '</div>');
      }
    }
    for (const log of span.logs || []) html.push(logHTML(log, si, depth));
  });
  const traceLogsHTML = (trace.logs || []).map((log) => logHTML(log, -1, 0)).join('');

  const spanCount = summary.span_count != null ? summary.span_count : spans.length;
  const logCount = summary.log_count != null ? summary.log_count : logs.length;
  const rootName = summary.root_span_name || (spans[0] && spans[0].name) || '(root span not held)';
  const rootService = summary.root_service || (spans[0] && spans[0].service) || '';
  const linkHTML = Object.keys(links).sort().map((name) =>
    `<a href="${esc(links[name])}" target="_blank" rel="noopener noreferrer">${esc(name)} ↗</a>`).join('');
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => `<span style="left:${f * 100}%">${esc(fmtMs(total / 1e6 * f))}</span>`).join('');

  view().innerHTML = `<div id="trace-view"><div class="trace-head">
      <h2>${svcBadge(rootService)} ${esc(rootName)}</h2>
      <div class="trace-meta">
        <span>trace <code id="trace-id">${esc(trace.trace_id || summary.trace_id)}</code></span>
        <span>start <b>${esc(fmtDateTime(summary.start || (spans[0] && spans[0].start)))}</b> UTC</span>
        <span>duration <b>${esc(fmtMs(summary.duration_ms != null ? summary.duration_ms : total / 1e6))}</b></span>
        <span><b>${spanCount}</b> spans</span><span><b>${logCount}</b> logs</span>
        <span><b>${services.size}</b> services</span>
        ${summary.error_count ? `<span class="error-mark">${summary.error_count} error spans</span>` : ''}
        ${summary.error_log_count ? `<span class="error-mark">${summary.error_log_count} error logs</span>` : ''}
        <span class="links">${linkHTML}</span>
        <span id="trace-updated" class="updated" hidden>new data for this trace — <a href="#" id="trace-reload">reload</a></span>
      </div></div>
    <div class="toolbar">
      <input id="trace-filter" type="search" placeholder="Filter spans and logs: name, service, attribute, message, field" spellcheck="false">
      <button id="show-all" type="button" hidden>Show all logs</button>
      <span class="muted" id="trace-counts"></span>
      ${criticalCount ? '<span class="legend"><span class="cp-mark">◆</span>critical path</span>' : ''}
    </div>
    <div class="waterfall" id="waterfall">
      <div class="wf-head"><div>Service · span</div><div class="ticks">${ticks}</div><div style="text-align:right">Duration · self</div></div>
      ${html.join('')}
    </div>
    <div id="trace-logs-section"${traceLogsHTML ? '' : ' hidden'}>
      <h3>Logs of this trace without a held span</h3>
      <div class="trace-logs" id="trace-logs">${traceLogsHTML}</div>
    </div></div>`;
  performance.mark('tl-trace-rendered');
  requestAnimationFrame(() => setTimeout(() => performance.mark('tl-trace-painted'), 0));

  // Element references, in the same order as the arrays above.
  const waterfall = $('waterfall');
  const spanEls = Array.from(waterfall.querySelectorAll(':scope > .span-row'));
  const excEls = spans.map(() => []);
  waterfall.querySelectorAll(':scope > .exception').forEach((el) => excEls[+el.dataset.spanI].push(el));
  const logEls = new Array(logs.length);
  const traceView = $('trace-view');
  traceView.querySelectorAll('.log-line').forEach((el) => { logEls[+el.dataset.i] = el; });
  const logById = new Map();
  logs.forEach((log, li) => logById.set(String(log.id), li));
  const spanHidden = new Array(spans.length).fill(false);
  const logHidden = new Array(logs.length).fill(false);
  const traceLogsSection = $('trace-logs-section');

  let selected = -1;
  let terms = [];
  let detailEl = null;

  const apply = () => {
    performance.mark('tl-filter-start');
    const matches = (text) => terms.every((t) => text.includes(t));
    const spanMatch = terms.length ? spanText.map(matches) : null;
    const spanHasLog = terms.length ? new Array(spans.length).fill(false) : null;
    let shownLogs = 0, shownSpans = 0, shownTraceLogs = 0;
    for (let li = 0; li < logs.length; li++) {
      const si = logSpan[li];
      let show = !terms.length || matches(logText[li]) || (si >= 0 && spanMatch[si]);
      if (show && terms.length && si >= 0) spanHasLog[si] = true;
      if (selected >= 0 && si !== selected) show = false;
      if (logHidden[li] === show) { logHidden[li] = !show; logEls[li].hidden = !show; }
      if (show) { shownLogs++; if (si < 0) shownTraceLogs++; }
    }
    for (let si = 0; si < spans.length; si++) {
      const show = !terms.length || spanMatch[si] || spanHasLog[si] || si === selected;
      if (spanHidden[si] === show) {
        spanHidden[si] = !show;
        spanEls[si].hidden = !show;
        excEls[si].forEach((el) => { el.hidden = !show; });
      }
      if (show) shownSpans++;
    }
    traceLogsSection.hidden = shownTraceLogs === 0;
    $('show-all').hidden = selected < 0;
    $('trace-counts').textContent = `${shownSpans} of ${spans.length} spans, ${shownLogs} of ${logs.length} logs shown`
      + (selected >= 0 ? ` (logs of ${spans[selected].name} only)` : '');
    performance.measure('tl-filter', 'tl-filter-start');
  };

  const spanHash = () => {
    const query = selected >= 0 ? '?span=' + spans[selected].span_id : '';
    history.replaceState(null, '', '#/trace/' + (trace.trace_id || summary.trace_id) + query);
  };

  const select = (si, updateHash = true) => {
    if (selected >= 0) spanEls[selected].classList.remove('selected');
    if (detailEl) { detailEl.remove(); detailEl = null; }
    selected = si;
    if (si >= 0) {
      const span = spans[si];
      spanEls[si].classList.add('selected');
      detailEl = document.createElement('div');
      detailEl.className = 'span-detail';
      detailEl.style.setProperty('--d', span.depth || 0);
      detailEl.innerHTML = '<h4>Span</h4>' + kvHTML({
        id: span.span_id, parent: span.parent_span_id || '(root)', kind: span.kind, start: span.start,
        status: span.status ? span.status.code + (span.status.message ? ': ' + span.status.message : '') : '',
      }) + '<h4>Attributes</h4>' + kvHTML(span.attributes);
      spanEls[si].after(detailEl);
    }
    if (updateHash) spanHash();
    apply();
  };

  waterfall.addEventListener('click', (event) => {
    if (event.target.closest('.log-fields, a, pre')) return;
    const row = event.target.closest('.span-row');
    if (row) select(+row.dataset.i === selected ? -1 : +row.dataset.i);
  });
  traceView.addEventListener('click', (event) => {
    if (event.target.closest('.log-fields, a')) return;
    const line = event.target.closest('.log-line');
    if (!line) return;
    const existing = line.querySelector(':scope > .log-fields');
    if (existing) {
      existing.hidden = !existing.hidden;
    } else {
      line.insertAdjacentHTML('beforeend', logFieldsHTML(logs[+line.dataset.i]));
    }
    line.classList.toggle('open', !line.querySelector(':scope > .log-fields').hidden);
  });
  $('show-all').addEventListener('click', () => select(-1));
  $('trace-filter').addEventListener('input', debounce((event) => {
    terms = event.target.value.toLowerCase().split(/\s+/).filter(Boolean);
    apply();
  }, 150));
  $('trace-reload').addEventListener('click', (event) => { event.preventDefault(); route(); });
  const id = trace.trace_id || summary.trace_id;
  const updated = (name, payload) => {
    if (!stillCurrent(generation) || !payload) return;
    const ids = payload.trace_ids || (payload.trace_id ? [payload.trace_id] : []);
    if (ids.includes(id)) $('trace-updated').hidden = false;
  };
  live.listeners.add(updated);
  current.cleanup.push(() => live.listeners.delete(updated));

  // From a jump: select the span, scroll to and highlight the log line.
  let li = params.get('log') != null ? logById.get(params.get('log')) : undefined;
  if (li === undefined && pendingLine) li = findPastedLine(pendingLine, logs, logSpan, spanIndex.get(params.get('span')));
  pendingLine = null;
  const si = spanIndex.has(params.get('span')) ? spanIndex.get(params.get('span')) : -1;
  if (li !== undefined) {
    select(logSpan[li] >= 0 && (si < 0 || logSpan[li] === si) ? logSpan[li] : -1, false);
    logEls[li].classList.add('highlight');
    const query = new URLSearchParams();
    if (logSpan[li] >= 0) query.set('span', spans[logSpan[li]].span_id);
    query.set('log', logs[li].id);
    history.replaceState(null, '', '#/trace/' + id + '?' + query);
    logEls[li].scrollIntoView({ block: 'center' });
  } else if (si >= 0) {
    select(si, false);
    spanEls[si].scrollIntoView({ block: 'center' });
  } else {
    apply();
  }
  if (params.get('log') != null && li === undefined) showError(`log line ${params.get('log')} is not part of this trace any more`);
}

/** The log line a pasted line is: its span's logs first, then any; the longest message the line contains. */
function findPastedLine(line, logs, logSpan, si) {
  let best, bestScore = 0;
  logs.forEach((log, li) => {
    const message = log.message || '';
    if (!message) return;
    const escaped = JSON.stringify(message).slice(1, -1);
    if (!line.includes(message) && !line.includes(escaped)) return;
    const score = message.length + (si !== undefined && logSpan[li] === si ? 1e6 : 0);
    if (score > bestScore) { bestScore = score; best = li; }
  });
  return best;
}

// ---- Start ----------------------------------------------------------------------------------------

function start() {
  $('search-form').addEventListener('submit', submitSearch);
  // Enter submits even while the browser shows its suggestions for the field (implicit submission may not).
  $('search-input').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.isComposing) submitSearch(event);
  });
  $('token-form-inner').addEventListener('submit', saveToken);
  $('error-close').addEventListener('click', clearError);
  window.addEventListener('hashchange', route);
  window.addEventListener('pagehide', stopEvents);
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) { startEvents(); route(); }
  });
  route();
  startEvents();
}

start();
