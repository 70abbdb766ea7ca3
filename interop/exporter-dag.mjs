// Imports the tree under <dir> with the JS UnixFS importer in several profiles (layouts, leaf
// kinds, CID versions, HAMT sharding) and prints JSON lines for the exporter interop test:
//   {"t":"entry","profile","path","cid"}          every file and symlink as the importer reported
//                                                 it, every directory as the JS exporter resolves it
//   {"t":"dir","profile","dir"}                   each directory, before its listing
//   {"t":"ls","profile","dir","name","cid","tsize","type","unixfsType","size","mode","mtime"}
//                                                 what ipfs-unixfs-exporter lists, in its order
//   {"t":"block","cid","data"}                    every block, base64
//   {"t":"profile","name","fileMeta"}             a profile, and whether its files keep metadata
// Entries whose name starts with "meta-" keep their mode and mtime, except files in profiles with
// dag-pb leaves that reduce a single leaf to the root: there this importer version stores the
// encoded leaf block as the file's data when it adds metadata (Kubo stores the file bytes), so
// such files are imported without metadata.
import { importer } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced, trickle } from 'ipfs-unixfs-importer/layout'
import { exporter } from 'ipfs-unixfs-exporter'
import { base32 } from 'multiformats/bases/base32'
import fs from 'node:fs'
import path from 'node:path'

const dir = process.argv[2]
const out = (obj) => process.stdout.write(JSON.stringify(obj, (k, v) => typeof v === 'bigint' ? Number(v) : v) + '\n')

const blocks = new Map()
const key = (cid) => base32.encode(cid.multihash.bytes)
const store = {
  async put (cid, bytes) {
    if (!(bytes instanceof Uint8Array)) {
      const parts = []
      for await (const p of bytes) parts.push(p)
      bytes = Buffer.concat(parts)
    }
    blocks.set(key(cid), { cid, bytes })
    return cid
  },
  * get (cid) {
    const b = blocks.get(key(cid))
    if (b == null) throw new Error(`block ${cid} not found`)
    yield b.bytes
  },
  async has (cid) { return blocks.has(key(cid)) }
}

function candidates (root) {
  const list = []
  const walk = (abs, rel) => {
    const st = fs.lstatSync(abs, { bigint: true })
    const meta = path.basename(abs).startsWith('meta-')
      ? { mode: Number(st.mode & 0o7777n), mtime: { secs: st.mtimeNs / 1000000000n, nsecs: Number(st.mtimeNs % 1000000000n) } }
      : {}
    if (st.isSymbolicLink()) {
      list.push({ path: rel, link: fs.readlinkSync(abs), ...meta })
    } else if (st.isDirectory()) {
      list.push({ path: rel, ...meta })
      for (const name of fs.readdirSync(abs).sort()) walk(path.join(abs, name), rel + '/' + name)
    } else {
      list.push({ path: rel, content: fs.readFileSync(abs), ...meta })
    }
  }
  walk(root, 'tree')
  return list
}

const profiles = {
  'kubo-v0': { cidVersion: 0, rawLeaves: false, reduceSingleLeafToSelf: true, fileMeta: false },
  'v1-raw-sharded': { cidVersion: 1, rawLeaves: true, chunker: fixedSize({ chunkSize: 1048576 }), layout: balanced({ maxChildrenPerNode: 1024 }), shardSplitThresholdBytes: 1000 },
  'deep-balanced-fanout16': { cidVersion: 1, rawLeaves: true, chunker: fixedSize({ chunkSize: 1000 }), layout: balanced({ maxChildrenPerNode: 3 }), shardSplitThresholdBytes: 1000, shardFanoutBits: 4 },
  'trickle-unixfs-raw-leaves': { cidVersion: 0, rawLeaves: false, leafType: 'raw', reduceSingleLeafToSelf: false, chunker: fixedSize({ chunkSize: 4096 }), layout: trickle({ maxChildrenPerNode: 5, layerRepeat: 2 }) },
  'trickle-raw': { cidVersion: 1, rawLeaves: true, chunker: fixedSize({ chunkSize: 2048 }), layout: trickle() }
}

const input = candidates(path.join(dir, 'tree'))
for (const [profile, { fileMeta = true, ...options }] of Object.entries(profiles)) {
  out({ t: 'profile', name: profile, fileMeta })
  const source = fileMeta
    ? input
    : input.map(c => c.content == null ? c : { path: c.path, content: c.content })
  let root
  for await (const entry of importer(source, store, options)) {
    if (entry.path === 'tree') root = entry.cid
    // This importer version reports a directory inside a sharded directory under its parent's
    // path, so directories are located with the JS exporter below instead.
    if (entry.unixfs?.isDirectory() !== true) {
      out({ t: 'entry', profile, path: entry.path, cid: entry.cid.toString() })
    }
  }
  for (const c of source.filter(c => c.content == null && c.link == null)) {
    const node = await exporter(c.path === 'tree' ? root : `${root}/${c.path.slice('tree/'.length)}`, store)
    out({ t: 'entry', profile, path: c.path, cid: node.cid.toString() })
    out({ t: 'dir', profile, dir: c.path })
    for await (const e of node.entries()) {
      const child = await exporter(e.cid, store)
      const u = child.unixfs
      out({
        t: 'ls',
        profile,
        dir: c.path,
        name: e.name,
        cid: e.cid.toString(),
        tsize: e.size,
        type: child.type,
        unixfsType: u?.type ?? null,
        size: child.size,
        mode: u?.mode ?? null,
        mtime: u?.mtime == null ? null : { secs: u.mtime.secs, nsecs: u.mtime.nsecs ?? 0 }
      })
    }
  }
}
for (const { cid, bytes } of blocks.values()) {
  out({ t: 'block', cid: cid.toString(), data: Buffer.from(bytes).toString('base64') })
}
