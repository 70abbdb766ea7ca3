// Module hook for importer-cids.mjs: swaps ipfs-unixfs-importer's persist step for
// importer-persist.mjs, which names blocks with the hash function and inlining Kubo is given.
export async function resolve (specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context)
  if (resolved.url.endsWith('/ipfs-unixfs-importer/dist/src/utils/persist.js')) {
    return { ...resolved, url: new URL('./importer-persist.mjs', import.meta.url).href, shortCircuit: true }
  }
  return resolved
}
