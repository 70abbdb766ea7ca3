// Drives a node's Kubo RPC API with kubo-rpc-client, the JS client of Kubo's API, and prints what
// each call returned as one JSON object, for the Java side to compare with cairn's CLI.
//
//   node rpc-kubo-client.mjs <api-url> <work-dir>
//
// <work-dir> holds the inputs the Java side wrote: file.bin (a file of several chunks), tree/ (a
// directory), block.bin (bytes for one raw block), block.pb (a dag-pb node), and pin-remote.json
// ({endpoint, key, cid}: a pinning service that holds cid, for pin.remote.*). The script writes
// export.car there.
import { createHash } from 'node:crypto'
import { readFile, readdir, stat, writeFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { create } from 'kubo-rpc-client'
import { CID } from 'multiformats/cid'

const [url, dir] = process.argv.slice(2)
const ipfs = create({ url })

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex')

async function concat (chunks) {
  const parts = []
  for await (const c of chunks) parts.push(c)
  return Buffer.concat(parts)
}

/** The entries of a directory tree as addAll takes them: paths under the tree's own name. */
async function * treeEntries (root, name) {
  const walk = async function * (path) {
    const entries = (await readdir(path)).sort()
    for (const e of entries) {
      const full = join(path, e)
      const s = await stat(full)
      const p = join(name, relative(root, full))
      if (s.isDirectory()) {
        yield { path: p }
        yield * walk(full)
      } else {
        yield { path: p, content: await readFile(full) }
      }
    }
  }
  yield * walk(root)
}

const out = {}

const version = await ipfs.version()
out.version = { version: version.version, repo: version.repo }
const id = await ipfs.id()
out.id = { id: id.id.toString(), publicKey: id.publicKey, agentVersion: id.agentVersion }

// add: one file of several chunks, and a directory tree
const fileBytes = await readFile(join(dir, 'file.bin'))
const added = await ipfs.add({ path: 'file.bin', content: fileBytes })
out.addFile = { cid: added.cid.toString(), path: added.path, size: added.size }
const treeResults = []
for await (const r of ipfs.addAll(treeEntries(join(dir, 'tree'), 'tree'))) {
  treeResults.push({ path: r.path, cid: r.cid.toString() })
}
out.addTree = treeResults
const treeRoot = treeResults.find((r) => r.path === 'tree').cid

// cat: whole, and a range
out.cat = { sha256: sha256(await concat(ipfs.cat(added.cid))) }
out.catRange = {
  sha256: sha256(await concat(ipfs.cat(added.cid, { offset: 300000, length: 100000 })))
}
out.catInTree = (await concat(ipfs.cat(`/ipfs/${treeRoot}/a.txt`))).toString('utf8')

// resolve: a path to the /ipfs/ path of its last block, in the asked base too
out.resolve = await ipfs.resolve(`/ipfs/${treeRoot}/sub/b.bin`)
out.resolveBase64url = await ipfs.resolve(`/ipfs/${treeRoot}/a.txt`, { cidBase: 'base64url' })

// ls
out.ls = []
for await (const e of ipfs.ls(treeRoot)) {
  out.ls.push({ name: e.name, cid: e.cid.toString(), size: e.size, type: e.type })
}

// pin add/ls/rm on the tree (added pinned, so unpin first)
out.pinRmAdded = (await ipfs.pin.rm(treeRoot)).toString()
out.pinAdd = (await ipfs.pin.add(CID.parse(treeRoot))).toString()
out.pinLs = []
for await (const p of ipfs.pin.ls({ type: 'recursive' })) {
  out.pinLs.push({ cid: p.cid.toString(), type: p.type })
}
out.pinLsOfPath = []
for await (const p of ipfs.pin.ls({ paths: [`/ipfs/${treeRoot}/a.txt`] })) {
  out.pinLsOfPath.push({ cid: p.cid.toString(), type: p.type })
}
out.pinRm = (await ipfs.pin.rm(treeRoot)).toString()

// block put/get/stat
const blockBytes = await readFile(join(dir, 'block.bin'))
const putRaw = await ipfs.block.put(blockBytes)
out.blockPut = putRaw.toString()
out.blockPutV0 = (await ipfs.block.put(await readFile(join(dir, 'block.pb')), { format: 'v0' })).toString()
out.blockPutSha512 = (await ipfs.block.put(blockBytes, { mhtype: 'sha2-512' })).toString()
out.blockGet = { sha256: sha256(await ipfs.block.get(putRaw)) }
const blockStat = await ipfs.block.stat(putRaw)
out.blockStat = { cid: blockStat.cid.toString(), size: blockStat.size }

// dag put/get/export/import
const child = await ipfs.dag.put({ test: 1 })
const parent = await ipfs.dag.put({ name: 'parent', child, list: [1, 2, 3] })
const asJson = await ipfs.dag.put({ test: 1 }, { storeCodec: 'dag-json' })
out.dagPut = { child: child.toString(), parent: parent.toString(), asJson: asJson.toString() }
const got = await ipfs.dag.get(parent)
out.dagGet = {
  name: got.value.name,
  child: got.value.child.toString(),
  list: got.value.list
}
const viaPath = await ipfs.dag.get(parent, { path: '/child/test' })
out.dagGetPath = viaPath.value
const car = await concat(ipfs.dag.export(parent))
await writeFile(join(dir, 'export.car'), car)
out.dagExport = { sha256: sha256(car), bytes: car.length }
out.dagImport = []
for await (const r of ipfs.dag.import([car])) {
  out.dagImport.push({ cid: r.root.cid.toString(), pinErrorMsg: r.root.pinErrorMsg })
}

// object.patch: a link added to the tree's root, then removed again
const patched = await ipfs.object.patch.addLink(CID.parse(treeRoot), { Name: 'file.bin', Hash: added.cid })
out.objectPatch = {
  addLink: patched.toString(),
  rmLink: (await ipfs.object.patch.rmLink(patched, { Name: 'file.bin' })).toString()
}

// bootstrap: the list's peers come back as multiaddrs
const boot = '/ip4/192.0.2.7/tcp/4001/p2p/12D3KooWSCxTfVvMBJbpF75PQmnFdxdBfC1ZxAGYbFc3U9MjALXz'
const peers = (r) => r.Peers.map((ma) => ma.toString())
out.bootstrapAdd = peers(await ipfs.bootstrap.add(boot))
out.bootstrapList = peers(await ipfs.bootstrap.list())
out.bootstrapRm = peers(await ipfs.bootstrap.rm(boot))
out.bootstrapAfter = peers(await ipfs.bootstrap.list())

// key: Kubo's keystore commands (list calls the deprecated key/list)
out.keyGen = await ipfs.key.gen('js-key', { type: 'ed25519' })
out.keyList = await ipfs.key.list()
out.keyRename = await ipfs.key.rename('js-key', 'js-key-2')
out.keyRm = await ipfs.key.rm('js-key-2')
out.keyAfter = (await ipfs.key.list()).map((k) => k.name)

// name: publish the file under the node's own name (the test daemon runs no network, so the
// record stays in its repo: allow-offline, as the option is spelt on the wire), then resolve it
// through name/resolve (streamed) and resolve
out.namePublish = await ipfs.name.publish(`/ipfs/${added.cid}`, { 'allow-offline': true })
out.nameResolve = []
for await (const p of ipfs.name.resolve(out.namePublish.name)) out.nameResolve.push(p)
out.resolveIpns = await ipfs.resolve(`/ipns/${out.namePublish.name}`)

// routing get/put: with no network, the daemon answers both with Kubo's offline errors
const failure = async (events) => {
  try {
    for await (const e of events) { void e }
    return null
  } catch (e) {
    return e.message
  }
}
const ipnsKey = `/ipns/${out.namePublish.name}`
out.routingGet = await failure(ipfs.routing.get(ipnsKey))
out.routingPut = await failure(ipfs.routing.put(ipnsKey, Uint8Array.of(1)))

// files (MFS): mkdir, write (create, parents, offset, truncate), read, ls (long), stat, cp from
// /ipfs/, mv, rm, flush; chcid, which the client lacks, as a plain POST to the same API. A failure
// is reported rather than thrown, so that the other results still reach the Java side.
const bytesOf = (text) => new TextEncoder().encode(text)
const readText = async (path, options) => (await concat(ipfs.files.read(path, options))).toString('utf8')
const files = {}
try {
  await ipfs.files.mkdir('/js/dir', { parents: true })
  await ipfs.files.write('/js/dir/hello.txt', bytesOf('hello world\n'), { create: true })
  await ipfs.files.write('/js/deep/er/new.txt', bytesOf('new\n'), { create: true, parents: true })
  await ipfs.files.write('/js/dir/hello.txt', bytesOf('WORLD'), { offset: 6 })
  files.read = await readText('/js/dir/hello.txt')
  files.readRange = await readText('/js/dir/hello.txt', { offset: 6, length: 5 })
  files.written = (await ipfs.files.stat('/js/dir/hello.txt')).cid.toString()
  await ipfs.files.write('/js/dir/hello.txt', bytesOf('bye\n'), { truncate: true })
  files.truncated = await readText('/js/dir/hello.txt')
  files.newInDeep = await readText('/js/deep/er/new.txt')
  await ipfs.files.cp(`/ipfs/${added.cid}`, '/js/copied.bin')
  await ipfs.files.cp(added.cid, '/js/dir/')
  files.ls = []
  for await (const e of ipfs.files.ls('/js')) {
    files.ls.push({ name: e.name, type: e.type, size: e.size, cid: e.cid.toString() })
  }
  files.lsDir = []
  for await (const e of ipfs.files.ls('/js/dir')) files.lsDir.push(e.name)
  const st = await ipfs.files.stat('/js/copied.bin')
  files.stat = {
    cid: st.cid.toString(),
    size: st.size,
    cumulativeSize: st.cumulativeSize,
    blocks: st.blocks,
    type: st.type,
    withLocality: st.withLocality
  }
  const local = await ipfs.files.stat('/js', { withLocal: true })
  files.statLocal = {
    withLocality: local.withLocality,
    local: local.local,
    sizeLocal: local.sizeLocal,
    cumulativeSize: local.cumulativeSize
  }
  await ipfs.files.mv('/js/copied.bin', '/js/dir/moved.bin')
  files.lsAfterMv = []
  for await (const e of ipfs.files.ls('/js/dir')) files.lsAfterMv.push(e.name)
  await ipfs.files.rm(`/js/dir/${added.cid}`)
  await ipfs.files.rm('/js/deep', { recursive: true })
  try {
    await ipfs.files.rm('/js/nope')
    files.rmMissing = null
  } catch (e) {
    files.rmMissing = e.message
  }
  const chcid = await fetch(`${url}/api/v0/files/chcid?arg=/js/dir&cid-version=1`, { method: 'POST' })
  files.chcidStatus = chcid.status
  files.dirAfterChcid = (await ipfs.files.stat('/js/dir')).cid.toString()
  files.flush = (await ipfs.files.flush('/')).toString()
  files.root = (await ipfs.files.stat('/')).cid.toString()
  files.lsRoot = []
  for await (const e of ipfs.files.ls('/')) files.lsRoot.push({ name: e.name, type: e.type })
} catch (e) {
  files.error = e.stack
}
out.files = files

// pin.remote.*: a service added, listed with its counts, a pin added (waiting until pinned),
// listed and removed, and the service removed
const remote = {}
try {
  const { endpoint, key, cid } = JSON.parse(await readFile(join(dir, 'pin-remote.json'), 'utf8'))
  await ipfs.pin.remote.service.add('js-svc', { endpoint: new URL(endpoint), key })
  const pinned = await ipfs.pin.remote.add(CID.parse(cid), { service: 'js-svc', name: 'js-pin' })
  remote.add = { cid: pinned.cid.toString(), name: pinned.name, status: pinned.status }
  remote.services = (await ipfs.pin.remote.service.ls({ stat: true })).map((s) => ({
    service: s.service,
    endpoint: s.endpoint.toString(),
    stat: s.stat
  }))
  remote.ls = []
  for await (const p of ipfs.pin.remote.ls({ service: 'js-svc', status: ['queued', 'pinning', 'pinned'] })) {
    remote.ls.push({ cid: p.cid.toString(), name: p.name, status: p.status })
  }
  await ipfs.pin.remote.rm({ service: 'js-svc', cid: [CID.parse(cid)] })
  remote.lsAfterRm = []
  for await (const p of ipfs.pin.remote.ls({ service: 'js-svc' })) remote.lsAfterRm.push(p.name)
  await ipfs.pin.remote.service.rm('js-svc')
  remote.servicesAfterRm = (await ipfs.pin.remote.service.ls()).length
} catch (e) {
  remote.error = e.stack
}
out.pinRemote = remote

// diag: the command log lists this very call as running
out.diagCmds = (await ipfs.diag.cmds()).filter((c) => c.Command === 'diag/cmds')

// provide stat: the sweep provider's statistics, in Kubo's shape
try {
  const ps = await ipfs.provide.stat()
  out.provideStat = {
    legacy: ps.Legacy ?? null,
    fullRT: ps.FullRT,
    status: ps.Sweep.connectivity.status,
    keys: ps.Sweep.schedule.keys,
    replication: ps.Sweep.network.replication_factor,
    interval: ps.Sweep.timing.reprovides_interval
  }
} catch (e) {
  out.provideStat = { error: e.stack }
}

// dht.query reaches dht/query; the daemon runs no network, so it answers Kubo's offline error
out.dhtQuery = await failure(ipfs.dht.query(out.id.id))

console.log(JSON.stringify(out))
