// A js-libp2p node with @libp2p/mdns (TCP, Noise, Yamux, Identify, Ping) that finds Cairn on the
// local network, and that Cairn finds.
//
// Usage: node p2p-mdns.mjs
// 1. Listens on 127.0.0.1, queries by mDNS every second, and prints {"peerId", "addrs"}.
// 2. Answers commands on standard input (the line protocol of p2p-line-protocol.mjs):
//    {"op": "discovered", "peer": ID} waits up to 20 s for mDNS to name that peer, dials it and
//    answers {"multiaddrs": [...], "connected": true}; {"op": "connected", "peer": ID} answers
//    {"connected": bool}. Exits when standard input ends.
import { identify } from '@libp2p/identify'
import { mdns } from '@libp2p/mdns'
import { noise } from '@libp2p/noise'
import { peerIdFromString } from '@libp2p/peer-id'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { yamux } from '@libp2p/yamux'
import { createLibp2p } from 'libp2p'
import { serveCommands } from './p2p-line-protocol.mjs'

const found = new Map()
const node = await createLibp2p({
  addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  // a service, so that its own 'peer' events can be heard: libp2p's peer:discovery fires once per
  // new peer, and without addresses when the peer was first met through its own dial (when Cairn
  // heard js first and connected)
  services: { identify: identify(), ping: ping(), mdns: mdns({ interval: 1000 }) }
})
node.services.mdns.addEventListener('peer', (evt) => {
  found.set(evt.detail.id.toString(), evt.detail.multiaddrs.map((a) => a.toString()))
})

console.log(JSON.stringify({
  peerId: node.peerId.toString(),
  addrs: node.getMultiaddrs().map((a) => a.toString())
}))

const connectedTo = (peer) => node.getConnections().some((c) => c.remotePeer.toString() === peer)

await serveCommands(async (cmd) => {
  if (cmd.op === 'discovered') {
    const deadline = Date.now() + 20_000
    while (!found.has(cmd.peer)) {
      if (Date.now() > deadline) throw new Error(`mDNS did not name ${cmd.peer} in 20 s`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    if (!connectedTo(cmd.peer)) {
      await node.dial(peerIdFromString(cmd.peer), { signal: AbortSignal.timeout(20_000) })
    }
    return { multiaddrs: found.get(cmd.peer), connected: connectedTo(cmd.peer) }
  }
  if (cmd.op === 'connected') {
    return { connected: connectedTo(cmd.peer) }
  }
  throw new Error(`unknown op ${cmd.op}`)
})
await node.stop()
process.exit(0)
