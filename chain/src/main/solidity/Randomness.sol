// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

/// @title Randomness
/// @notice Randomness that no single party can steer: the `prevrandao` (RANDAO mix, the header's
/// `mixHash` field) of a block fixed in advance, read back later from that block's RLP header,
/// which must hash to the block's hash. A block builder can grind a block's hash by choosing its
/// transactions, but not its `prevrandao`: on a proof-of-stake L1 it is the beacon chain's RANDAO
/// mix, which the proposer can only bias by one bit (by withholding its block). Block hashes come
/// from `blockhash` for the last 256 blocks and from the EIP-2935 history contract for up to 8191,
/// so a window may be longer than 256 blocks where the chain has EIP-2935 (Prague).
///
/// What this is worth depends on the chain: see docs/chain.md ("Randomness"). On an L2 whose
/// sequencer sets `prevrandao` (or sets it to a constant), the sequencer is trusted for it.
library Randomness {
    /// The EIP-2935 block-hash history contract.
    address internal constant HISTORY = 0x0000F90827F1C53a10cb7A02335B175320002935;
    /// How far back the history contract reaches.
    uint256 internal constant HISTORY_BLOCKS = 8191;
    /// The position of `mixHash` in the header's RLP list.
    uint256 private constant MIX_HASH_FIELD = 13;

    error RandomnessNotYet(uint256 blockNumber);
    error RandomnessTooOld(uint256 blockNumber);
    error WrongHeader(uint256 blockNumber);
    error MalformedHeader(string what);

    /// @notice The hash of past block `n`.
    function blockHash(uint256 n) internal view returns (bytes32 h) {
        if (n >= block.number) revert RandomnessNotYet(n);
        uint256 age = block.number - n;
        if (age <= 256) return blockhash(n);
        if (age > HISTORY_BLOCKS || HISTORY.code.length == 0) revert RandomnessTooOld(n);
        (bool ok, bytes memory ret) = HISTORY.staticcall(abi.encode(n));
        if (!ok || ret.length != 32) revert RandomnessTooOld(n);
        h = abi.decode(ret, (bytes32));
    }

    /// @notice The `prevrandao` of past block `n`, read from `header`, the block's RLP-encoded
    /// header, which must hash to the block's hash.
    function prevrandaoOf(uint256 n, bytes calldata header) internal view returns (uint256) {
        bytes32 h = blockHash(n);
        if (h == bytes32(0) || keccak256(header) != h) revert WrongHeader(n);
        return uint256(mixHash(header));
    }

    /// @notice The `mixHash` field of an RLP-encoded block header.
    function mixHash(bytes calldata header) internal pure returns (bytes32) {
        if (header.length < 2 || uint8(header[0]) < 0xf8) revert MalformedHeader("not a long RLP list");
        uint256 lengthBytes = uint8(header[0]) - 0xf7;
        if (lengthBytes > 3 || header.length < 1 + lengthBytes) revert MalformedHeader("list length");
        uint256 listLength = uint256(bytes32(header[1:1 + lengthBytes])) >> (256 - 8 * lengthBytes);
        uint256 p = 1 + lengthBytes;
        if (p + listLength != header.length) revert MalformedHeader("list length");
        for (uint256 i = 0; i < MIX_HASH_FIELD; i++) {
            p = _skip(header, p);
        }
        if (p + 33 > header.length || uint8(header[p]) != 0xa0) revert MalformedHeader("mixHash");
        return bytes32(header[p + 1:p + 33]);
    }

    /// The position after the RLP string at `p` (header fields are strings, never lists).
    function _skip(bytes calldata b, uint256 p) private pure returns (uint256 next) {
        if (p >= b.length) revert MalformedHeader("truncated");
        uint256 x = uint8(b[p]);
        if (x < 0x80) {
            next = p + 1;
        } else if (x < 0xb8) {
            next = p + 1 + (x - 0x80);
        } else if (x < 0xc0) {
            uint256 lengthBytes = x - 0xb7;
            if (lengthBytes > 3 || p + 1 + lengthBytes > b.length) revert MalformedHeader("string length");
            uint256 length = uint256(bytes32(b[p + 1:p + 1 + lengthBytes])) >> (256 - 8 * lengthBytes);
            next = p + 1 + lengthBytes + length;
        } else {
            revert MalformedHeader("nested list");
        }
        if (next > b.length) revert MalformedHeader("truncated");
    }
}
