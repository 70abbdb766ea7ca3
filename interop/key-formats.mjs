// Reference check for `cairn key export` / `cairn key import` (node module, KeyFormatsInteropIT).
// Reads a JSON request on stdin from the Java test:
//   { "protobuf": base64 of a key file Cairn exported as libp2p-protobuf-cleartext,
//     "pem": text of a key file Cairn exported as pem-pkcs8-cleartext,
//     "data": base64 of data, "signature": what `cairn key sign` gave for it with that key }
// and prints what @libp2p/crypto and Node's own crypto make of them, plus a key of each's making
// for Cairn to import: a libp2p protobuf from @libp2p/crypto and a PKCS#8 PEM from Node.
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto'
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf, publicKeyFromRaw } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey, peerIdFromPublicKey } from '@libp2p/peer-id'

const chunks = []
for await (const chunk of process.stdin) chunks.push(chunk)
const request = JSON.parse(Buffer.concat(chunks).toString('utf8'))

// The raw 32-byte Ed25519 public key of a Node KeyObject: the tail of its SPKI DER.
const rawPublicKey = key => createPublicKey(key).export({ format: 'der', type: 'spki' }).subarray(-32)

const cairnKey = privateKeyFromProtobuf(Buffer.from(request.protobuf, 'base64'))
const cairnPem = createPrivateKey({ key: request.pem, format: 'pem' })
const cairnPemPublic = rawPublicKey(cairnPem)

const jsKey = await generateKeyPair('Ed25519')
const nodeKey = generateKeyPairSync('ed25519').privateKey
const nodePublic = rawPublicKey(nodeKey)

// `key sign`'s message: libp2p's prefix, then the data; the signature is multibase base64url.
const signed = Buffer.concat([Buffer.from('libp2p-key signed message:'), Buffer.from(request.data, 'base64')])
const cairnSignature = Buffer.from(request.signature.replace(/^u/, ''), 'base64url')

const out = {
  cairnSignatureValid: await cairnKey.publicKey.verify(signed, cairnSignature),
  jsSignature: 'u' + Buffer.from(await jsKey.sign(signed)).toString('base64url'),
  cairnProtobufType: cairnKey.type,
  cairnProtobufPeerId: peerIdFromPrivateKey(cairnKey).toString(),
  cairnProtobufReencoded: Buffer.from(privateKeyToProtobuf(cairnKey)).toString('base64'),
  cairnPemType: cairnPem.asymmetricKeyType,
  cairnPemPublicKey: cairnPemPublic.toString('hex'),
  cairnPemPeerId: peerIdFromPublicKey(publicKeyFromRaw(cairnPemPublic)).toString(),
  jsProtobuf: Buffer.from(privateKeyToProtobuf(jsKey)).toString('base64'),
  jsPeerId: peerIdFromPrivateKey(jsKey).toString(),
  nodePem: nodeKey.export({ type: 'pkcs8', format: 'pem' }),
  nodePeerId: peerIdFromPublicKey(publicKeyFromRaw(nodePublic)).toString()
}
process.stdout.write(JSON.stringify(out) + '\n')
