// A js-libp2p node (TCP, Noise, Yamux, Identify, Ping) with a pubsub router that Cairn's floodsub
// or gossipsub router exchanges messages with: @libp2p/gossipsub (the former @chainsafe/libp2p-gossipsub, with
// its default fallbackToFloodsub) or @libp2p/floodsub. Messages are signed (StrictSign, both
// routers' default).
//
// Usage: node p2p-pubsub.mjs [gossipsub|floodsub]
// 1. Listens on 127.0.0.1 and prints {"peerId", "addrs"}.
// 2. Answers commands on standard input (the line protocol of p2p-line-protocol.mjs):
//    {"op": "connect", "addr": MULTIADDR} dials it and answers {"connected": true};
//    {"op": "subscribe", "topic": T} subscribes and answers {"subscribed": T};
//    {"op": "subscriber", "topic": T, "peer": ID} waits up to 20 s until the router knows the peer
//    subscribes to T and answers {"subscribers": [...]};
//    {"op": "mesh", "topic": T, "peer": ID} (gossipsub) waits up to 20 s until the peer is in this
//    node's mesh for T and answers {"mesh": [...]};
//    {"op": "publish", "topic": T, "data": TEXT} publishes and answers {"recipients": N};
//    {"op": "messages", "topic": T, "count": N} waits up to 20 s for N messages on T and answers
//    {"messages": [{"from", "data", "seqno", "topic", "signed"}]}, every message received on T.
//    Exits when standard input ends.
import { floodsub } from '@libp2p/floodsub'
import { gossipsub } from '@libp2p/gossipsub'
import { identify } from '@libp2p/identify'
import { noise } from '@libp2p/noise'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { yamux } from '@libp2p/yamux'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import { serveCommands, until } from './p2p-line-protocol.mjs'

const router = process.argv[2] ?? 'gossipsub'
const node = await createLibp2p({
  addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  services: {
    identify: identify(),
    ping: ping(),
    pubsub: router === 'floodsub' ? floodsub() : gossipsub({ fallbackToFloodsub: true })
  }
})
const pubsub = node.services.pubsub

const received = new Map()
pubsub.addEventListener('message', (evt) => {
  const m = evt.detail
  const list = received.get(m.topic) ?? []
  list.push({
    from: m.from?.toString(),
    data: new TextDecoder().decode(m.data),
    seqno: m.sequenceNumber?.toString(),
    topic: m.topic,
    signed: m.type === 'signed'
  })
  received.set(m.topic, list)
})

console.log(JSON.stringify({
  peerId: node.peerId.toString(),
  addrs: node.getMultiaddrs().map((a) => a.toString())
}))

await serveCommands(async (cmd) => {
  if (cmd.op === 'connect') {
    await node.dial(multiaddr(cmd.addr), { signal: AbortSignal.timeout(20_000) })
    return { connected: true }
  }
  if (cmd.op === 'subscribe') {
    pubsub.subscribe(cmd.topic)
    return { subscribed: cmd.topic }
  }
  if (cmd.op === 'subscriber') {
    const subscribers = () => pubsub.getSubscribers(cmd.topic).map((p) => p.toString())
    await until(() => subscribers().includes(cmd.peer), `${cmd.peer} on ${cmd.topic}`)
    return { subscribers: subscribers() }
  }
  if (cmd.op === 'mesh') {
    const mesh = () => pubsub.getMeshPeers(cmd.topic).map((p) => p.toString())
    await until(() => mesh().includes(cmd.peer), `${cmd.peer} in the mesh of ${cmd.topic}`)
    return { mesh: mesh() }
  }
  if (cmd.op === 'publish') {
    const result = await pubsub.publish(cmd.topic, new TextEncoder().encode(cmd.data))
    return { recipients: result?.recipients?.length ?? -1 }
  }
  if (cmd.op === 'messages') {
    await until(() => (received.get(cmd.topic) ?? []).length >= cmd.count, `${cmd.count} messages`)
    return { messages: received.get(cmd.topic) }
  }
  throw new Error(`unknown op ${cmd.op}`)
})
await node.stop()
process.exit(0)
