// Piece CIDs of seeded payloads, as @web3-storage/data-segment computes them (Piece.fromPayload).
// Usage: node proofs-commp.mjs SEED SIZE... ; prints one JSON line per size:
//   {"size":N,"v2":"bafkzcib...","v1":"baga6ea4sea...","paddedSize":N,"height":H,"padding":P}
// The payload of (SEED, SIZE) comes from proofs-commp-payload.mjs; the Java side makes the same.
import { Piece } from '@web3-storage/data-segment'
import { payload } from './proofs-commp-payload.mjs'

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
