// Drives the dashboard of a running Cairn node in headless Chromium, as a person would: opens
// /webui, reads what it shows (the Jobs and pin request cards included), adds a file through its
// upload box, and takes screenshots at 1280 and 800 pixels wide.
//
//   node webui-dashboard.mjs API_URL FILE OUT_DIR
//   node webui-dashboard.mjs --unpack
//
// API_URL is the node's API base (http://127.0.0.1:PORT); FILE is uploaded; the screenshots go to
// OUT_DIR. Prints one JSON object with what the page showed, for the test to check. --unpack only
// unpacks the browser and prints its path (scripts/install-interop.sh checks its libraries).
//
// The browser is the one webui-browser.mjs opens.
import { join } from 'node:path'
import { chromiumPath, openDashboard } from './webui-browser.mjs'

const [apiUrl, file, outDir] = process.argv.slice(2)
if (apiUrl === '--unpack') {
  console.log(await chromiumPath())
  process.exit(0)
}
if (!apiUrl || !file || !outDir) {
  console.error('usage: node webui-dashboard.mjs API_URL FILE OUT_DIR')
  process.exit(2)
}

const { browser, page, report } = await openDashboard(apiUrl)
try {
  const text = async sel => (await page.textContent(sel))?.trim()
  // A whole-page shot from the top: after an element's shot has scrolled the page, the sticky
  // header would otherwise be drawn where the window was, over a card further down.
  const fullPage = async name => {
    await page.evaluate(() => window.scrollTo(0, 0))
    await page.screenshot({ path: join(outDir, name), fullPage: true })
  }
  report.title = await page.title()
  report.connection = await text('#conn-text')
  report.bannerVisible = await page.isVisible('#banner')
  report.peerId = await text('#peer-id')
  report.agent = await text('#agent')
  report.gateway = await text('#gateway-link')
  report.repoSize = await text('#repo-size')
  report.repoBlocks = await text('#repo-blocks')
  report.pinCount = await text('#pin-count')
  report.meterText = await text('#repo-meter-text')
  report.pinRows = await page.$$eval('#pins-table tbody tr', rows => rows.map(r => ({
    cid: r.cells[0].title,
    name: r.cells[1].textContent,
    type: r.cells[2].textContent
  })))
  report.jobCounts = Object.fromEntries(await Promise.all(
    ['queued', 'running', 'done', 'failed', 'cancelled'].map(async s => [s, await text(`#jobs-${s}`)])))
  report.jobRows = await page.$$eval('#jobs-table tbody tr', rows => rows.map(r => ({
    id: r.cells[0].textContent,
    state: r.cells[1].textContent,
    status: r.cells[2].textContent,
    engine: r.cells[3].textContent,
    fuel: r.cells[4].textContent,
    wallTime: r.cells[5].textContent,
    output: r.cells[6].title,
    outputHref: r.cells[6].querySelector('a')?.href ?? null
  })))
  report.jobsEmptyVisible = await page.isVisible('#jobs-empty')
  report.pinRequestCounts = Object.fromEntries(await Promise.all(
    ['queued', 'pinning', 'pinned', 'failed'].map(async s => [s, await text(`#pin-requests-${s}`)])))
  report.pinRequestRows = await page.$$eval('#pin-requests-table tbody tr', rows => rows.map(r => ({
    cid: r.cells[0].title,
    name: r.cells[1].textContent,
    status: r.cells[2].textContent,
    asked: r.cells[3].textContent,
    details: r.cells[4].textContent
  })))
  report.market = { line: await text('#market-line') }
  for (const side of ['node', 'all']) {
    report.market[side] = Object.fromEntries(await Promise.all(
      ['posted', 'claimed', 'disputed', 'paid'].map(async s => [s, await text(`#market-${side}-${s}`)])))
  }
  report.peers = {
    connected: await text('#peers-connected'),
    blocksIn: await text('#bitswap-in'),
    blocksOut: await text('#bitswap-out'),
    wants: await text('#bitswap-wants'),
    routingTable: await text('#dht-table'),
    routingTableLabel: await text('#dht-table-label'),
    provided: await text('#dht-provided'),
    bwIn: await text('#bw-in'),
    bwOut: await text('#bw-out'),
    bwInLabel: await text('#bw-in-label'),
    addresses: await text('#peer-addresses'),
    emptyVisible: await page.isVisible('#peers-empty'),
    rows: await page.$$eval('#peers-table tbody tr', rows => rows.map(r => ({
      peer: r.cells[0].textContent,
      addr: r.cells[1].textContent,
      direction: r.cells[2].textContent,
      security: r.cells[3].textContent,
      agent: r.cells[4].textContent
    })))
  }
  await page.locator('#peers-card').screenshot({ path: join(outDir, 'dashboard-peers.png') })
  await fullPage('dashboard-1280.png')
  await page.locator('#jobs-card').screenshot({ path: join(outDir, 'dashboard-jobs.png') })

  // add a file through the upload box
  await page.setInputFiles('#file-input', file)
  await page.click('#upload-button')
  await page.waitForSelector('#upload-result:not([hidden])', { timeout: 30000 })
  report.upload = {
    cid: await text('#result-cid'),
    name: await text('#result-name'),
    size: await text('#result-size'),
    gatewayHref: await page.getAttribute('#result-gateway', 'href'),
    status: await text('#upload-status')
  }
  await page.waitForFunction(cid => [...document.querySelectorAll('#recent-table tbody td')]
    .some(td => td.title === cid), report.upload.cid, { timeout: 20000 })
  report.recentRows = await page.$$eval('#recent-table tbody tr', rows => rows.map(r => ({
    name: r.cells[0].textContent,
    cid: r.cells[1].title,
    size: r.cells[2].textContent,
    when: r.cells[3].textContent
  })))
  report.pinCountAfter = await text('#pin-count')
  report.pinCidsAfter = await page.$$eval('#pins-table tbody tr', rows => rows.map(r => r.cells[0].title))
  await fullPage('dashboard-1280-after-upload.png')

  // the same page at 800 pixels: one column, nothing wider than the window
  await page.setViewportSize({ width: 800, height: 1000 })
  await page.waitForTimeout(200)
  report.narrow = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    cardLefts: [...document.querySelectorAll('.card')].map(c => Math.round(c.getBoundingClientRect().left))
  }))
  await fullPage('dashboard-800.png')
} finally {
  await browser.close()
}
console.log(JSON.stringify(report))
