// Checks a Cairn proof bundle (JSON) with independent tools, as a contract would see it:
// challenges from viem's encodePacked + keccak256 (the PDPVerifier derivation), pieces and
// inclusion proofs from @web3-storage/data-segment, provePossession calldata from viem's ABI coder.
// Usage: node proofs-verify.mjs BUNDLE.json ; prints
//   {"leafCount":N,"challenges":[{"setLeaf":N,"piece":K,"offset":N,"valid":true}],"calldata":"0x.."}
import { readFileSync } from 'node:fs'
import { encodeFunctionData, encodePacked, hexToBytes, keccak256 } from 'viem'
import { Piece, Proof } from '@web3-storage/data-segment'

const bundle = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const pieces = bundle.pieces.map((s) => Piece.fromString(s))
// PDP's Cids.leafCount: leaves holding any payload
const dataLeaves = (p) => (1n << BigInt(p.height)) - (((128n * BigInt(p.padding)) / 127n) >> 5n)
const starts = [0n]
for (const p of pieces) starts.push(starts[starts.length - 1] + dataLeaves(p))
const leafCount = starts[starts.length - 1]

const challenges = bundle.proofs.map((proof, i) => {
  const packed = encodePacked(['uint256', 'uint256', 'uint64'], [BigInt(bundle.seed), BigInt(bundle.setId), BigInt(i)])
  const setLeaf = BigInt(keccak256(packed)) % leafCount
  let piece = 0
  while (starts[piece + 1] <= setLeaf) piece++
  const offset = setLeaf - starts[piece]
  const p = pieces[piece]
  const path = proof.proof.map((h) => hexToBytes(h))
  const result = path.length === p.height
    ? Proof.verify([offset, path], { tree: p.root, node: hexToBytes(proof.leaf) })
    : { error: new Error('wrong path length') }
  return { setLeaf: Number(setLeaf), piece, offset: Number(offset), valid: result.ok !== undefined }
})

const abi = [{
  type: 'function',
  name: 'provePossession',
  stateMutability: 'payable',
  outputs: [],
  inputs: [
    { name: 'setId', type: 'uint256' },
    { name: 'proofs', type: 'tuple[]', components: [{ name: 'leaf', type: 'bytes32' }, { name: 'proof', type: 'bytes32[]' }] }
  ]
}]
const calldata = encodeFunctionData({
  abi,
  functionName: 'provePossession',
  args: [BigInt(bundle.setId), bundle.proofs.map((p) => ({ leaf: p.leaf, proof: p.proof }))]
})
console.log(JSON.stringify({ leafCount: Number(leafCount), challenges, calldata }))
