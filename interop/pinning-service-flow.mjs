// A Pinning Service API client run against a Cairn node: the client generated from the spec
// (@ipfs-shipyard/pinning-service-client) goes through a whole flow and reports what it saw.
//
//   node pinning-service-flow.mjs ENDPOINT TOKEN CID_A CID_B
//
// ENDPOINT is the service's base URL (http://127.0.0.1:PORT/pinning); CID_A and CID_B are DAGs the
// node holds but has not pinned. Prints one JSON object: each step's result, for the test to check.
import { Configuration, RemotePinningServiceClient, Status } from '@ipfs-shipyard/pinning-service-client'

const [endpoint, token, cidA, cidB] = process.argv.slice(2)
const client = new RemotePinningServiceClient(new Configuration({ endpointUrl: endpoint, accessToken: token }))
const report = {}

/** The status and Failure body of a refused call (the generated client throws the Response). */
async function refusal (call) {
  try {
    await call()
  } catch (e) {
    if (typeof e?.status === 'number') {
      return { status: e.status, body: await e.json() }
    }
    throw e
  }
  throw new Error('the call was not refused')
}

async function until (requestid, status) {
  const deadline = Date.now() + 20000
  let last
  while (Date.now() < deadline) {
    last = await client.pinsRequestidGet({ requestid })
    if (last.status === status) return last
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  throw new Error(`request ${requestid} never became ${status}; last: ${JSON.stringify(last)}`)
}

const plain = s => ({ ...s, created: s.created.toISOString() })

// a wrong token is refused with the spec's Failure object
const wrong = new RemotePinningServiceClient(new Configuration({ endpointUrl: endpoint, accessToken: 'not-the-token' }))
report.wrongToken = await refusal(() => wrong.pinsGet({}))

// add, then wait until the node has pinned it
const before = new Date(Date.now() - 1000)
const added = await client.pinsPost({ pin: { cid: cidA, name: 'interop-a.txt', meta: { app: 'interop', run: '1' } } })
report.added = plain(added)
report.pinned = plain(await until(added.requestid, Status.Pinned))

// list with each kind of filter the client can send
report.lists = {
  plain: await client.pinsGet({}),
  byCid: await client.pinsGet({ cid: [cidA, cidB] }),
  byName: await client.pinsGet({ name: 'INTEROP', match: 'ipartial' }),
  byExactNameMiss: await client.pinsGet({ name: 'INTEROP-a.txt' }),
  byStatus: await client.pinsGet({ status: [Status.Queued, Status.Pinning, Status.Failed] }),
  byMeta: await client.pinsGet({ meta: { app: 'interop' } }),
  byMetaMiss: await client.pinsGet({ meta: { app: 'other' } }),
  after: await client.pinsGet({ after: before, limit: 1 }),
  before: await client.pinsGet({ before })
}
for (const [k, v] of Object.entries(report.lists)) {
  report.lists[k] = { count: v.count, requestids: v.results.map(r => r.requestid) }
}

// get, replace, and the old request is gone
report.got = plain(await client.pinsRequestidGet({ requestid: added.requestid }))
const replaced = await client.pinsRequestidPost({ requestid: added.requestid, pin: { cid: cidB, name: 'interop-b.txt' } })
report.replaced = plain(replaced)
report.oldAfterReplace = await refusal(() => client.pinsRequestidGet({ requestid: added.requestid }))
report.replacedPinned = plain(await until(replaced.requestid, Status.Pinned))

// delete, and nothing is left in any status
await client.pinsRequestidDelete({ requestid: replaced.requestid })
report.deletedGet = await refusal(() => client.pinsRequestidGet({ requestid: replaced.requestid }))
const left = await client.pinsGet({ status: [Status.Queued, Status.Pinning, Status.Pinned, Status.Failed] })
report.leftAfterDelete = { count: left.count, results: left.results.length }

console.log(JSON.stringify(report))
