// The Cairn dashboard: reads the node through its RPC API (same origin) and /webui/api/status,
// refreshes every few seconds, and adds files through /api/v0/add as Kubo's web UI does.
'use strict';

const REFRESH_MS = 5000;
const PIN_ROWS = 200;
const $ = (id) => document.getElementById(id);

const state = {
  secret: sessionStorage.getItem('cairn.apiSecret') || '',
  gatewayUrl: null,
  pins: [],
  pinTotal: 0,
  missing: new Set(),
  timer: null
};

// ---------------------------------------------------------------- formatting

/** Bytes in IEC units: 999 B, 1.46 KiB, 14.6 MiB, 146 GiB. */
function formatBytes(n) {
  if (!Number.isFinite(n) || n < 0) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  if (i === 0) return `${n} B`;
  const digits = n < 10 ? 2 : n < 100 ? 1 : 0;
  return `${n.toFixed(digits)} ${units[i]}`;
}

function formatCount(n) {
  return Number.isFinite(n) ? n.toLocaleString('en-US') : '–';
}

function formatDuration(seconds) {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min`;
  return `${Math.floor(seconds)} s`;
}

function formatAgo(iso) {
  const s = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
  if (s < 10) return 'just now';
  if (s < 60) return `${Math.floor(s)} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return new Date(iso).toLocaleDateString();
}

/** A long CID shortened in the middle for tables; the full one goes in the title. */
function shortCid(cid) {
  return cid.length > 22 ? `${cid.slice(0, 10)}…${cid.slice(-8)}` : cid;
}

// ---------------------------------------------------------------- calls

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function authHeaders() {
  return state.secret ? { Authorization: state.secret } : {};
}

async function failure(res) {
  let message = `${res.status} ${res.statusText}`;
  try {
    const text = await res.text();
    const body = JSON.parse(text);
    message = body.Message || message;
  } catch (e) {
    // not JSON: keep the status line
  }
  return new HttpError(res.status, message);
}

/** Calls an RPC command; returns its one JSON value, or the list of values it streamed. */
async function rpc(command, params = {}) {
  const url = new URL(`/api/v0/${command}`, location.origin);
  for (const [k, v] of Object.entries(params)) url.searchParams.append(k, v);
  const res = await fetch(url, { method: 'POST', headers: authHeaders() });
  if (!res.ok) throw await failure(res);
  const lines = (await res.text()).split('\n').filter((l) => l.trim() !== '');
  const values = lines.map((l) => JSON.parse(l));
  return values.length === 1 ? values[0] : values;
}

async function dashboardStatus() {
  const res = await fetch('/webui/api/status', { headers: authHeaders(), cache: 'no-store' });
  if (!res.ok) throw await failure(res);
  return res.json();
}

/**
 * An RPC command this node may not have yet: null when the API answers 404, and not asked again
 * until the page reloads (the dashboard's status then stands in for it).
 */
async function optionalRpc(command, params) {
  if (state.missing.has(command)) return null;
  try {
    return await rpc(command, params);
  } catch (e) {
    if (e instanceof HttpError && e.status === 404) {
      state.missing.add(command);
      return null;
    }
    throw e;
  }
}

// ---------------------------------------------------------------- rendering

function setText(id, text) {
  $(id).textContent = text;
}

function setConnection(kind, text) {
  $('conn').dataset.state = kind;
  setText('conn-text', text);
}

function showBanner(text, askSecret) {
  setText('banner-text', text);
  $('token-form').hidden = !askSecret;
  $('banner').hidden = false;
}

function renderNode(status, id) {
  setText('peer-id', id?.ID || status.peerId);
  setText('agent', id?.AgentVersion || status.agentVersion);
  setText('version', `v${status.version}`);
  setText('uptime', formatDuration(status.uptimeSeconds));
  setText('api-addr', `${location.origin}  (${status.addresses.api.join(', ')})`);
  const link = $('gateway-link');
  if (status.gatewayUrl) {
    link.textContent = status.gatewayUrl;
    link.href = status.gatewayUrl;
  } else {
    link.textContent = 'none';
    link.removeAttribute('href');
  }
  const swarm = $('swarm-addrs');
  swarm.replaceChildren(
    ...status.addresses.swarm.map((a) => {
      const li = document.createElement('li');
      li.textContent = `${a}/p2p/${status.peerId}`;
      return li;
    })
  );
  const p = status.pinningService;
  const url = `${location.origin}${p.path}`;
  setText(
    'pinning',
    p.tokens > 0
      ? `${url}  (${p.tokens} access token${p.tokens === 1 ? '' : 's'})`
      : `${url}  (no access tokens: set PinningService.Tokens)`
  );
}

