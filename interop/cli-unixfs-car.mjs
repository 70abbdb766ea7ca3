// Reference CAR files for the CLI's interop test: a file of seeded bytes imported by
// ipfs-unixfs-importer with Kubo's default parameters (CIDv0, dag-pb leaves, 256 KiB chunks,
// balanced layout of 174 links), written by @ipld/car as a CARv1 whose root is the file, blocks
// in depth-first order.
//
//   node cli-unixfs-car.mjs write CAR DATA SEED SIZE
//
// writes the file's bytes to DATA and the CAR to CAR, and prints
// {"root": cid, "blocks": [cid...], "sha256": hex of the file's bytes}
import { importer } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'
import { CarWriter } from '@ipld/car'
import * as dagPb from '@ipld/dag-pb'
import { createHash } from 'node:crypto'
import { writeFileSync } from 'node:fs'

/** Seeded bytes (mulberry32), the same for the same seed and size. */
function seeded (seed, size) {
  let a = seed >>> 0
  const out = new Uint8Array(size)
  for (let i = 0; i < size; i++) {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    out[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff
  }
  return out
}

/** Just enough of a blockstore for the importer: puts, and gets back for the CAR writer. */
function memoryBlocks () {
  const map = new Map()
  return {
    map,
    async put (cid, bytes) {
      const chunks = []
      if (bytes instanceof Uint8Array) chunks.push(bytes)
      else for await (const c of bytes) chunks.push(c)
      map.set(cid.toString(), { cid, bytes: Buffer.concat(chunks) })
      return cid
    },
    async has (cid) { return map.has(cid.toString()) }
  }
}

async function write (carPath, dataPath, seed, size) {
  const data = seeded(seed, size)
  writeFileSync(dataPath, data)
  const blocks = memoryBlocks()
  let root
  for await (const entry of importer([{ content: data }], blocks, {
    cidVersion: 0,
    rawLeaves: false,
    chunker: fixedSize({ chunkSize: 262144 }),
    layout: balanced({ maxChildrenPerNode: 174 }),
    reduceSingleLeafToSelf: true
  })) {
    root = entry.cid
  }
  // Depth-first, each block once, as Kubo's dag export writes them.
  const order = []
  const seen = new Set()
  const visit = (cid) => {
    if (seen.has(cid.toString())) return
    seen.add(cid.toString())
    const block = blocks.map.get(cid.toString())
    order.push(block)
    if (cid.code === dagPb.code) {
      for (const link of dagPb.decode(block.bytes).Links) visit(link.Hash)
    }
  }
  visit(root)
  const { writer, out } = CarWriter.create([root])
  const chunks = []
  const collect = (async () => { for await (const c of out) chunks.push(c) })()
  for (const b of order) await writer.put(b)
  await writer.close()
  await collect
  writeFileSync(carPath, Buffer.concat(chunks))
  const sha256 = createHash('sha256').update(data).digest('hex')
  process.stdout.write(JSON.stringify({ root: root.toString(), blocks: order.map((b) => b.cid.toString()), sha256 }) + '\n')
}

const [cmd, ...args] = process.argv.slice(2)
if (cmd === 'write') {
  const [car, data, seed, size] = args
  await write(car, data, Number(seed), Number(size))
} else {
  process.stderr.write('usage: cli-unixfs-car.mjs write CAR DATA SEED SIZE\n')
  process.exit(2)
}
