// The headless Chromium the dashboard's tests drive: the build shipped inside the npm package
// @sparticuz/chromium (unpacked under interop/node_modules on first use, never installed
// system-wide), driven by playwright-core.
import { mkdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

// Unpack Chromium inside the repo rather than the system temp folder.
const here = dirname(fileURLToPath(import.meta.url))
const chromiumPackage = join(here, 'node_modules', '@sparticuz', 'chromium', 'package.json')
const chromiumVersion = JSON.parse(readFileSync(chromiumPackage, 'utf8')).version
const browserDir = join(here, 'node_modules', `.chromium-${chromiumVersion}`)
mkdirSync(browserDir, { recursive: true })
process.env.TMPDIR = browserDir
const extraLibs = join(here, 'node_modules', '.chromium-libs', 'usr', 'lib', 'x86_64-linux-gnu')
process.env.LD_LIBRARY_PATH = [extraLibs, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':')

const { default: chromium } = await import('@sparticuz/chromium')

/** Unpacks the browser if it is not yet, and gives the path of its executable. */
export async function chromiumPath () {
  return chromium.executablePath()
}

/**
 * Opens API_URL/webui at 1280 x 900 and waits until the page has loaded the node once. The report
 * collects the page's console errors, uncaught errors and failed requests, and where it landed.
 */
export async function openDashboard (apiUrl) {
  const { chromium: playwright } = await import('playwright-core')
  // The package's flags suit a serverless sandbox; same-origin rules stay on here.
  const args = chromium.args.filter(a => a !== '--disable-web-security' && a !== '--allow-running-insecure-content')
  const browser = await playwright.launch({ executablePath: await chromiumPath(), args, headless: true })
  const report = { consoleErrors: [], pageErrors: [], failedRequests: [] }
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 })
    const page = await context.newPage()
    page.on('console', m => {
      if (m.type() === 'error') report.consoleErrors.push({ text: m.text(), url: m.location()?.url })
    })
    page.on('pageerror', e => report.pageErrors.push(String(e)))
    page.on('requestfailed', r => report.failedRequests.push(`${r.method()} ${r.url()}: ${r.failure()?.errorText}`))

    const response = await page.goto(`${apiUrl}/webui`)
    report.finalUrl = page.url()
    report.status = response.status()
    await page.waitForSelector('body[data-loaded="true"]', { timeout: 20000 })
    return { browser, page, report }
  } catch (e) {
    await browser.close()
    throw e
  }
}