function renderRepo(status, stat) {
  const size = stat ? Number(stat.RepoSize) : status.repo.diskBytes;
  const blocks = stat ? Number(stat.NumObjects) : status.repo.blocks;
  const max = stat ? Number(stat.StorageMax) : status.repo.storageMax;
  setText('repo-size', formatBytes(size));
  setText('repo-blocks', formatCount(blocks));
  setText('pin-count', formatCount(state.pinTotal));
  const pct = max > 0 ? Math.min(100, (size / max) * 100) : 0;
  $('repo-meter').style.width = `${pct.toFixed(1)}%`;
  $('repo-meter-bar').setAttribute('aria-valuenow', pct.toFixed(1));
  setText(
    'repo-meter-text',
    max > 0
      ? `${formatBytes(size)} of ${formatBytes(max)} storage limit (${pct < 0.1 && pct > 0 ? '<0.1' : pct.toFixed(1)} %)`
      : 'no storage limit'
  );
  setText('repo-data', `${formatBytes(status.repo.blockBytes)} of block data`);
  setText('repo-path', (stat && stat.RepoPath) || status.repo.path);
}

function pinRows(status, ls) {
  if (ls && ls.Keys) {
    return Object.entries(ls.Keys).map(([cid, v]) => ({ cid, name: v.Name || '', type: v.Type }));
  }
  return status.pins.list.map((p) => ({ cid: p.Cid, name: p.Name, type: p.Type }));
}

function gatewayHref(cid, name) {
  if (!state.gatewayUrl) return null;
  const q = name ? `?filename=${encodeURIComponent(name)}` : '';
  return `${state.gatewayUrl}/ipfs/${cid}${q}`;
}

function cidCell(cid, name) {
  const td = document.createElement('td');
  td.className = 'mono';
  td.title = cid;
  const href = gatewayHref(cid, name);
  if (href) {
    const a = document.createElement('a');
    a.href = href;
    a.target = '_blank';
    a.rel = 'noopener';
    a.textContent = shortCid(cid);
    td.append(a);
  } else {
    td.textContent = shortCid(cid);
  }
  return td;
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  td.title = text;
  if (className) td.className = className;
  return td;
}

function renderPins() {
  const filter = $('pin-filter').value.trim().toLowerCase();
  const rows = state.pins.filter(
    (p) => !filter || p.cid.toLowerCase().includes(filter) || p.name.toLowerCase().includes(filter)
  );
  const body = $('pins-table').tBodies[0];
  body.replaceChildren(
    ...rows.slice(0, PIN_ROWS).map((p) => {
      const tr = document.createElement('tr');
      tr.append(cidCell(p.cid, p.name), cell(p.name || '—'), cell(p.type));
      return tr;
    })
  );
  $('pins-empty').hidden = rows.length > 0;
  $('pins-empty').textContent = filter ? 'No pin matches the filter.' : 'No pins yet.';
  const shown = Math.min(rows.length, PIN_ROWS);
  setText(
    'pins-more',
    state.pinTotal > shown && !filter ? `Showing ${formatCount(shown)} of ${formatCount(state.pinTotal)} recursive pins.` : ''
  );
}

function renderRecent(recent) {
  const body = $('recent-table').tBodies[0];
  body.replaceChildren(
    ...recent.map((r) => {
      const tr = document.createElement('tr');
      tr.append(cell(r.Name || '—'), cidCell(r.Hash, r.Name), cell(formatBytes(r.Size), 'num'), cell(formatAgo(r.Time), 'num'));
      return tr;
    })
  );
  $('recent-empty').hidden = recent.length > 0;
}

