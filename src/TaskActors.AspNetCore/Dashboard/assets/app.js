// The TaskActors dashboard: a few views over the HTTP API, no framework and no build step.
// #/                 the task list: filters, server-side paging (continue tokens), live over the list watch
// #/tasks/{id}       one task: spec, attempts as a timeline, events; cancel/rerun/delete with If-Match
// #/slots/{slot}     a slot's owner and queue
'use strict';

const API = document.body.dataset.api + '/v1';
const view = document.getElementById('view');
const liveStatus = document.getElementById('live-status');
const PAGE_SIZE = 50;
let closeCurrent = () => {};

// ---- helpers ---------------------------------------------------------------------------------------------------
const esc = s => String(s ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
const phase = p => `<span class="phase ${esc(p)}">${esc(p)}</span>`;
const time = t => t ? new Date(t).toLocaleString() : '';
const ms = n => n == null ? '' : n < 1000 ? `${n} ms` : `${(n / 1000).toFixed(n < 10000 ? 2 : 1)} s`;
const taskLink = id => `<a href="#/tasks/${encodeURIComponent(id)}">${esc(id)}</a>`;
const slotLink = s => `<a href="#/slots/${encodeURIComponent(s)}">${esc(s)}</a>`;

class ApiError extends Error {
  constructor(status, problem) { super(problem?.detail || `HTTP ${status}`); this.status = status; this.problem = problem; }
}

async function api(path, options = {}) {
  const response = await fetch(API + path, { headers: { Accept: 'application/json', ...(options.headers || {}) }, ...options });
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

function setLive(on, text) {
  liveStatus.textContent = text || (on ? 'live' : 'not live');
  liveStatus.className = 'live ' + (on ? 'on' : 'off');
}

// A watch over Server-Sent Events: onChange for each ADDED/MODIFIED/DELETED, onReady once the watch is registered.
function watch(url, onChange, onReady) {
  const source = new EventSource(url);
  source.addEventListener('WATCHING', () => { setLive(true); onReady && onReady(); });
  for (const type of ['ADDED', 'MODIFIED', 'DELETED']) {
    source.addEventListener(type, e => onChange(JSON.parse(e.data)));
  }
  source.addEventListener('ERROR', e => {
    const status = JSON.parse(e.data).status;
    setLive(false, status.reason === 'Overflowed' ? 'fell behind: reloading' : 'watch ended');
    source.close();
    if (status.reason === 'Overflowed') setTimeout(route, 500);
  });
  source.onerror = () => setLive(false, 'reconnecting…');
  return () => source.close();
}

function debounce(fn, wait) {
  let timer;
  return () => { clearTimeout(timer); timer = setTimeout(fn, wait); };
}

// ---- the task list -----------------------------------------------------------------------------------------------
const PHASES = ['pending', 'running', 'succeeded', 'failed', 'timeout', 'canceled', 'exhausted'];

function listView(params) {
  const filters = { slot: params.get('slot') || '', phase: params.get('phase') || '', labelSelector: params.get('labelSelector') || '', text: params.get('text') || '' };
  const pages = [null]; // continue tokens of the pages seen, for "previous"
  let page = 0;
  let shown = new Map();

  view.innerHTML = `
    <h1>Tasks <span id="total" class="muted"></span></h1>
    <form class="filters" id="filters">
      <label>slot <input name="slot" value="${esc(filters.slot)}" placeholder="any"></label>
      <label>phase <select name="phase"><option value="">any</option>
        ${PHASES.map(p => `<option ${filters.phase === p ? 'selected' : ''}>${p}</option>`).join('')}</select></label>
      <label>labels <input name="labelSelector" value="${esc(filters.labelSelector)}" placeholder="team=finance,tier in (a,b)"></label>
      <label>id contains <input name="text" value="${esc(filters.text)}" placeholder="text"></label>
      <button class="primary" type="submit">Filter</button>
    </form>
    <div id="list-message"></div>
    <table id="task-table"><thead><tr><th>ID</th><th>SLOT</th><th>PHASE</th><th>ATTEMPT</th><th>EXIT</th><th>UPDATED</th><th>ERROR</th></tr></thead>
      <tbody></tbody></table>
    <div class="pager"><button id="prev">← previous</button><button id="next">next →</button><span id="page-info"></span></div>`;

  document.getElementById('filters').addEventListener('submit', e => {
    e.preventDefault();
    const query = new URLSearchParams([...new FormData(e.target)].filter(([, v]) => v));
    location.hash = '#/?' + query.toString();
  });
  const query = () => new URLSearchParams(Object.entries(filters).filter(([, v]) => v));

  const row = t => `<tr data-id="${esc(t.metadata.id)}" data-version="${t.metadata.resourceVersion}">
      <td>${taskLink(t.metadata.id)}</td><td>${slotLink(t.spec.slot)}</td><td class="phase-cell">${phase(t.status.phase)}</td>
      <td>${t.status.attempt}</td><td>${t.status.exitCode ?? ''}</td><td>${time(t.metadata.updatedAt)}</td>
      <td class="error">${esc(t.status.error)}</td></tr>`;

  async function load() {
    const q = query();
    q.set('limit', PAGE_SIZE);
    if (pages[page]) q.set('continue', pages[page]);
    try {
      const list = await api('/tasks?' + q);
      shown = new Map(list.items.map(t => [t.metadata.id, t]));
      document.querySelector('#task-table tbody').innerHTML = list.items.map(row).join('') ||
        '<tr><td colspan="7" class="muted">no tasks match</td></tr>';
      document.getElementById('total').textContent = `${list.metadata.total} in all`;
      pages[page + 1] = list.metadata.continue;
      document.getElementById('prev').disabled = page === 0;
      document.getElementById('next').disabled = !list.metadata.continue;
      document.getElementById('page-info').textContent = `page ${page + 1} of ${Math.max(1, Math.ceil(list.metadata.total / PAGE_SIZE))}`;
      document.getElementById('list-message').innerHTML = '';
      // For measurements (bench/TaskActors.Bench.Http): when the first page of tasks was on screen after navigation.
      if (performance.getEntriesByName('taskactors-first-page').length === 0) performance.mark('taskactors-first-page');
    } catch (e) {
      document.getElementById('list-message').innerHTML = `<div class="message error">${esc(problemText(e))}</div>`;
    }
  }
  const reload = debounce(load, 250);

  document.getElementById('prev').onclick = () => { page--; load(); };
  document.getElementById('next').onclick = () => { page++; load(); };

  const stop = watch(`${API}/tasks?watch=true&${query()}`, message => {
    const task = message.object;
    const id = task.metadata.id;
    const current = document.querySelector(`#task-table tr[data-id="${CSS.escape(id)}"]`);
    if (message.type === 'MODIFIED' && current && Number(current.dataset.version) < task.metadata.resourceVersion) {
      current.outerHTML = row(task);
      document.querySelector(`#task-table tr[data-id="${CSS.escape(id)}"]`).classList.add('flash');
      if (filters.phase && task.status.phase !== filters.phase) reload();
    } else if (message.type !== 'MODIFIED' || !current) {
      reload(); // a task came or went: the page's membership may have changed
    }
  }, load);
  return stop;
}

// ---- one task ----------------------------------------------------------------------------------------------------
function taskView(id) {
  let task = null;
  let stop = () => {};
  view.innerHTML = `<div id="task-message"></div><div id="task"></div>`;

  function message(kind, text) {
    document.getElementById('task-message').innerHTML = text ? `<div class="message ${kind}">${esc(text)}</div>` : '';
  }

  async function load() {
    try {
      const [current, runs, events] = await Promise.all([api(`/tasks/${encodeURIComponent(id)}`),
        api(`/tasks/${encodeURIComponent(id)}/runs`), api(`/tasks/${encodeURIComponent(id)}/events`)]);
      task = current;
      render(current, runs.items, events.items);
      return current;
    } catch (e) {
      if (e.status === 404) {
        document.getElementById('task').innerHTML = `<h1>${esc(id)}</h1><p class="muted">This task does not exist (or was deleted).</p>`;
        setLive(false, 'no task');
        return null;
      }
      message('error', problemText(e));
      return null;
    }
  }
  const reload = debounce(load, 150);

  function render(t, runs, events) {
    const active = t.status.phase === 'pending' || t.status.phase === 'running' || t.status.nextAttemptAt;
    document.getElementById('task').innerHTML = `
      <h1><span id="task-id">${esc(t.metadata.id)}</span> <span id="task-phase">${phase(t.status.phase)}</span>
        <span class="muted">v<span id="task-version">${t.metadata.resourceVersion}</span> · slot ${slotLink(t.spec.slot)} · attempt ${t.status.attempt}</span></h1>
      <div class="actions">
        <button id="cancel-button" ${active ? '' : 'disabled'}>Cancel</button>
        <button id="rerun-button" ${active ? 'disabled' : ''}>Rerun</button>
        <button id="delete-button" class="danger">Delete</button>
      </div>
      ${t.status.error ? `<p class="message error">${esc(t.status.error)}</p>` : ''}
      ${t.status.nextAttemptAt ? `<p class="message info">next attempt at ${time(t.status.nextAttemptAt)}</p>` : ''}
      <h2>Attempts</h2>
      ${timeline(runs)}
      <div id="attempts">${runs.slice().reverse().map(attempt).join('') || '<p class="muted">no attempt yet</p>'}</div>
      <div class="grid">
        <div><h2>Spec</h2><pre id="spec">${esc(JSON.stringify(t.spec, null, 2))}</pre></div>
        <div><h2>Events</h2><table id="events"><thead><tr><th>V</th><th>WRITTEN</th><th>EVENT</th></tr></thead><tbody>
          ${events.map(e => `<tr><td>${e.resourceVersion}</td><td>${time(e.writtenAt)}</td>
            <td><b>${esc(e.manifest)}</b> <span class="muted">${esc(summary(e.event))}</span></td></tr>`).join('')}</tbody></table></div>
      </div>`;
    document.getElementById('cancel-button').onclick = () => write('cancel', 'POST', `/tasks/${encodeURIComponent(id)}/cancel`);
    document.getElementById('rerun-button').onclick = () => write('rerun', 'POST', `/tasks/${encodeURIComponent(id)}/rerun`);
    document.getElementById('delete-button').onclick = () => {
      if (confirm(`Delete task ${id} and its whole history?`)) write('delete', 'DELETE', `/tasks/${encodeURIComponent(id)}`);
    };
  }

  // Every change carries the version the user saw (If-Match): a task that changed meanwhile is refused (412), not overwritten.
  async function write(what, method, path) {
    const seen = task.metadata.resourceVersion;
    try {
      await api(path, { method, headers: { 'If-Match': `"${seen}"` } });
      message('info', `${what}: done`);
      if (what === 'delete') { location.hash = '#/'; return; }
      await load();
    } catch (e) {
      const now = await load();
      message('error', e.status === 412
        ? `${what} refused: the task changed meanwhile (you saw v${seen}, it is now v${now?.metadata.resourceVersion ?? '?'}); look again and retry if still wanted`
        : `${what} failed: ${problemText(e)}`);
    }
  }

  load().then(t => {
    if (!t) return;
    stop = watch(`${API}/tasks/${encodeURIComponent(id)}?watch=true&resourceVersion=${t.metadata.resourceVersion}`, m => {
      if (m.type === 'DELETED') { message('info', 'the task was deleted'); setLive(false, 'deleted'); return; }
      reload();
    });
  });
  return () => stop();
}

function timeline(runs) {
  if (runs.length === 0) return '';
  const start = Math.min(...runs.map(r => Date.parse(r.startedAt)));
  const end = Math.max(...runs.map(r => r.finishedAt ? Date.parse(r.finishedAt) : Date.now()));
  const span = Math.max(1, end - start);
  return `<div class="timeline" id="timeline">${runs.map(r => {
    const from = Date.parse(r.startedAt) - start;
    const to = (r.finishedAt ? Date.parse(r.finishedAt) : Date.now()) - start;
    const label = `#${r.attempt}${r.exitCode != null ? ` exit ${r.exitCode}` : ''} ${ms(r.durationMs) || 'running'} · +${ms(from)}`;
    return `<div class="tl-row"><span class="tl-label">${phase(r.phase)} ${esc(label)}</span><div class="lane"><div class="bar ${esc(r.phase)}"
      title="${esc(label)}" style="left:${(100 * from / span).toFixed(2)}%;width:${Math.max(0.5, 100 * (to - from) / span).toFixed(2)}%"></div></div></div>`;
  }).join('')}</div>`;
}

function attempt(r) {
  return `<div class="attempt" data-attempt="${r.attempt}">
    <header><b>attempt ${r.attempt}</b> ${phase(r.phase)} <span class="muted">${time(r.startedAt)} → ${r.finishedAt ? time(r.finishedAt) : 'running'}</span></header>
    <dl><dt>duration</dt><dd>${ms(r.durationMs) || '—'}</dd><dt>exit code</dt><dd>${r.exitCode ?? '—'}</dd>
      <dt>runner</dt><dd>${esc(r.runner ?? '—')} ${r.node ? `on ${esc(r.node)}` : ''} ${r.pid ? `(pid ${r.pid})` : ''}</dd>
      ${r.signal ? `<dt>signal</dt><dd>${esc(r.signal)}</dd>` : ''}
      ${r.error ? `<dt>error</dt><dd class="error">${esc(r.error)}</dd>` : ''}</dl>
    ${r.stdoutTail ? `<div class="muted">stdout (tail)</div><pre>${esc(r.stdoutTail)}</pre>` : ''}
    ${r.stderrTail ? `<div class="muted">stderr (tail) / exception and stack trace</div><pre>${esc(r.stderrTail)}</pre>` : ''}
  </div>`;
}

function summary(e) {
  const parts = [];
  for (const key of ['attempt', 'outcome', 'exitCode', 'error', 'reason', 'delayMs', 'runner', 'node']) {
    if (e[key] != null) parts.push(`${key} ${e[key]}`);
  }
  return parts.join(', ');
}

// ---- one slot ----------------------------------------------------------------------------------------------------
function slotView(slot) {
  view.innerHTML = `<h1>slot ${esc(slot)}</h1><div id="slot"></div>`;
  async function load() {
    try {
      const s = await api(`/slots/${encodeURIComponent(slot)}`);
      document.getElementById('slot').innerHTML = `
        <dl><dt>owner</dt><dd id="slot-owner">${s.status.owner ? taskLink(s.status.owner) : '<span class="muted">free</span>'}</dd>
          <dt>queue</dt><dd id="slot-queue">${s.status.queue.length ? `<ol>${s.status.queue.map(q => `<li>${taskLink(q)}</li>`).join('')}</ol>` : '<span class="muted">empty</span>'}</dd></dl>
        <p><a href="#/?slot=${encodeURIComponent(slot)}">all tasks of this slot</a></p>`;
    } catch (e) {
      document.getElementById('slot').innerHTML = `<div class="message error">${esc(problemText(e))}</div>`;
    }
  }
  const reload = debounce(load, 150);
  load();
  return watch(`${API}/tasks?watch=true&slot=${encodeURIComponent(slot)}`, reload);
}

function problemText(e) {
  const errors = e.problem?.errors?.map(x => `${x.path}: ${x.message}`).join('; ');
  return errors ? `${e.message} (${errors})` : e.message;
}

// ---- routing -----------------------------------------------------------------------------------------------------
function route() {
  closeCurrent();
  setLive(false, 'connecting…');
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, search] = hash.split('?');
  const task = path.match(/^\/tasks\/(.+)$/);
  const slot = path.match(/^\/slots\/(.+)$/);
  closeCurrent = task ? taskView(decodeURIComponent(task[1]))
    : slot ? slotView(decodeURIComponent(slot[1]))
    : listView(new URLSearchParams(search || ''));
}

window.addEventListener('hashchange', route);
// Leaving the page closes its watch at once: browsers allow six connections per server over HTTP/1.1.
window.addEventListener('pagehide', () => closeCurrent());
route();
