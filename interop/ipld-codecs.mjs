// Reference encodings for Cairn's DAG-CBOR and DAG-JSON codecs, from @ipld/dag-cbor and
// @ipld/dag-json.
//
//   node ipld-codecs.mjs reencode        stdin: lines "<dag-cbor|dag-json> <hex>"; for each line
//                                        prints "OK <dag-cbor hex> <dag-json hex>" (the value as
//                                        decoded, encoded in both codecs) or "ERR <message>"
//   node ipld-codecs.mjs generate S N    prints N lines "<dag-cbor hex> <dag-json hex>" of seeded
//                                        random data model values
//   node ipld-codecs.mjs plain           stdin: lines "<json|cbor> <hex>"; each decoded with the
//                                        plain codecs (multiformats/codecs/json, cborg) and printed
//                                        "OK <cbor hex> <json hex>": cborg with map keys unsorted
//                                        and 64-bit floats (as go-ipld-prime's cbor writes), and
//                                        JSON.stringify (compact, unlike Kubo's indented json)
import * as dagCbor from '@ipld/dag-cbor'
import * as dagJson from '@ipld/dag-json'
import * as cborg from 'cborg'
import * as json from 'multiformats/codecs/json'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import { readFileSync } from 'node:fs'

const hex = (bytes) => Buffer.from(bytes).toString('hex')
const codecs = { 'dag-cbor': dagCbor, 'dag-json': dagJson }

function reencode () {
  const lines = readFileSync(0, 'utf8').split('\n').filter((l) => l.length > 0)
  const out = []
  for (const line of lines) {
    const [name, h = ''] = line.split(' ')
    try {
      const value = codecs[name].decode(Buffer.from(h, 'hex'))
      out.push(`OK ${hex(dagCbor.encode(value))} ${hex(dagJson.encode(value))}`)
    } catch (e) {
      out.push(`ERR ${String(e.message).replace(/\s+/g, ' ')}`)
    }
  }
  process.stdout.write(out.join('\n') + '\n')
}

function plain () {
  const lines = readFileSync(0, 'utf8').split('\n').filter((l) => l.length > 0)
  const out = []
  for (const line of lines) {
    const [name, h = ''] = line.split(' ')
    try {
      const bytes = Buffer.from(h, 'hex')
      const value = name === 'json' ? json.decode(bytes) : cborg.decode(bytes)
      const cbor = cborg.encode(value, { mapSorter: null, float64: true })
      out.push(`OK ${hex(cbor)} ${hex(json.encode(value))}`)
    } catch (e) {
      out.push(`ERR ${String(e.message).replace(/\s+/g, ' ')}`)
    }
  }
  process.stdout.write(out.join('\n') + '\n')
}

// mulberry32: a small seeded generator, so runs repeat.
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

async function generate (seed, count) {
  const r = rng(seed)
  const int = (n) => Math.floor(r() * n)
  const pick = (xs) => xs[int(xs.length)]
  const cids = []
  for (let i = 0; i < 8; i++) {
    const digest = await sha256.digest(Uint8Array.from([i, seed & 0xff]))
    cids.push(i % 3 === 0 ? CID.createV0(digest) : CID.createV1(pick([0x55, 0x71, 0x70, 0x0129]), digest))
  }
  // Characters for strings: ASCII, the BMP below the surrogates, and astral ones. Map keys leave
  // out '/' (the reserved namespace) and U+E000..U+FFFF, where JavaScript's UTF-16 key order and
  // the spec's UTF-8 byte order differ.
  const char = (forKey) => {
    const k = int(10)
    if (k < 6) {
      let c = 0x20 + int(0x5f)
      if (forKey && c === 0x2f) c = 0x5f
      return String.fromCharCode(c)
    }
    if (k < 8) return String.fromCharCode(0x80 + int(0xd800 - 0x80))
    if (k < 9 && !forKey) return String.fromCharCode(0xe000 + int(0x2000))
    return String.fromCodePoint(0x10000 + int(0xfffff))
  }
  const string = (forKey) => {
    let s = ''
    const n = int(forKey ? 6 : 12)
    for (let i = 0; i < n; i++) s += char(forKey)
    return s
  }
  const float = () => {
    for (;;) {
      const kind = int(3)
      let f
      if (kind === 0) {
        const buf = new DataView(new ArrayBuffer(8))
        buf.setUint32(0, int(0x100000000))
        buf.setUint32(4, int(0x100000000))
        f = buf.getFloat64(0)
      } else if (kind === 1) {
        f = (r() - 0.5) * Math.pow(10, int(40) - 20)
      } else {
        f = int(2000) / 16 - 60
      }
      // JavaScript writes whole numbers in the safe range as integers.
      if (Number.isFinite(f) && !(Number.isInteger(f) && Math.abs(f) <= Number.MAX_SAFE_INTEGER)) {
        return f
      }
    }
  }
  const integer = () => {
    switch (int(5)) {
      case 0: return int(30) - 10
      case 1: return int(70000) - 35000
      case 2: return (int(2) ? 1 : -1) * Math.floor(r() * Number.MAX_SAFE_INTEGER)
      case 3: return BigInt.asUintN(64, (BigInt(int(0x100000000)) << 32n) | BigInt(int(0x100000000)))
      default: return -1n - BigInt.asUintN(64, (BigInt(int(0x100000000)) << 32n) | BigInt(int(0x100000000)))
    }
  }
  const value = (depth) => {
    const k = int(depth > 3 ? 8 : 11)
    switch (k) {
      case 0: return null
      case 1: return r() < 0.5
      case 2: return integer()
      case 3: return float()
      case 4: return string(false)
      case 5: return Uint8Array.from({ length: int(40) }, () => int(256))
      case 6: case 7: return pick(cids)
      case 8: return Array.from({ length: int(5) }, () => value(depth + 1))
      default: {
        const m = {}
        const n = int(6)
        for (let i = 0; i < n; i++) m[string(true)] = value(depth + 1)
        return m
      }
    }
  }
  const out = []
  for (let i = 0; i < count; i++) {
    const v = value(0)
    out.push(`${hex(dagCbor.encode(v))} ${hex(dagJson.encode(v))}`)
  }
  process.stdout.write(out.join('\n') + '\n')
}

const [cmd, ...args] = process.argv.slice(2)
if (cmd === 'reencode') {
  reencode()
} else if (cmd === 'plain') {
  plain()
} else if (cmd === 'generate') {
  await generate(Number(args[0]), Number(args[1]))
} else {
  process.stderr.write('usage: ipld-codecs.mjs reencode | plain | generate SEED COUNT\n')
  process.exit(2)
}
