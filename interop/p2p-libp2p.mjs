// A js-libp2p node (TCP, Noise or TLS, Yamux, Identify, Ping) that Cairn's libp2p host talks to.
//
// Usage: node p2p-libp2p.mjs <cairn-multiaddr-with-/p2p/> [Ed25519|secp256k1|RSA] [noise|tls]
// (the key type of this node's identity, Ed25519 by default; its only security protocol, Noise
// by default: @libp2p/noise or @libp2p/tls, which offers its muxers in ALPN)
// 1. Listens on 127.0.0.1 and prints {"peerId", "addrs"} as the first line.
// 2. Dials Cairn, pings it, waits for Identify of Cairn, and prints
//    {"rtt", "agentVersion", "protocolVersion", "protocols", "listenAddrs", "observedAddr"}.
// 3. Keeps serving (Cairn pings and identifies it), reading commands from standard input:
//    "register" handles /cairn/test/js-late/1.0.0 (which js-libp2p announces to connected peers
//    by Identify push) and prints {"registered": true}; "protocols" prints {"cairnProtocols"}, the
//    protocols its peer store holds for Cairn, once they include /cairn/test/late/1.0.0 (pushed by
//    Cairn) or after 10 s. When standard input ends it prints {"inboundPeers": [...]} (the peers
//    that opened connections to it) and exits.
import { generateKeyPair } from '@libp2p/crypto/keys'
import { identify, identifyPush } from '@libp2p/identify'
import { noise } from '@libp2p/noise'
import { ping } from '@libp2p/ping'
import { tls } from '@libp2p/tls'
import { tcp } from '@libp2p/tcp'
import { yamux } from '@libp2p/yamux'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { createInterface } from 'node:readline'
import { createLibp2p } from 'libp2p'

const [target, keyType = 'Ed25519', security = 'noise'] = process.argv.slice(2)
if (target == null) {
  console.error('usage: p2p-libp2p.mjs <cairn-multiaddr> [key type]')
  process.exit(2)
}

const node = await createLibp2p({
  privateKey: await generateKeyPair(keyType),
  addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
  transports: [tcp()],
  connectionEncrypters: [security === 'tls' ? tls() : noise()],
  streamMuxers: [yamux()],
  services: { identify: identify(), identifyPush: identifyPush(), ping: ping() }
})

const inbound = new Set()
node.addEventListener('connection:open', (evt) => {
  if (evt.detail.direction === 'inbound') {
    inbound.add(evt.detail.remotePeer.toString())
  }
})

console.log(JSON.stringify({
  security,
  peerId: node.peerId.toString(),
  addrs: node.getMultiaddrs().map((a) => a.toString())
}))

let failed = false
try {
  const ma = multiaddr(target)
  const identified = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no identify of Cairn in 20 s')), 20_000)
    node.addEventListener('peer:identify', (evt) => {
      if (evt.detail.peerId.toString() === ma.getComponents().find((c) => c.name === 'p2p')?.value) {
        clearTimeout(timer)
        resolve(evt.detail)
      }
    })
  })
  const rtt = await node.services.ping.ping(ma, { signal: AbortSignal.timeout(20_000) })
  const id = await identified
  console.log(JSON.stringify({
    rtt,
    agentVersion: id.agentVersion,
    protocolVersion: id.protocolVersion,
    protocols: id.protocols,
    listenAddrs: id.listenAddrs.map((a) => a.toString()),
    observedAddr: id.observedAddr?.toString() ?? null
  }))
} catch (err) {
  console.error(err)
  failed = true
}

if (!failed) {
  // Serve until Cairn is done with its own pings, Identify and pushes.
  const cairn = peerIdFromString(multiaddr(target).getComponents().find((c) => c.name === 'p2p').value)
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'register') {
      await node.handle('/cairn/test/js-late/1.0.0', () => {})
      console.log(JSON.stringify({ registered: true }))
    } else if (line === 'protocols') {
      const deadline = Date.now() + 10_000
      let protocols = []
      while (Date.now() < deadline) {
        protocols = (await node.peerStore.get(cairn)).protocols
        if (protocols.includes('/cairn/test/late/1.0.0')) break
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      console.log(JSON.stringify({ cairnProtocols: protocols }))
    }
  }
  console.log(JSON.stringify({ inboundPeers: [...inbound] }))
}
await node.stop()
process.exit(failed ? 1 : 0)
