// Reference check for Cairn's node identity (config module, IdentityInteropIT).
// Reads a JSON request on stdin from the Java test:
//   { "privKey": base64 libp2p PrivateKey protobuf made by Cairn,
//     "message": hex bytes, "signature": base64 Cairn signature of message,
//     "peerIdForms": [peer ID strings Cairn printed] }
// and prints what @libp2p/crypto and @libp2p/peer-id make of them, plus a key of their own.
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf, publicKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromCID, peerIdFromPrivateKey, peerIdFromString } from '@libp2p/peer-id'
import { base36 } from 'multiformats/bases/base36'
import { base58btc } from 'multiformats/bases/base58'
import { CID } from 'multiformats/cid'

const chunks = []
for await (const chunk of process.stdin) chunks.push(chunk)
const request = JSON.parse(Buffer.concat(chunks).toString('utf8'))

const message = Buffer.from(request.message, 'hex')
const cairnKey = privateKeyFromProtobuf(Buffer.from(request.privKey, 'base64'))
const cairnPeerId = peerIdFromPrivateKey(cairnKey)
const cairnSignature = Buffer.from(request.signature, 'base64')
const tampered = Buffer.from(message)
tampered[0] ^= 1

const jsKey = await generateKeyPair('Ed25519')
const jsPeerId = peerIdFromPrivateKey(jsKey)

const out = {
  cairnKeyType: cairnKey.type,
  cairnPeerId: cairnPeerId.toString(),
  cairnPeerIdBase36: cairnPeerId.toCID().toString(base36),
  cairnPublicKey: Buffer.from(publicKeyToProtobuf(cairnKey.publicKey)).toString('base64'),
  cairnKeyReencoded: Buffer.from(privateKeyToProtobuf(cairnKey)).toString('base64'),
  cairnSignatureValid: await cairnKey.publicKey.verify(message, cairnSignature),
  cairnSignatureValidOnTampered: await cairnKey.publicKey.verify(tampered, cairnSignature),
  jsSignatureOfMessage: Buffer.from(await cairnKey.sign(message)).toString('base64'),
  // peerIdFromString reads base58 and the usual CID prefixes; a base58btc CID ('z') goes through CID.parse.
  parsedForms: request.peerIdForms.map(s =>
    (s.startsWith('z') ? peerIdFromCID(CID.parse(s, base58btc)) : peerIdFromString(s)).toString()),
  jsPrivKey: Buffer.from(privateKeyToProtobuf(jsKey)).toString('base64'),
  jsPeerId: jsPeerId.toString(),
  jsPeerIdCid: jsPeerId.toCID().toString(),
  jsSignature: Buffer.from(await jsKey.sign(message)).toString('base64')
}
process.stdout.write(JSON.stringify(out) + '\n')
