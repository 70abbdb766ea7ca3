// Drives the dashboard's Files card (the node's MFS) in headless Chromium, as a person would:
// reads the root folder, opens a folder, makes a folder there (and, again, one that exists), removes
// it, adds a file into the folder through the upload box, waits for the page's refresh, and goes
// back to the root. After each change it asks the node itself, through files/ls and files/stat.
//
//   node webui-files.mjs API_URL FILE FOLDER OUT_DIR
//
// API_URL is the node's API base (http://127.0.0.1:PORT); FOLDER is a folder name at the MFS root;
// FILE is uploaded into it; a shot of the card goes to OUT_DIR. Prints one JSON object with what
// the page showed and what the node answered, for the test to check.
import { join } from 'node:path'
import { openDashboard } from './webui-browser.mjs'

const [apiUrl, file, folder, outDir] = process.argv.slice(2)
if (!apiUrl || !file || !folder || !outDir) {
  console.error('usage: node webui-files.mjs API_URL FILE FOLDER OUT_DIR')
  process.exit(2)
}
const NEW_FOLDER = 'made-here'

/** One RPC command, as the CLI's client calls it (no Origin header). */
async function rpc (command, params) {
  const url = new URL(`/api/v0/${command}`, apiUrl)
  for (const [k, v] of Object.entries(params)) url.searchParams.append(k, v)
  const res = await fetch(url, { method: 'POST' })
  const text = await res.text()
  if (!res.ok) throw new Error(`${command}: ${res.status} ${text}`)
  return JSON.parse(text)
}

const node = async path => ({
  stat: await rpc('files/stat', { arg: path }),
  entries: (await rpc('files/ls', { arg: path, long: 'true' })).Entries
})

const { browser, page, report } = await openDashboard(apiUrl)
try {
  const text = async sel => (await page.textContent(sel))?.trim()
  const card = async () => ({
    crumbs: await page.$$eval('#files-crumbs li', lis => lis.map(li => li.textContent)),
    current: await text('#files-crumbs [aria-current]'),
    cid: await text('#files-cid'),
    cidHref: await page.getAttribute('#files-cid', 'href'),
    size: await text('#files-size'),
    error: (await page.isVisible('#files-error')) ? await text('#files-error') : null,
    status: await text('#files-status'),
    emptyVisible: await page.isVisible('#files-empty'),
    rows: await page.$$eval('#files-table tbody tr', rows => rows.map(r => ({
      name: r.cells[0].textContent,
      title: r.cells[0].title,
      folder: r.cells[0].querySelector('button') !== null,
      href: r.cells[0].querySelector('a')?.href ?? null,
      elements: r.cells[0].querySelectorAll(':not(a):not(button)').length,
      cid: r.cells[1].title,
      size: r.cells[2].textContent,
      remove: r.cells[3].querySelector('button')?.getAttribute('aria-label') ?? null
    })))
  })
  const rowShown = (title, shown) => page.waitForFunction(([t, s]) =>
    [...document.querySelectorAll('#files-table tbody td:first-child')].some(td => td.title === t) === s,
  [title, shown], { timeout: 20000 })
  const showing = cid => page.waitForFunction(c => document.getElementById('files-cid').textContent === c,
    cid, { timeout: 20000 })

  report.root = await card()

  await page.click(`#files-table button[aria-label="Open folder ${folder}"]`)
  const inFolder = await node(`/${folder}`)
  await showing(inFolder.stat.Hash)
  report.folder = { card: await card(), node: inFolder }

  await page.fill('#mkdir-name', NEW_FOLDER)
  await page.click('#mkdir-form button[type="submit"]')
  await rowShown(NEW_FOLDER, true)
  report.made = { card: await card(), node: await node(`/${folder}`), input: await page.inputValue('#mkdir-name') }

  // the same name again: the node's error, in the card
  await page.fill('#mkdir-name', NEW_FOLDER)
  await page.click('#mkdir-form button[type="submit"]')
  await page.waitForFunction(() => document.getElementById('files-status').textContent.startsWith('Could not'),
    null, { timeout: 20000 })
  report.madeAgain = { card: await card(), input: await page.inputValue('#mkdir-name') }
  await page.fill('#mkdir-name', '')

  page.once('dialog', d => {
    report.confirm = d.message()
    d.accept()
  })
  await page.click(`#files-table button[aria-label="Remove ${NEW_FOLDER}"]`)
  await rowShown(NEW_FOLDER, false)
  report.removed = { card: await card(), node: await node(`/${folder}`) }

  await page.check('#opt-to-files')
  report.toFilesLabel = await text('label:has(#opt-to-files)')
  await page.setInputFiles('#file-input', file)
  await page.click('#upload-button')
  await page.waitForSelector('#upload-result:not([hidden])', { timeout: 30000 })
  const uploaded = await text('#result-name')
  await rowShown(uploaded, true)
  report.uploaded = {
    cid: await text('#result-cid'),
    status: await text('#upload-status'),
    card: await card(),
    node: await node(`/${folder}`)
  }
  await page.locator('#files-card').screenshot({ path: join(outDir, 'dashboard-files.png') })

  // a refresh of the whole page (every 5 s) keeps the folder
  await page.evaluate(() => { delete document.body.dataset.loaded })
  await page.waitForSelector('body[data-loaded="true"]', { timeout: 20000 })
  report.refreshed = await card()

  await page.click('#files-crumbs button[aria-label="Go to /"]')
  const root = await node('/')
  await showing(root.stat.Hash)
  report.back = { card: await card(), node: root }
} finally {
  await browser.close()
}
console.log(JSON.stringify(report))
