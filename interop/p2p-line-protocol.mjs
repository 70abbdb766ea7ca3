// The line protocol of the p2p-*.mjs scripts: one JSON command a line on standard input, one JSON
// answer a line on standard output ({"error": "..."} when the command failed), until input ends.
import { createInterface } from 'node:readline'

export async function serveCommands (run) {
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() === '') continue
    try {
      console.log(JSON.stringify(await run(JSON.parse(line))))
    } catch (err) {
      console.error(err)
      console.log(JSON.stringify({ error: String(err?.message ?? err) }))
    }
  }
}

// Waits up to 20 s, checking every 50 ms, until check() (which may return a promise) is true;
// throws naming what was awaited.
export async function until (check, what) {
  const deadline = Date.now() + 20_000
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after 20 s waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
