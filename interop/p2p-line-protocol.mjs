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
