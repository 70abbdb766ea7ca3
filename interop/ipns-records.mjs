// IPNS records as the npm `ipns` package makes, reads, validates and selects them, for Cairn's checks.
// Every mode reads JSON lines from stdin and prints one JSON line for each:
//   create: {seed, value, seq, expiration, v1Compatible, ttlNs} -> {record, routingKey}  (Ed25519 key from the 32-byte seed)
//   check:  {routingKey, record}                                  -> {valid, error?, value, sequence, validity, validityType, ttl, v1, pubKey}
//   select: {routingKey, records: [hex, ...]}                     -> {index}
// Bytes travel as hex; 64-bit numbers as decimal strings.
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import {
  createIPNSRecordWithExpiration,
  marshalIPNSRecord,
  multihashToIPNSRoutingKey,
  unmarshalIPNSRecord
} from 'ipns'
import { ipnsSelector } from 'ipns/selector'
import { ipnsValidator } from 'ipns/validator'

const hex = (b) => Buffer.from(b).toString('hex')
const bytes = (h) => new Uint8Array(Buffer.from(h, 'hex'))

async function create (spec) {
  const key = await generateKeyPairFromSeed('Ed25519', bytes(spec.seed))
  const record = await createIPNSRecordWithExpiration(key, spec.value, BigInt(spec.seq), spec.expiration, {
    v1Compatible: spec.v1Compatible,
    ttlNs: BigInt(spec.ttlNs)
  })
  return {
    record: hex(marshalIPNSRecord(record)),
    routingKey: hex(multihashToIPNSRoutingKey(key.publicKey.toMultihash()))
  }
}

async function check (spec) {
  const marshalled = bytes(spec.record)
  let valid = true
  let error
  try {
    await ipnsValidator(bytes(spec.routingKey), marshalled)
  } catch (e) {
    valid = false
    error = `${e.name}: ${e.message}`
  }
  const r = unmarshalIPNSRecord(marshalled)
  return {
    valid,
    error,
    value: r.value,
    sequence: r.sequence.toString(),
    validity: r.validity,
    validityType: r.validityType,
    ttl: r.ttl.toString(),
    v1: 'signatureV1' in r,
    pubKey: r.pubKey == null ? null : hex(r.pubKey)
  }
}

function select (spec) {
  return { index: ipnsSelector(bytes(spec.routingKey), spec.records.map(bytes)) }
}

const modes = { create, check, select }
const mode = modes[process.argv[2]]
if (mode == null) {
  console.error('usage: ipns-records.mjs create | check | select  (JSON lines on stdin)')
  process.exit(2)
}
let input = ''
for await (const chunk of process.stdin) input += chunk
for (const line of input.split('\n').filter((l) => l.trim() !== '')) {
  console.log(JSON.stringify(await mode(JSON.parse(line))))
}
