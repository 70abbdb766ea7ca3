// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

/// @title PieceCidsV1 (the v1 market's copy)
/// @notice Reads a v2 piece CID (FRC-0069) in binary form: CIDv1 (0x01), raw codec (0x55), the
/// multihash fr32-sha256-trunc254-padbintree (0x1011, varint 0x91 0x20), the digest length, then
/// the digest: uvarint padding, 1 byte tree height, 32-byte root. Challenges fall on the leaves
/// that hold payload, counted as FilOz PDP's Cids.leafCount counts them.
library PieceCidsV1 {
    uint256 internal constant MIN_HEIGHT = 2;
    /// A height of 57 gives 2^62 bytes of padded data: as far as a 64-bit count of leaves goes.
    uint256 internal constant MAX_HEIGHT = 57;

    error InvalidPieceCid(string what);

    /// @return height the tree height
    /// @return leafCount the leaves that hold payload: the challenge range
    /// @return root the tree root
    function parse(bytes calldata cid) internal pure returns (uint8 height, uint64 leafCount, bytes32 root) {
        if (cid.length < 5 + 1 + 33) revert InvalidPieceCid("too short");
        if (cid[0] != 0x01) revert InvalidPieceCid("not a CIDv1");
        if (cid[1] != 0x55) revert InvalidPieceCid("codec is not raw");
        if (cid[2] != 0x91 || cid[3] != 0x20) revert InvalidPieceCid("multihash is not fr32-sha256-trunc254-padbintree");
        uint256 digestLength = uint8(cid[4]);
        if (digestLength >= 0x80 || digestLength != cid.length - 5) revert InvalidPieceCid("digest length");

        // uvarint padding, at most 9 bytes for 63 bits, minimally encoded
        uint256 padding;
        uint256 pos = 5;
        for (uint256 shift = 0;; shift += 7) {
            if (pos >= cid.length - 33 || shift > 56) revert InvalidPieceCid("padding varint");
            uint256 b = uint8(cid[pos++]);
            padding |= (b & 0x7f) << shift;
            if (b < 0x80) {
                if (b == 0 && shift != 0) revert InvalidPieceCid("padding varint not minimal");
                break;
            }
        }
        if (pos != cid.length - 33) revert InvalidPieceCid("digest length");
        uint256 h = uint8(cid[pos]);
        if (h < MIN_HEIGHT || h > MAX_HEIGHT) revert InvalidPieceCid("height");
        root = bytes32(cid[pos + 1:pos + 33]);
        if (uint256(root) & 0xc0 != 0) revert InvalidPieceCid("root is not a sha254 node");

        // payload capacity 127 * 2^(h-2); a larger padding than half of it would fit a smaller tree
        uint256 capacity = 127 << (h - MIN_HEIGHT);
        uint256 limit = h == MIN_HEIGHT ? capacity : capacity / 2 - 1;
        if (padding > limit) revert InvalidPieceCid("padding");
        uint256 paddingLeaves = (padding / 127 * 128 + padding % 127 * 128 / 127) >> 5;
        uint256 leaves = (uint256(1) << h) - paddingLeaves;
        if (leaves == 0) revert InvalidPieceCid("no payload");
        return (uint8(h), uint64(leaves), root);
    }
}
