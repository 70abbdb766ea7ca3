// A Helia node (TCP, Noise and TLS, Yamux, Identify, Bitswap as its only block broker, blocks in memory)
// for bench/p2p.
//
// Usage:
//   node bench-p2p.mjs serve <file>
//     imports the file with @helia/unixfs' defaults (CIDv1, raw leaves, 1 MiB chunks, 1024 links),
//     prints {"peerId", "addrs", "cid", "importSeconds"} and serves its blocks until standard
//     input ends;
//   node bench-p2p.mjs fetch <multiaddr-with-/p2p/> <cid>
//     dials the peer, reads the whole file with unixfs cat (every block fetched over Bitswap and
//     hash-checked) and prints {"bytes", "seconds"} (the dial left out).
import { createReadStream } from 'node:fs'
import { identify } from '@libp2p/identify'
import { noise } from '@libp2p/noise'
import { tcp } from '@libp2p/tcp'
import { tls } from '@libp2p/tls'
import { yamux } from '@libp2p/yamux'
import { unixfs } from '@helia/unixfs'
import { multiaddr } from '@multiformats/multiaddr'
import { MemoryBlockstore } from 'blockstore-core'
import { MemoryDatastore } from 'datastore-core'
import { withBitswap } from '@helia/bitswap'
import { withLibp2pLight } from '@helia/libp2p'
import { createHeliaLight } from 'helia'
import { CID } from 'multiformats/cid'

const [mode, ...args] = process.argv.slice(2)
if (mode !== 'serve' && mode !== 'fetch') {
  console.error('usage: bench-p2p.mjs serve <file> | fetch <multiaddr> <cid>')
  process.exit(2)
}

// Bitswap as the only block broker (no HTTP gateways), libp2p with nothing but what is needed.
const helia = withBitswap(withLibp2pLight(createHeliaLight({
  datastore: new MemoryDatastore(),
  blockstore: new MemoryBlockstore()
}), {
  addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
  transports: [tcp()],
  // Helia's own default order: Noise when this node dials, TLS when a Cairn node dials it
  connectionEncrypters: [noise(), tls()],
  streamMuxers: [yamux()],
  services: { identify: identify() }
}))
await helia.start()
const libp2p = helia.libp2p
const fs = unixfs(helia)

if (mode === 'serve') {
  const [file] = args
  const start = performance.now()
  const cid = await fs.addByteStream(createReadStream(file))
  console.log(JSON.stringify({
    peerId: libp2p.peerId.toString(),
    addrs: libp2p.getMultiaddrs().map((a) => a.toString()),
    cid: cid.toString(),
    importSeconds: (performance.now() - start) / 1000
  }))
  process.stdin.resume()
  await new Promise((resolve) => process.stdin.on('end', resolve))
} else {
  const [target, cidText] = args
  await libp2p.dial(multiaddr(target), { signal: AbortSignal.timeout(20_000) })
  const start = performance.now()
  let bytes = 0
  for await (const chunk of fs.cat(CID.parse(cidText), { signal: AbortSignal.timeout(600_000) })) {
    bytes += chunk.byteLength
  }
  console.log(JSON.stringify({ bytes, seconds: (performance.now() - start) / 1000 }))
}
await helia.stop()
process.exit(0)
