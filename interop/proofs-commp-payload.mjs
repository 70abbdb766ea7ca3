// The seeded payloads shared with the Java side (io.cairn.proofs.bench.SeededPayload): the
// AES-128-CTR keystream, zero IV, under the first 16 bytes of SHA-256("cairn-commp:SEED:SIZE").
import { createCipheriv, createHash } from 'node:crypto'

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
