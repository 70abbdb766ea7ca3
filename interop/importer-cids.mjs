// Reference CIDs for the importer's parity tests: runs ipfs-unixfs-importer with Kubo's parameters
// over files and directories walked as Kubo walks them, and prints every entry it yields.
//
//   node importer-cids.mjs '<options json>' <path>...
//
// Options (every value Kubo-resolved by the caller): cidVersion, rawLeaves, chunker ({type:
// 'fixed', size} | {type: 'rabin', min, avg, max} | {type: 'lengths', file: JSON array of chunk
// lengths, replayed}), layout ('balanced' | 'trickle'), maxLinks, hash ('sha2-256' | 'sha2-512'),
// inlineLimit (identity CIDs for blocks up to it), wrapWithDirectory, shardSplitThresholdBytes,
// shardSplitStrategy ('links-bytes' | 'block-bytes'), hamtFanout, preserveMode, preserveMtime,
// hidden. Prints one JSON line {path, cid, size} per entry.
//
//   node importer-cids.mjs '{"mode":"rabin-chunks","min":..,"avg":..,"max":..}' <file>
//
// prints the chunk lengths rabin-wasm cuts (the JS rabin chunker, with its own polynomial).
import fs from 'node:fs'
import path from 'node:path'
import { register } from 'node:module'

const opts = JSON.parse(process.argv[2])
const paths = process.argv.slice(3)

if (opts.mode === 'rabin-chunks') {
  const { create } = await import('rabin-wasm')
  const r = await create(Math.floor(Math.log2(opts.avg)), opts.min, opts.max, 16)
  const out = []
  let cut = 0
  for await (const buf of fs.createReadStream(paths[0])) {
    for (const len of r.fingerprint(buf)) {
      out.push(len)
      cut += len
    }
  }
  const size = fs.statSync(paths[0]).size
  if (cut < size) out.push(size - cut)
  console.log(JSON.stringify(out))
  process.exit(0)
}

// Kubo names blocks with its CID builder (hash function, --inline); the JS importer always uses
// sha2-256, so its persist step is swapped for one that follows the same options.
if ((opts.hash ?? 'sha2-256') !== 'sha2-256' || opts.inlineLimit != null) {
  globalThis.cairnPersist = { hash: opts.hash, inlineLimit: opts.inlineLimit }
  register('./importer-hooks.mjs', import.meta.url)
}

const { importer } = await import('ipfs-unixfs-importer')
const { fixedSize, rabin } = await import('ipfs-unixfs-importer/chunker')
const { balanced, trickle } = await import('ipfs-unixfs-importer/layout')
const { BlackHoleBlockstore } = await import('blockstore-core/black-hole')
const { Uint8ArrayList } = await import('uint8arraylist')

function replay (lengths) {
  return async function * (source) {
    const list = new Uint8ArrayList()
    let i = 0
    for await (const buf of source) {
      list.append(buf)
      while (i < lengths.length && list.length >= lengths[i]) {
        yield list.subarray(0, lengths[i])
        list.consume(lengths[i])
        i++
      }
    }
    if (list.length > 0) yield list.subarray()
  }
}

function chunker () {
  const c = opts.chunker ?? { type: 'fixed', size: 262144 }
  switch (c.type) {
    case 'fixed': return fixedSize({ chunkSize: c.size })
    case 'rabin': return rabin({ minChunkSize: c.min, avgChunkSize: c.avg, maxChunkSize: c.max })
    case 'lengths': return replay(JSON.parse(fs.readFileSync(c.file, 'utf8')))
    default: throw new Error('unknown chunker ' + c.type)
  }
}

function metadata (stat, isSymlink) {
  const m = {}
  // Kubo keeps a symlink's mtime but never its mode.
  if (opts.preserveMode && !isSymlink) m.mode = Number(stat.mode) & 0o7777
  if (opts.preserveMtime) {
    const ns = stat.mtimeNs % 1000000000n
    m.mtime = { secs: stat.mtimeNs / 1000000000n, nsecs: ns > 0n ? Number(ns) : undefined }
  }
  return m
}

function byNameBytes (a, b) {
  return Buffer.compare(Buffer.from(a), Buffer.from(b))
}

// Kubo's walk: arguments by base name, directory entries sorted, hidden ones left out unless
// asked, symlinks kept as symlinks.
function * walk (p, importPath) {
  const stat = fs.lstatSync(p, { bigint: true })
  if (stat.isSymbolicLink()) {
    yield { path: importPath, linkTarget: fs.readlinkSync(p), ...metadata(stat, true) }
  } else if (stat.isDirectory()) {
    yield { path: importPath, ...metadata(stat, false) }
    for (const name of fs.readdirSync(p).sort(byNameBytes)) {
      if (!opts.hidden && name.startsWith('.')) continue
      yield * walk(path.join(p, name), importPath + '/' + name)
    }
  } else {
    yield { path: importPath, content: fs.createReadStream(p), ...metadata(stat, false) }
  }
}

function * candidates () {
  for (const p of paths) {
    for (const e of walk(p, path.basename(p))) {
      if (e.linkTarget != null) {
        const { linkTarget, ...rest } = e
        // the importer's symlink candidate field is 'link'
        yield { ...rest, link: linkTarget }
      } else {
        yield e
      }
    }
  }
}

const trickleLayout = opts.layout === 'trickle'
const options = {
  cidVersion: opts.cidVersion,
  rawLeaves: opts.rawLeaves,
  chunker: chunker(),
  layout: trickleLayout
    ? trickle({ maxChildrenPerNode: opts.maxLinks, layerRepeat: 4 })
    : balanced({ maxChildrenPerNode: opts.maxLinks }),
  // boxo's trickle layout writes Raw-typed dag-pb leaves and keeps a root over a single leaf
  leafType: trickleLayout ? 'raw' : 'file',
  reduceSingleLeafToSelf: !trickleLayout,
  wrapWithDirectory: opts.wrapWithDirectory ?? false,
  shardSplitThresholdBytes: opts.shardSplitThresholdBytes ?? 262144,
  shardSplitStrategy: opts.shardSplitStrategy ?? 'links-bytes',
  shardFanoutBits: Math.log2(opts.hamtFanout ?? 256)
}

for await (const entry of importer(candidates(), new BlackHoleBlockstore(), options)) {
  console.log(JSON.stringify({ path: entry.path, cid: entry.cid.toString(), size: Number(entry.size) }))
}
