// A Helia node with IPNS over pubsub (@helia/ipns's pubsub routing: @libp2p/floodsub and
// @libp2p/fetch over TCP, Noise, Yamux, Identify) that a Cairn test drives over a line protocol.
//
// Usage: node ipns-pubsub.mjs
// 1. Listens on 127.0.0.1 and prints {"peerId", "addrs"} as the first line.
// 2. Reads one JSON command a line on standard input and answers each with one JSON line
//    ({"error": "..."} when it fails):
//      {"op": "dial", "addr": A}              connects to A (ending in /p2p/ID) -> {"ok": true}
//      {"op": "publish", "key": K, "value": V} publishes V (a /ipfs/ path) under the key named K
//                                             through the pubsub routing -> {"name", "sequence"}
//      {"op": "subscriber", "topic": T, "peer": P}  waits up to 20 s until P subscribes to T
//                                             -> {"subscribers": [...]}
//      {"op": "resolve", "name": N}           resolves N (a peer ID), without the cache,
//                                             through the local store and the pubsub routing
//                                             -> {"value"}
//    Records received are validated by Helia against the topic's key.
// 3. Exits when standard input ends.
import { ipns, pubSubIPNSRouting } from '@helia/ipns'
import { withLibp2pLight } from '@helia/libp2p'
import { fetch } from '@libp2p/fetch'
import { floodsub } from '@libp2p/floodsub'
import { identify } from '@libp2p/identify'
import { peerIdFromString } from '@libp2p/peer-id'
import { noise } from '@libp2p/noise'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { yamux } from '@libp2p/yamux'
import { multiaddr } from '@multiformats/multiaddr'
import { createHeliaLight } from 'helia'
import { serveCommands, until } from './p2p-line-protocol.mjs'

const helia = withLibp2pLight(createHeliaLight({}), {
  addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  services: {
    identify: identify(),
    ping: ping(),
    pubsub: floodsub(),
    fetch: fetch()
  }
})
// the pubsub routing needs the started libp2p node
await helia.start()
const routing = pubSubIPNSRouting(helia)
const names = ipns(helia, { routers: [routing] })
await routing.start()

console.log(JSON.stringify({
  peerId: helia.libp2p.peerId.toString(),
  addrs: helia.libp2p.getMultiaddrs().map((a) => a.toString())
}))

await serveCommands(async (cmd) => {
  if (cmd.op === 'dial') {
    await helia.libp2p.dial(multiaddr(cmd.addr), { signal: AbortSignal.timeout(20_000) })
    return { ok: true }
  }
  if (cmd.op === 'publish') {
    const { name, record } = await names.publish(cmd.key, cmd.value)
    return { name, sequence: record.sequence.toString() }
  }
  if (cmd.op === 'subscriber') {
    const pubsub = helia.libp2p.services.pubsub
    const subscribers = () => pubsub.getSubscribers(cmd.topic).map((p) => p.toString())
    await until(() => subscribers().includes(cmd.peer), `${cmd.peer} on ${cmd.topic}`)
    return { subscribers: subscribers() }
  }
  if (cmd.op === 'resolve') {
    let value
    for await (const result of names.resolve(peerIdFromString(cmd.name).toMultihash(), { nocache: true })) {
      value = result.value
    }
    return { value }
  }
  throw new Error(`unknown op ${cmd.op}`)
})
await helia.stop()
process.exit(0)