function formatMillis(ms) {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s`;
}

function renderPinRequests(requests) {
  const running = Boolean(requests);
  for (const s of ['queued', 'pinning', 'pinned', 'failed']) {
    setText(`pin-requests-${s}`, running ? formatCount(requests.counts[s]) : '–');
  }
  const list = running ? requests.results : [];
  $('pin-requests-table').tBodies[0].replaceChildren(
    ...list.map((r) => {
      const tr = document.createElement('tr');
      const statusCell = cell(r.status);
      statusCell.dataset.state = r.status;
      tr.append(
        cidCell(r.pin.cid, r.pin.name),
        cell(r.pin.name || '—'),
        statusCell,
        cell(formatAgo(r.created), 'num'),
        cell((r.info && r.info.status_details) || '—')
      );
      return tr;
    })
  );
  $('pin-requests-empty').hidden = list.length > 0;
  const total = running ? Object.values(requests.counts).reduce((a, b) => a + b, 0) : 0;
  setText(
    'pin-requests-more',
    total > list.length ? `Showing the newest ${formatCount(list.length)} of ${formatCount(total)} requests.` : ''
  );
}

function renderJobs(jobs) {
  for (const s of ['queued', 'running', 'done', 'failed', 'cancelled']) {
    setText(`jobs-${s}`, formatCount(jobs.counts[s]));
  }
  $('jobs-table').tBodies[0].replaceChildren(
    ...jobs.list.map((j) => {
      const tr = document.createElement('tr');
      const stateCell = cell(j.State);
      stateCell.dataset.state = j.State;
      const ran = j.Status !== undefined;
      tr.append(
        cell(String(j.Id), 'num'),
        stateCell,
        cell(j.Status || '—'),
        cell(j.Engine),
        cell(ran ? formatCount(j.FuelUsed) : '—', 'num'),
        cell(ran ? formatMillis(j.WallTimeMs) : '—', 'num'),
        j.OutputRoot ? cidCell(j.OutputRoot) : cell('—')
      );
      return tr;
    })
  );
  $('jobs-empty').hidden = jobs.list.length > 0;
  setText(
    'jobs-more',
    jobs.total > jobs.list.length ? `Showing the newest ${formatCount(jobs.list.length)} of ${formatCount(jobs.total)} jobs.` : ''
  );
}

// ---------------------------------------------------------------- compute market

function renderMarket(market) {
  const online = Boolean(market && market.online);
  for (const side of ['node', 'all']) {
    const counts = online ? market[side === 'node' ? 'node' : 'market'] : null;
    for (const s of ['posted', 'claimed', 'disputed', 'paid']) {
      setText(`market-${side}-${s}`, counts ? formatCount(counts[s]) : '–');
    }
  }
  setText(
    'market-line',
    online
      ? `Inputs of the jobs this node ran: ${formatBytes(market.node.inputBytesLocal)} found here, ${formatBytes(market.node.inputBytesFetched)} fetched from peers.`
      : 'Compute market: unavailable (the daemon runs no chain).'
  );
}

// ---------------------------------------------------------------- refresh

async function refresh() {
  try {
    const status = await dashboardStatus();
    state.gatewayUrl = status.gatewayUrl || null;
    state.pinTotal = status.pins.recursive;
    const [id, stat, ls] = await Promise.all([
      rpc('id').catch(() => null),
      optionalRpc('repo/stat'),
      optionalRpc('pin/ls', { type: 'recursive', names: 'true' })
    ]);
    state.pins = pinRows(status, ls);
    renderNode(status, id);
    renderRepo(status, stat);
    renderPins();
    renderRecent(status.recent);
    renderPinRequests(status.pinningService.requests);
    renderJobs(status.jobs);
    renderMarket(status.market);
    renderPeers(status.peers);
    await refreshDeals();
    await refreshFiles();
    setConnection('online', 'Online');
    if (!$('banner').dataset.sticky) $('banner').hidden = true;
    document.body.dataset.loaded = 'true';
  } catch (e) {
    if (e instanceof HttpError && (e.status === 401 || e.status === 403)) {
      setConnection('offline', 'Needs a secret');
      showBanner(`${e.message}. Enter one of the node's API secrets (as "Bearer TOKEN" or "Basic …").`, true);
    } else {
      setConnection('offline', 'Offline');
      showBanner(`Cannot reach the node: ${e.message}`, false);
    }
  }
}

function schedule() {
  clearTimeout(state.timer);
  state.timer = setTimeout(async () => {
    if (!document.hidden) await refresh();
    schedule();
  }, REFRESH_MS);
}

// ---------------------------------------------------------------- upload

