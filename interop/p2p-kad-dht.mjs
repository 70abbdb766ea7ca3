// A js-libp2p node with @libp2p/kad-dht as a DHT server on 127.0.0.1 (LAN settings: loopback
// addresses kept), which a Cairn test drives over a line protocol.
//
// Usage: node p2p-kad-dht.mjs [--lan]
// With --lan the DHT is configured as a LAN DHT, as libp2p's dual DHT runs one: the protocol
// /ipfs/lan/kad/1.0.0 and removePublicAddressesMapper (private addresses only, 127.0.0.1 included);
// without it, /ipfs/kad/1.0.0 with every address kept.
// 1. Listens on 127.0.0.1 and prints {"peerId", "addrs"} as the first line.
// 2. Reads one JSON command a line on standard input and answers each with one JSON line
//    ({"error": "..."} when it fails):
//      {"op": "dial", "addr": A}         connects to A (ending in /p2p/ID) and waits until the peer
//                                        is in the routing table -> {"routingTable": [ids]}
//      {"op": "provide", "cid": C}       announces this node as a provider of C -> {"ok": true}
//      {"op": "findProviders", "cid": C} looks the providers of C up through the DHT
//                                        -> {"providers": [{"id", "addrs"}]}
//      {"op": "findPeer", "id": P}       looks a peer's addresses up -> {"id", "addrs"}
//      {"op": "publishIpns", "seed": HEX, "value": PATH, "sequence": N}
//                                        signs an IPNS record (npm ipns) with the Ed25519 key of
//                                        the 32-byte seed and puts it to the DHT
//                                        -> {"name": base36 name, "record": base64}
//      {"op": "getIpns", "name": NAME}   gets the name's records from the DHT (checked by the ipns
//                                        validator) and picks the best -> {"value", "sequence"}
// 3. Exits when standard input ends.
import { identify } from '@libp2p/identify'
import { kadDHT, passthroughMapper, removePublicAddressesMapper } from '@libp2p/kad-dht'
import { noise } from '@libp2p/noise'
import { peerIdFromString } from '@libp2p/peer-id'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { yamux } from '@libp2p/yamux'
import { multiaddr } from '@multiformats/multiaddr'
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import { createIPNSRecord, marshalIPNSRecord, multihashToIPNSRoutingKey, unmarshalIPNSRecord } from 'ipns'
import { ipnsSelector } from 'ipns/selector'
import { ipnsValidator } from 'ipns/validator'
import { createLibp2p } from 'libp2p'
import { base36 } from 'multiformats/bases/base36'
import { CID } from 'multiformats/cid'
import { serveCommands } from './p2p-line-protocol.mjs'

const TIMEOUT_MS = 30_000
const LAN = process.argv.includes('--lan')

const node = await createLibp2p({
  addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  services: {
    identify: identify(),
    ping: ping(),
    dht: kadDHT({
      protocol: LAN ? '/ipfs/lan/kad/1.0.0' : '/ipfs/kad/1.0.0',
      clientMode: false,
      // Keep 127.0.0.1 addresses: the default mapper drops private ones, as on the public DHT.
      peerInfoMapper: LAN ? removePublicAddressesMapper : passthroughMapper,
      allowQueryWithZeroPeers: true,
      validators: { ipns: ipnsValidator },
      selectors: { ipns: ipnsSelector }
    })
  }
})

console.log(JSON.stringify({
  peerId: node.peerId.toString(),
  addrs: node.getMultiaddrs().map((a) => a.toString())
}))

const show = (p) => ({ id: p.id.toString(), addrs: p.multiaddrs.map((a) => a.toString()) })

async function inRoutingTable (peer, signal) {
  while (!(await node.services.dht.routingTable.find(peer))) {
    signal.throwIfAborted()
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

async function run (cmd) {
  const signal = AbortSignal.timeout(TIMEOUT_MS)
  switch (cmd.op) {
    case 'dial': {
      const ma = multiaddr(cmd.addr)
      const conn = await node.dial(ma, { signal })
      await inRoutingTable(conn.remotePeer, signal)
      return { routingTable: [...node.services.dht.routingTable.kb.toIterable()].map((c) => c.peerId.toString()) }
    }
    case 'provide':
      await node.contentRouting.provide(CID.parse(cmd.cid), { signal })
      return { ok: true }
    case 'findProviders': {
      const providers = []
      for await (const p of node.contentRouting.findProviders(CID.parse(cmd.cid), { signal })) {
        providers.push(show(p))
        break
      }
      return { providers }
    }
    case 'findPeer':
      return show(await node.peerRouting.findPeer(peerIdFromString(cmd.id), { signal }))
    case 'publishIpns': {
      const key = await generateKeyPairFromSeed('Ed25519', Buffer.from(cmd.seed, 'hex'))
      const record = await createIPNSRecord(key, cmd.value, BigInt(cmd.sequence), 60 * 60 * 1000)
      const bytes = marshalIPNSRecord(record)
      const routingKey = multihashToIPNSRoutingKey(key.publicKey.toMultihash())
      for await (const event of node.services.dht.put(routingKey, bytes, { signal })) {
        if (event.name === 'QUERY_ERROR') {
          process.stderr.write(`put: ${event.error?.message}\n`)
        }
      }
      return { name: key.publicKey.toCID().toString(base36), record: Buffer.from(bytes).toString('base64') }
    }
    case 'getIpns': {
      const digest = peerIdFromString(cmd.name).toMultihash()
      const routingKey = multihashToIPNSRoutingKey(digest)
      const found = []
      for await (const event of node.services.dht.get(routingKey, { signal })) {
        if (event.name === 'VALUE') {
          try {
            await ipnsValidator(routingKey, event.value)
            found.push(event.value)
          } catch (err) {
            process.stderr.write(`invalid record from ${event.from}: ${err.message}\n`)
          }
        }
      }
      if (found.length === 0) {
        throw new Error('no valid record found')
      }
      const best = unmarshalIPNSRecord(found[ipnsSelector(routingKey, found)])
      return { value: best.value, sequence: best.sequence.toString() }
    }
    default:
      throw new Error(`unknown op ${cmd.op}`)
  }
}

await serveCommands(run)
await node.stop()
process.exit(0)
