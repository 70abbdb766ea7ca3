// Drives a node's pubsub RPC commands with kubo-rpc-client, the JS client of Kubo's API, and prints
// what each call returned as one JSON object.
//
//   node rpc-pubsub.mjs <api-url> <topic>
//
// Subscribes to the topic (pubsub/sub, streamed), lists topics (pubsub/ls) and the topic's peers
// (pubsub/peers), publishes one message (pubsub/pub) and waits up to 20 s for it to come back on
// the subscription (a node delivers its own messages to its subscribers), then unsubscribes (the
// client closes the stream) and waits until pubsub/ls no longer lists the topic.
import { create } from 'kubo-rpc-client'
import { until } from './p2p-line-protocol.mjs'

const [url, topic] = process.argv.slice(2)
const ipfs = create({ url })

const got = []
await ipfs.pubsub.subscribe(topic, (m) => got.push(m))
const out = {}
out.ls = await ipfs.pubsub.ls()
out.peers = (await ipfs.pubsub.peers(topic)).map((p) => p.toString())
await ipfs.pubsub.publish(topic, new TextEncoder().encode('hello from kubo-rpc-client'))
await until(() => got.length >= 1, 'the published message')
const m = got[0]
out.message = {
  type: m.type,
  from: m.from.toString(),
  data: new TextDecoder().decode(m.data),
  seqno: m.sequenceNumber.toString(),
  topic: m.topic
}
await ipfs.pubsub.unsubscribe(topic)
await until(async () => (await ipfs.pubsub.ls()).length === 0, 'the subscription to end')
out.lsAfter = await ipfs.pubsub.ls()
console.log(JSON.stringify(out))
