// Fetches content through @helia/verified-fetch from a Cairn gateway used as a trustless gateway:
// every block comes from the gateway with ?format=raw and is hash-checked by Helia before use.
//
// Usage: node gateway-verified-fetch.mjs <gateway-url> <resource>[|<range>] ...
//   <resource> is an ipfs:// URL; an optional "|bytes=a-b" asks for a byte range.
// Prints one JSON line per resource: {resource, range, status, length, sha256, contentType}.
import { createHash } from 'node:crypto'
import { fallbackRouter } from '@helia/fallback-router'
import { withHTTP } from '@helia/http'
import { createVerifiedFetch } from '@helia/verified-fetch'
import { createHeliaLight } from 'helia'

const [gateway, ...requests] = process.argv.slice(2)
if (gateway == null || requests.length === 0) {
  console.error('usage: gateway-verified-fetch.mjs <gateway-url> <ipfs-url>[|bytes=a-b] ...')
  process.exit(2)
}

// Helia waits forever when its only content router is a fallback router, so the router that
// names the gateway claims no capabilities and is used as an ordinary one.
const router = fallbackRouter({ gateways: [gateway], shuffle: false })
router.capabilities = () => []

const helia = withHTTP(createHeliaLight({ routers: [router] }), {
  delegatedRouters: [],
  recursiveGateways: [],
  allowInsecure: true,
  allowLocal: true
})
await helia.start()
const verifiedFetch = await createVerifiedFetch(helia)

let failed = false
try {
  for (const request of requests) {
    const [resource, range] = request.split('|')
    const headers = range == null ? {} : { Range: range }
    const response = await verifiedFetch(resource, { headers, signal: AbortSignal.timeout(60_000) })
    const bytes = new Uint8Array(await response.arrayBuffer())
    console.log(JSON.stringify({
      resource,
      range: range ?? null,
      status: response.status,
      length: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      contentType: response.headers.get('content-type')
    }))
  }
} catch (err) {
  console.error(err)
  failed = true
} finally {
  await verifiedFetch.stop()
  await helia.stop()
}
process.exit(failed ? 1 : 0)
