// Piece CIDs of seeded payloads, as @web3-storage/data-segment computes them (Piece.fromPayload).
// Usage: node proofs-commp.mjs SEED SIZE... ; prints one JSON line per size:
//   {"size":N,"v2":"bafkzcib...","v1":"baga6ea4sea...","paddedSize":N,"height":H,"padding":P}
// The payload of (SEED, SIZE) is the AES-128-CTR keystream (zero IV) under the key made of the
// first 16 bytes of SHA-256("cairn-commp:SEED:SIZE"); the Java tests generate the same bytes.
import { createCipheriv, createHash } from 'node:crypto'
import { Piece } from '@web3-storage/data-segment'

export function payload (seed, size) {
  const key = createHash('sha256').update(`cairn-commp:${seed}:${size}`).digest().subarray(0, 16)
  const cipher = createCipheriv('aes-128-ctr', key, Buffer.alloc(16))
  const out = new Uint8Array(size)
  const chunk = 1 << 24
  const zeros = Buffer.alloc(chunk)
  for (let at = 0; at < size; at += chunk) {
    const n = Math.min(chunk, size - at)
    out.set(cipher.update(zeros.subarray(0, n)), at)
  }
  return out
}

const [seed, ...sizes] = process.argv.slice(2)
for (const s of sizes) {
  const size = Number(s)
  const piece = Piece.fromPayload(payload(seed, size))
  const info = piece.toInfo()
  console.log(JSON.stringify({
    size,
    v2: piece.link.toString(),
    v1: info.link.toString(),
    paddedSize: Number(piece.size),
    height: piece.height,
    padding: Number(piece.padding)
  }))
}
