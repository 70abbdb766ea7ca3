// A Helia node (js-libp2p over TCP with Noise and TLS, Yamux, Identify, Ping, Bitswap, UnixFS, blocks
// in memory, @libp2p/kad-dht as a server keeping loopback addresses) that a Cairn test drives over
// a line protocol.
//
// Usage: node p2p-helia.mjs
// 1. Listens on 127.0.0.1 and prints {"peerId", "addrs"} as the first line.
// 2. Reads one JSON command a line on standard input and answers each with one JSON line
//    ({"error": "..."} when it fails):
//      {"op": "dial", "addr": A}        connects to A (a multiaddr ending in /p2p/ID) -> {"ok": true}
//      {"op": "addFile", "path": P}     adds the file P -> {"cid"}
//      {"op": "addDir", "path": P}      adds the directory P (its tree, wrapped) -> {"cid"}
//      {"op": "cat", "cid": C}          reads the file C over Bitswap -> {"size", "sha256"}
//      {"op": "provide", "cid": C}      announces C through the DHT -> {"ok": true}
//      {"op": "tree", "cid": C}         reads the directory C and every file under it
//                                       -> {"entries": [{"path", "type", "size", "sha256"}]}
//    Helia checks every block it receives against its CID.
// 3. Exits when standard input ends.
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { withBitswap } from '@helia/bitswap'
import { withLibp2pLight } from '@helia/libp2p'
import { unixfs } from '@helia/unixfs'
import { identify } from '@libp2p/identify'
import { kadDHT, passthroughMapper } from '@libp2p/kad-dht'
import { noise } from '@libp2p/noise'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { tls } from '@libp2p/tls'
import { yamux } from '@libp2p/yamux'
import { multiaddr } from '@multiformats/multiaddr'
import { createHeliaLight } from 'helia'
import { CID } from 'multiformats/cid'
import { serveCommands } from './p2p-line-protocol.mjs'

const TIMEOUT_MS = 120_000

const helia = withBitswap(withLibp2pLight(createHeliaLight({}), {
  addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
  transports: [tcp()],
  // Helia's own default order: Noise when this node dials, TLS when a Cairn node dials it
  connectionEncrypters: [noise(), tls()],
  streamMuxers: [yamux()],
  services: {
    identify: identify(),
    ping: ping(),
    dht: kadDHT({ clientMode: false, peerInfoMapper: passthroughMapper })
  }
}))
await helia.start()
const fs = unixfs(helia)

console.log(JSON.stringify({
  peerId: helia.libp2p.peerId.toString(),
  addrs: helia.libp2p.getMultiaddrs().map((a) => a.toString())
}))

async function * tree (root, rel = '') {
  for (const d of await readdir(join(root, rel), { withFileTypes: true })) {
    const path = rel === '' ? d.name : `${rel}/${d.name}`
    if (d.isDirectory()) {
      yield { path }
      yield * tree(root, path)
    } else {
      yield { path, content: createReadStream(join(root, path)) }
    }
  }
}

async function digest (cid, signal) {
  const hash = createHash('sha256')
  let size = 0
  for await (const chunk of fs.cat(cid, { signal })) {
    hash.update(chunk)
    size += chunk.length
  }
  return { size, sha256: hash.digest('hex') }
}

async function walk (cid, prefix, signal, out) {
  for await (const e of fs.ls(cid, { signal })) {
    const path = prefix === '' ? e.name : `${prefix}/${e.name}`
    // ls names the entries; their kind needs their own block.
    if ((await fs.stat(e.cid, { signal })).type === 'directory') {
      out.push({ path, type: 'directory', size: 0, sha256: null })
      await walk(e.cid, path, signal, out)
    } else {
      out.push({ path, type: 'file', ...(await digest(e.cid, signal)) })
    }
  }
  return out
}

async function run (cmd) {
  const signal = AbortSignal.timeout(TIMEOUT_MS)
  switch (cmd.op) {
    case 'dial':
      await helia.libp2p.dial(multiaddr(cmd.addr), { signal })
      return { ok: true }
    case 'addFile':
      return { cid: (await fs.addByteStream(createReadStream(cmd.path))).toString() }
    case 'addDir': {
      let root = null
      for await (const r of fs.addAll(tree(cmd.path), { wrapWithDirectory: true })) {
        if (r.path === '') root = r.cid
      }
      return { cid: root.toString() }
    }
    case 'provide':
      await helia.routing.provide(CID.parse(cmd.cid), { signal })
      return { ok: true }
    case 'cat':
      return digest(CID.parse(cmd.cid), signal)
    case 'tree':
      return { entries: await walk(CID.parse(cmd.cid), '', signal, []) }
    default:
      throw new Error(`unknown op ${cmd.op}`)
  }
}

await serveCommands(run)
await helia.stop()
process.exit(0)
