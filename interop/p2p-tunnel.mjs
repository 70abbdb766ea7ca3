// A js-libp2p node (TCP, Noise, Yamux, Identify, Ping) for Cairn's `p2p` tunnels (Kubo's libp2p
// stream mounting): a peer that opens streams to a Cairn listener, and a protocol handler that a
// Cairn forwarder opens streams to.
//
// Usage: node p2p-tunnel.mjs
// 1. Handles /x/js-echo (each stream's bytes are sent back as they come; once the remote side
//    closes its writing, this side closes its own), listens on 127.0.0.1 and prints
//    {"peerId", "addrs"}.
// 2. Answers commands on standard input (the line protocol of p2p-line-protocol.mjs):
//    {"op": "roundtrip", "addr": MULTIADDR/p2p/ID, "protocol": P, "size": N} dials the address,
//    opens a stream of P, sends N random bytes in 64 KiB pieces (waiting when the stream's buffer
//    is full), closes its writing side, reads until the remote side closes, and answers
//    {"sent": SHA256-HEX, "received": SHA256-HEX, "bytes": COUNT-RECEIVED}.
//    Exits when standard input ends.
import { createHash, randomBytes } from 'node:crypto'
import { identify } from '@libp2p/identify'
import { noise } from '@libp2p/noise'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { yamux } from '@libp2p/yamux'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import { serveCommands } from './p2p-line-protocol.mjs'

const node = await createLibp2p({
  addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  services: { identify: identify(), ping: ping() }
})

const bytesOf = (chunk) => chunk.subarray()

await node.handle('/x/js-echo', async (stream) => {
  for await (const chunk of stream) {
    if (!stream.send(bytesOf(chunk))) await stream.onDrain()
  }
  await stream.close()
})

console.log(JSON.stringify({
  peerId: node.peerId.toString(),
  addrs: node.getMultiaddrs().map((a) => a.toString())
}))

await serveCommands(async (cmd) => {
  if (cmd.op === 'roundtrip') {
    const signal = AbortSignal.timeout(60_000)
    const stream = await node.dialProtocol(multiaddr(cmd.addr), cmd.protocol, { signal })
    const data = randomBytes(cmd.size)
    const reading = (async () => {
      const hash = createHash('sha256')
      let count = 0
      for await (const chunk of stream) {
        const b = bytesOf(chunk)
        hash.update(b)
        count += b.length
      }
      return { received: hash.digest('hex'), bytes: count }
    })()
    for (let off = 0; off < data.length; off += 65536) {
      if (!stream.send(data.subarray(off, off + 65536))) await stream.onDrain({ signal })
    }
    await stream.close({ signal })
    const got = await reading
    return { sent: createHash('sha256').update(data).digest('hex'), ...got }
  }
  throw new Error(`unknown op ${cmd.op}`)
})
await node.stop()
process.exit(0)
