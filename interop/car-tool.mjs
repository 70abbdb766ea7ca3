// Reference CAR files for Cairn's CAR reader and writer, from @ipld/car (CARv1 writer, CARv1/v2
// reader) and cardex (CARv2 indexes, in go-car's layout). No npm package writes a whole CARv2, so
// `write-v2` wraps @ipld/car's CARv1 and cardex's index in the CARv2 spec's layout: pragma, 40-byte
// header, optional padding, payload, optional padding, index.
//
//   node car-tool.mjs write OUT SEED COUNT                  a CARv1 of seeded blocks
//   node car-tool.mjs write-v2 OUT SEED COUNT FORMAT PAD    FORMAT: 0x0400, 0x0401 or none
//   node car-tool.mjs read FILE                             roots, blocks and index as JSON
//
// write and write-v2 print the roots and blocks they wrote in the same JSON as read:
// {"version":1,"roots":[cid...],"blocks":[{"cid","size","sha256","verified"}...],"index":...}
import { CarWriter, CarReader, CarBlockIterator, CarIndexer } from '@ipld/car'
import * as dagCbor from '@ipld/dag-cbor'
import * as dagJson from '@ipld/dag-json'
import * as dagPb from '@ipld/dag-pb'
import * as raw from 'multiformats/codecs/raw'
import { CID } from 'multiformats/cid'
import { sha256, sha512 } from 'multiformats/hashes/sha2'
import { identity } from 'multiformats/hashes/identity'
import { IndexSortedWriter, MultihashIndexSortedWriter } from 'cardex'
import { UniversalReader } from 'cardex/universal'
import { createReadStream, readFileSync, writeFileSync } from 'node:fs'
import { createHash } from 'node:crypto'

const hex = (b) => Buffer.from(b).toString('hex')
const hashers = { [sha256.code]: sha256, [sha512.code]: sha512, [identity.code]: identity }

function rng (seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

async function block (codec, hasher, bytes, version = 1) {
  const digest = await hasher.digest(bytes)
  const cid = version === 0 ? CID.createV0(digest) : CID.createV1(codec.code, digest)
  return { cid, bytes }
}

/** Seeded blocks of several codecs and hash functions, later ones linking to earlier ones. */
async function seededBlocks (seed, count) {
  const r = rng(seed)
  const int = (n) => Math.floor(r() * n)
  const bytes = (n) => Uint8Array.from({ length: n }, () => int(256))
  const blocks = []
  for (let i = 0; i < count; i++) {
    const earlier = blocks.length ? blocks[int(blocks.length)].cid : null
    const kind = earlier ? int(7) : 0
    if (kind === 0) blocks.push(await block(raw, sha256, bytes(i % 50 === 7 ? 1 << 20 : int(5000))))
    else if (kind === 1) blocks.push(await block(dagCbor, sha256, dagCbor.encode({ i, link: earlier, l: [earlier] })))
    else if (kind === 2) blocks.push(await block(dagJson, sha256, dagJson.encode({ i, link: earlier })))
    else if (kind === 3) {
      const node = dagPb.prepare({ Data: bytes(int(100)), Links: [{ Hash: earlier, Name: `n${i}`, Tsize: int(1000) }] })
      blocks.push(await block(dagPb, sha256, dagPb.encode(node), int(2)))
    } else if (kind === 4) blocks.push(await block(raw, identity, bytes(int(30))))
    else if (kind === 5) blocks.push(await block(raw, sha512, bytes(int(300))))
    else blocks.push(await block(raw, sha256, new Uint8Array(0)))
  }
  return blocks
}

async function carV1 (roots, blocks) {
  const { writer, out } = CarWriter.create(roots)
  const chunks = []
  const collect = (async () => { for await (const c of out) chunks.push(c) })()
  for (const b of blocks) await writer.put(b)
  await writer.close()
  await collect
  return Buffer.concat(chunks)
}

async function index (v1, format) {
  const chunks = []
  const sink = { write: async (b) => { chunks.push(b) }, close: async () => {}, releaseLock () {} }
  const Writer = format === 0x0400 ? IndexSortedWriter : MultihashIndexSortedWriter
  const w = Writer.createWriter({ writer: sink })
  for await (const { cid, offset } of await CarIndexer.fromBytes(v1)) {
    if (cid.multihash.code !== identity.code) w.add(cid, offset) // as the spec and go-car do
  }
  await w.close()
  return Buffer.concat(chunks)
}

function carV2 (v1, idx, padding) {
  const pragma = Buffer.from('0aa16776657273696f6e02', 'hex')
  const header = Buffer.alloc(40)
  const dataOffset = 11 + 40 + padding
  header.writeBigUInt64LE(BigInt(dataOffset), 16)
  header.writeBigUInt64LE(BigInt(v1.length), 24)
  header.writeBigUInt64LE(idx ? BigInt(dataOffset + v1.length + padding) : 0n, 32)
  const pad = Buffer.alloc(padding)
  return Buffer.concat(idx ? [pragma, header, pad, v1, pad, idx] : [pragma, header, pad, v1])
}

async function describeBlocks (blocks) {
  const out = []
  for (const { cid, bytes } of blocks) {
    const hasher = hashers[cid.multihash.code]
    let verified = null
    if (hasher) {
      const d = await hasher.digest(bytes)
      verified = hex(d.bytes) === hex(cid.multihash.bytes)
    }
    out.push({ cid: cid.toString(), size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), verified })
  }
  return out
}

