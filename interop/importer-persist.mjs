// Stands in for ipfs-unixfs-importer's utils/persist.js (see importer-hooks.mjs): hashes a block
// with the function Kubo's --hash names, and gives blocks of at most --inline-limit bytes an
// identity CIDv1 of the same codec, as Kubo's inline CID builder (go-cidutil InlineBuilder) does.
import * as dagPb from '@ipld/dag-pb'
import { CID } from 'multiformats/cid'
import { identity } from 'multiformats/hashes/identity'
import { sha256, sha512 } from 'multiformats/hashes/sha2'

export const persist = async (buffer, blockstore, options) => {
  if (options.codec == null) {
    options.codec = dagPb
  }
  const cfg = globalThis.cairnPersist ?? {}
  let cid
  if (cfg.inlineLimit != null && buffer.length <= cfg.inlineLimit) {
    cid = CID.createV1(options.codec.code, identity.digest(buffer))
  } else {
    const hasher = cfg.hash === 'sha2-512' ? sha512 : sha256
    cid = CID.create(options.cidVersion ?? 1, options.codec.code, await hasher.digest(buffer))
  }
  await blockstore.put(cid, buffer, options)
  return cid
}
