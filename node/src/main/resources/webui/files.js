// The dashboard's Files card: the node's MFS (as Kubo's 'ipfs files' and the Files page of its web
// UI), read and changed through files/stat, files/ls, files/mkdir and files/rm. Loaded before
// app.js, whose helpers ($, setText, cell, cidCell, rpc, ...) it calls once both are loaded; the
// upload card adds into the folder shown here with add's to-files option.
'use strict';

const mfs = {
  path: '/',
  // bumped by each listing and each move, so that an answer for a folder left meanwhile is dropped
  seq: 0
};

/** The MFS path of an entry of the folder shown. */
function mfsChild(name) {
  return mfs.path === '/' ? `/${name}` : `${mfs.path}/${name}`;
}

/** The folder shown, ending in '/' as add's to-files option wants it for "into this folder". */
function mfsFolder() {
  return mfs.path === '/' ? '/' : `${mfs.path}/`;
}

function renderCrumbs() {
  const names = mfs.path.split('/').filter((n) => n !== '');
  const crumbs = [{ name: '/', path: '/' }];
  names.forEach((name, i) => crumbs.push({ name, path: `/${names.slice(0, i + 1).join('/')}` }));
  $('files-crumbs').replaceChildren(
    ...crumbs.map((c, i) => {
      const li = document.createElement('li');
      if (i === crumbs.length - 1) {
        const here = document.createElement('span');
        here.setAttribute('aria-current', 'location');
        here.textContent = c.name;
        li.append(here);
      } else {
        li.append(linkButton(c.name, `Go to ${c.path}`, () => openFolder(c.path)));
      }
      return li;
    })
  );
  setText('to-files-path', mfsFolder());
}

function linkButton(text, label, onClick) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'link';
  button.textContent = text;
  button.setAttribute('aria-label', label);
  button.addEventListener('click', onClick);
  return button;
}

/** Whether a files/ls entry is a directory (Kubo's Type 1). */
function isFolder(entry) {
  return entry.Type === 1;
}

/** Directories first, then by name. */
function byKindAndName(a, b) {
  const dirs = isFolder(b) - isFolder(a);
  return dirs !== 0 ? dirs : a.Name.localeCompare(b.Name);
}

function nameCell(entry) {
  const td = document.createElement('td');
  td.title = entry.Name;
  if (isFolder(entry)) {
    td.append(linkButton(`${entry.Name}/`, `Open folder ${entry.Name}`, () => openFolder(mfsChild(entry.Name))));
    return td;
  }
  const href = gatewayHref(entry.Hash, entry.Name);
  if (href) {
    const a = document.createElement('a');
    a.href = href;
    a.target = '_blank';
    a.rel = 'noopener';
    a.textContent = entry.Name;
    td.append(a);
  } else {
    td.textContent = entry.Name;
  }
  return td;
}

function renderFiles(stat, entries) {
  const cid = $('files-cid');
  cid.textContent = stat.Hash;
  const href = gatewayHref(stat.Hash);
  if (href) {
    cid.href = href;
  } else {
    cid.removeAttribute('href');
  }
  setText('files-size', `${formatBytes(Number(stat.CumulativeSize))} in all`);
  $('files-table').tBodies[0].replaceChildren(
    ...entries.sort(byKindAndName).map((e) => {
      const tr = document.createElement('tr');
      const actions = document.createElement('td');
      actions.className = 'num';
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'ghost';
      remove.textContent = 'Remove';
      remove.setAttribute('aria-label', `Remove ${e.Name}`);
      remove.addEventListener('click', () => removeEntry(e.Name));
      actions.append(remove);
      const folder = isFolder(e);
      tr.append(nameCell(e), cidCell(e.Hash, folder ? null : e.Name), cell(folder ? '—' : formatBytes(e.Size), 'num'), actions);
      return tr;
    })
  );
  $('files-empty').hidden = entries.length > 0;
}

/** Reads the folder shown; an error (the folder gone, say) is shown in the card, not thrown. */
async function refreshFiles() {
  const seq = ++mfs.seq;
  const path = mfs.path;
  try {
    const [stat, ls] = await Promise.all([
      rpc('files/stat', { arg: path, hash: 'true' }),
      rpc('files/ls', { arg: path, long: 'true' })
    ]);
    if (seq !== mfs.seq) return;
    renderFiles(stat, ls.Entries || []);
    $('files-error').hidden = true;
  } catch (e) {
    if (seq !== mfs.seq) return;
    $('files-table').tBodies[0].replaceChildren();
    $('files-empty').hidden = true;
    setText('files-cid', '–');
    $('files-cid').removeAttribute('href');
    setText('files-size', '');
    setText('files-error', `Cannot read ${path}: ${e.message}`);
    $('files-error').hidden = false;
  }
}

async function openFolder(path) {
  mfs.path = path;
  setText('files-status', '');
  renderCrumbs();
  await refreshFiles();
}

/** Runs one change to MFS, says in the card how it went, shows the folder again; true if done. */
async function changeFiles(doing, failed, call) {
  setText('files-status', `${doing}…`);
  let done = false;
  try {
    await call();
    setText('files-status', '');
    done = true;
  } catch (e) {
    setText('files-status', `${failed}: ${e.message}`);
  }
  await refreshFiles();
  return done;
}

async function onMakeFolder(event) {
  event.preventDefault();
  const name = $('mkdir-name').value.trim();
  if (name === '') return;
  if (name.includes('/')) {
    setText('files-status', `A folder name cannot hold '/': ${name}`);
    return;
  }
  const path = mfsChild(name);
  if (await changeFiles(`Making ${path}`, `Could not make ${path}`, () => rpc('files/mkdir', { arg: path }))) {
    $('mkdir-name').value = '';
  }
}

async function removeEntry(name) {
  const path = mfsChild(name);
  if (!confirm(`Remove ${path} from Files? A folder goes with everything in it.`)) return;
  await changeFiles(`Removing ${path}`, `Could not remove ${path}`, () => rpc('files/rm', { arg: path, r: 'true' }));
}

function wireFiles() {
  $('mkdir-form').addEventListener('submit', onMakeFolder);
  renderCrumbs();
}
