// Benchmark helper: imports one file with ipfs-unixfs-importer using Kubo's default parameters
// (unixfs-v0-2015) into a blockstore on disk, and prints the root CID and the seconds it took.
import { createReadStream } from 'node:fs'
import { importer } from 'ipfs-unixfs-importer'
import { FsBlockstore } from 'blockstore-fs'

const [file, dir] = process.argv.slice(2)
const store = new FsBlockstore(dir)
await store.open()
const start = process.hrtime.bigint()
let root
for await (const entry of importer([{ path: 'file', content: createReadStream(file, { highWaterMark: 1 << 20 }) }], store, { profile: 'unixfs-v0-2015' })) {
  root = entry
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9
await store.close()
console.log(JSON.stringify({ cid: root.cid.toString(), seconds }))