async function readIndex (bytes) {
  const version = bytes[0] === 0x0a && hex(bytes.subarray(0, 11)) === '0aa16776657273696f6e02' ? 2 : 1
  if (version !== 2) return null
  const indexOffset = Number(bytes.readBigUInt64LE(11 + 32))
  if (indexOffset === 0) return null
  const idx = bytes.subarray(indexOffset)
  const reader = UniversalReader.createReader({ reader: ReadableStream.from([idx]).getReader() })
  const entries = []
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    entries.push({ digest: hex(value.digest), offset: value.offset, code: value.multihash ? value.multihash.code : -1 })
  }
  let codec = 0
  for (let i = 0, shift = 0; ; i++, shift += 7) {
    codec |= (idx[i] & 0x7f) << shift
    if ((idx[i] & 0x80) === 0) break
  }
  return { codec, entries }
}

async function read (file) {
  const bytes = readFileSync(file)
  const reader = await CarReader.fromBytes(bytes)
  const roots = (await reader.getRoots()).map(String)
  const blocks = []
  for await (const b of reader.blocks()) blocks.push(b)
  // The streaming iterator must see the same blocks.
  const iter = await CarBlockIterator.fromIterable(createReadStream(file))
  const streamed = []
  for await (const b of iter) streamed.push(b.cid.toString() + hex(b.bytes))
  if (streamed.join() !== blocks.map((b) => b.cid.toString() + hex(b.bytes)).join()) {
    throw new Error('CarReader and CarBlockIterator disagree')
  }
  return { version: reader.version, roots, blocks: await describeBlocks(blocks), index: await readIndex(bytes) }
}

const [cmd, ...args] = process.argv.slice(2)
if (cmd === 'write' || cmd === 'write-v2') {
  const [out, seed, count, format, padding] = args
  const blocks = await seededBlocks(Number(seed), Number(count))
  const roots = [blocks[blocks.length - 1].cid, blocks[Math.floor(blocks.length / 2)].cid]
  const v1 = await carV1(roots, blocks)
  let bytes = v1
  if (cmd === 'write-v2') {
    const idx = format === 'none' ? null : await index(v1, Number(format))
    bytes = carV2(v1, idx, Number(padding))
  }
  writeFileSync(out, bytes)
  process.stdout.write(JSON.stringify({ version: cmd === 'write' ? 1 : 2, roots: roots.map(String), blocks: await describeBlocks(blocks) }) + '\n')
} else if (cmd === 'read') {
  process.stdout.write(JSON.stringify(await read(args[0])) + '\n')
} else {
  process.stderr.write('usage: car-tool.mjs write|write-v2|read ...\n')
  process.exit(2)
}
