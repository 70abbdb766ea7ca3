// The kad-dht Message codec of js-libp2p (@libp2p/kad-dht), for Cairn's wire checks.
//   decode: reads hex messages, one per line, from stdin; prints each as JSON as js reads it
//   encode: prints messages js writes, one JSON line each: {hex, message}
import { Message } from './node_modules/@libp2p/kad-dht/dist/src/message/dht.js'

const hex = (b) => Buffer.from(b ?? []).toString('hex')
const peer = (p) => ({ id: hex(p.id), addrs: (p.multiaddrs ?? []).map(hex), connection: p.connection ?? 'NOT_CONNECTED' })
const show = (m) => ({
  type: m.type ?? 'PUT_VALUE',
  key: hex(m.key),
  record: m.record == null ? null : hex(m.record),
  closer: (m.closer ?? []).map(peer),
  providers: (m.providers ?? []).map(peer),
  clusterLevel: m.clusterLevel ?? 0
})

const mode = process.argv[2]
if (mode === 'decode') {
  const input = await new Promise((resolve) => {
    let s = ''
    process.stdin.on('data', (d) => { s += d })
    process.stdin.on('end', () => resolve(s))
  })
  for (const line of input.split('\n').filter((l) => l.trim() !== '')) {
    console.log(JSON.stringify(show(Message.decode(Buffer.from(line.trim(), 'hex')))))
  }
} else if (mode === 'encode') {
  const id1 = Buffer.from(process.argv[3], 'hex')
  const id2 = Buffer.from(process.argv[4], 'hex')
  const addr = Buffer.from('047f000001060fa1', 'hex') // /ip4/127.0.0.1/tcp/4001
  const messages = [
    { type: 'PUT_VALUE', key: Buffer.from('k'), record: Buffer.from('0a016b1201762a0474696d65', 'hex') },
    { type: 'FIND_NODE', key: id1, closer: [], providers: [] },
    {
      type: 'GET_PROVIDERS',
      key: Buffer.from('1220' + '11'.repeat(32), 'hex'),
      clusterLevel: 3,
      closer: [{ id: id1, multiaddrs: [addr], connection: 'CAN_CONNECT' }],
      providers: [{ id: id2, multiaddrs: [addr, addr], connection: 'CONNECTED' }]
    }
  ]
  for (const m of messages) {
    const bytes = Message.encode(m)
    console.log(JSON.stringify({ hex: hex(bytes), message: show(Message.decode(bytes)) }))
  }
} else {
  console.error('usage: kad-message.mjs decode | encode ID1HEX ID2HEX')
  process.exit(2)
}