function chosenFile() {
  return $('file-input').files[0] || null;
}

function onFileChosen() {
  const f = chosenFile();
  setText('drop-file', f ? `${f.name} (${formatBytes(f.size)})` : 'Choose a file');
  $('upload-button').disabled = !f;
}

/**
 * Posts the file to /api/v0/add as multipart form data, with upload progress; toFiles, when set,
 * is an MFS folder (ending in '/') the node links the file into.
 */
function add(file, cidV1, toFiles) {
  return new Promise((resolve, reject) => {
    const params = new URLSearchParams({ 'stream-channels': 'true', progress: 'false', pin: 'true' });
    if (cidV1) {
      params.set('cid-version', '1');
      params.set('raw-leaves', 'true');
    }
    if (toFiles) params.set('to-files', toFiles);
    const form = new FormData();
    form.append('file', file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v0/add?${params}`);
    for (const [k, v] of Object.entries(authHeaders())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) $('upload-progress-fill').style.width = `${((e.loaded / e.total) * 100).toFixed(1)}%`;
    };
    xhr.onerror = () => reject(new Error('the connection to the node failed'));
    xhr.onload = () => {
      const lines = xhr.responseText.split('\n').filter((l) => l.trim() !== '');
      if (xhr.status !== 200) {
        let message = `${xhr.status} ${xhr.statusText}`;
        try {
          message = JSON.parse(lines[0]).Message || message;
        } catch (e) {
          // keep the status line
        }
        reject(new Error(message));
        return;
      }
      const trailerError = xhr.getResponseHeader('X-Stream-Error');
      const entries = lines.map((l) => JSON.parse(l)).filter((v) => v.Hash);
      if (trailerError || entries.length === 0) {
        reject(new Error(trailerError || 'the node returned no CID'));
        return;
      }
      resolve(entries[entries.length - 1]);
    };
    xhr.send(form);
  });
}

async function onUpload(event) {
  event.preventDefault();
  const file = chosenFile();
  if (!file) return;
  $('upload-button').disabled = true;
  $('upload-progress').hidden = false;
  $('upload-progress-fill').style.width = '0%';
  $('upload-result').hidden = true;
  setText('upload-status', `Adding ${file.name}…`);
  try {
    const toFiles = $('opt-to-files').checked ? mfsFolder() : null;
    const added = await add(file, $('opt-cidv1').checked, toFiles);
    setText('result-name', added.Name || file.name);
    setText('result-size', formatBytes(file.size));
    setText('result-cid', added.Hash);
    const href = gatewayHref(added.Hash, added.Name || file.name);
    const link = $('result-gateway');
    link.hidden = !href;
    if (href) link.href = href;
    $('upload-result').hidden = false;
    setText('upload-status', toFiles ? `Also in Files at ${toFiles}${added.Name || file.name}.` : '');
    await fetch('/webui/api/recent', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...authHeaders() },
      body: JSON.stringify({ Hash: added.Hash, Name: added.Name || file.name, Size: file.size })
    });
    await refresh();
  } catch (e) {
    setText('upload-status', `Could not add ${file.name}: ${e.message}`);
  } finally {
    $('upload-progress').hidden = true;
    $('upload-button').disabled = !chosenFile();
  }
}

// ---------------------------------------------------------------- wiring

function wire() {
  $('file-input').addEventListener('change', onFileChosen);
  $('upload-form').addEventListener('submit', onUpload);
  $('pin-filter').addEventListener('input', renderPins);
  wireFiles();
  const drop = $('drop');
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('dragging');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('dragging'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('dragging');
    if (e.dataTransfer.files.length > 0) {
      $('file-input').files = e.dataTransfer.files;
      onFileChosen();
    }
  });
  document.querySelectorAll('[data-copy]').forEach((button) => {
    button.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText($(button.dataset.copy).textContent);
        button.textContent = 'Copied';
      } catch (e) {
        button.textContent = 'Copy failed';
      }
      setTimeout(() => { button.textContent = 'Copy'; }, 1500);
    });
  });
  $('token-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const v = $('token-input').value.trim();
    state.secret = v && !/^(bearer|basic) /i.test(v) ? `Bearer ${v}` : v;
    sessionStorage.setItem('cairn.apiSecret', state.secret);
    refresh();
  });
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) refresh();
  });
}

wire();
refresh().then(schedule);
