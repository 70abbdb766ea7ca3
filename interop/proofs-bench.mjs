// Times @web3-storage/data-segment's Piece.fromPayload on the seeded payload bench/commp hashes.
// Usage: node proofs-bench.mjs SEED SIZE ; prints {"seconds":S,"mbps":M,"v2":"bafkzcib..."}
import { Piece } from '@web3-storage/data-segment'
import { payload } from './proofs-commp-payload.mjs'

const [seed, s] = process.argv.slice(2)
const size = Number(s)
const bytes = payload(seed, size)
const t0 = process.hrtime.bigint()
const piece = Piece.fromPayload(bytes)
const seconds = Number(process.hrtime.bigint() - t0) / 1e9
console.log(JSON.stringify({ seconds, mbps: size / seconds / 1e6, v2: piece.link.toString() }))
