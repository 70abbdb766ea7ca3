// Reference check for RSA and secp256k1 keys in Cairn's keystore (node module, KeyFormatsInteropIT).
// Reads a JSON request on stdin from the Java test:
//   { "keys": [ { "protobuf": base64 of a key file Cairn exported as libp2p-protobuf-cleartext,
//                 "pem": text of the same key exported as pem-pkcs8-cleartext,
//                 "data": base64 of data, "signature": what `cairn key sign` gave for it,
//                 "record": hex of an IPNS record Cairn signed with the key,
//                 "routingKey": hex of the record's routing key (/ipns/ and the name's multihash) } ],
//     "value": a path for the records the reference makes }
// and prints, for each key, what @libp2p/crypto, Node's crypto (OpenSSL) and the `ipns` package make
// of them; then, for each of RSA and secp256k1, a key @libp2p/crypto made and an IPNS record it
// signed, for Cairn to import and validate.
import { createPrivateKey, createPublicKey, ECDH } from 'node:crypto'
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { createIPNSRecord, marshalIPNSRecord, unmarshalIPNSRecord } from 'ipns'
import { ipnsValidator } from 'ipns/validator'

const chunks = []
for await (const chunk of process.stdin) chunks.push(chunk)
const request = JSON.parse(Buffer.concat(chunks).toString('utf8'))
const hex = b => Buffer.from(b).toString('hex')

async function check (k) {
  const key = privateKeyFromProtobuf(Buffer.from(k.protobuf, 'base64'))
  const signed = Buffer.concat([Buffer.from('libp2p-key signed message:'), Buffer.from(k.data, 'base64')])
  const cairnSignature = Buffer.from(k.signature.replace(/^u/, ''), 'base64url')
  // Node reads the PEM; its public key as SPKI DER, and for EC keys the uncompressed point.
  const pem = createPrivateKey({ key: k.pem, format: 'pem' })
  const spki = createPublicKey(pem).export({ format: 'der', type: 'spki' })
  let pemMatches
  if (key.type === 'RSA') {
    pemMatches = hex(spki) === hex(key.publicKey.raw)
  } else {
    const point = ECDH.convertKey(Buffer.from(key.publicKey.raw), 'secp256k1', undefined, 'hex', 'uncompressed')
    pemMatches = pem.asymmetricKeyDetails.namedCurve === 'secp256k1' && hex(spki).endsWith(point)
  }
  let recordValid = true
  let recordError
  try {
    await ipnsValidator(Buffer.from(k.routingKey, 'hex'), Buffer.from(k.record, 'hex'))
  } catch (e) {
    recordValid = false
    recordError = `${e.name}: ${e.message}`
  }
  const record = unmarshalIPNSRecord(Buffer.from(k.record, 'hex'))
  return {
    type: key.type,
    peerId: peerIdFromPrivateKey(key).toString(),
    reencoded: Buffer.from(privateKeyToProtobuf(key)).toString('base64'),
    signatureValid: await key.publicKey.verify(signed, cairnSignature),
    jsSignature: 'u' + Buffer.from(await key.sign(signed)).toString('base64url'),
    pemType: pem.asymmetricKeyType,
    pemMatches,
    // OpenSSL's own PKCS#8 of the key, for Cairn to import
    opensslPem: pem.export({ type: 'pkcs8', format: 'pem' }),
    recordValid,
    recordError,
    recordPubKey: record.pubKey == null ? null : hex(record.pubKey),
    recordValue: record.value
  }
}

async function made (type) {
  const key = await generateKeyPair(type, type === 'RSA' ? 2048 : undefined)
  const record = await createIPNSRecord(key, request.value, 7n, 3600000)
  return {
    protobuf: Buffer.from(privateKeyToProtobuf(key)).toString('base64'),
    peerId: peerIdFromPrivateKey(key).toString(),
    record: hex(marshalIPNSRecord(record))
  }
}

const out = {
  keys: await Promise.all(request.keys.map(check)),
  made: { rsa: await made('RSA'), secp256k1: await made('secp256k1') }
}
process.stdout.write(JSON.stringify(out) + '\n')
