// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {PieceCids} from "./PieceCids.sol";

/// @title PieceCidsProbe
/// @notice Piece CID parsing and challenge derivation as the markets do them, as external calls
/// that take many inputs at once, for the differential tests against the Java code.
contract PieceCidsProbe {
    function parse(bytes calldata cid) external pure returns (uint8 height, uint64 leafCount, bytes32 root) {
        return PieceCids.parse(cid);
    }

    /// @notice Parses every CID; where one is refused, its revert data is in `errors` and the
    /// other outputs are 0 at that index.
    function parseAll(bytes[] calldata cids)
        external
        view
        returns (uint8[] memory heights, uint64[] memory leafCounts, bytes32[] memory roots, bytes[] memory errors)
    {
        heights = new uint8[](cids.length);
        leafCounts = new uint64[](cids.length);
        roots = new bytes32[](cids.length);
        errors = new bytes[](cids.length);
        for (uint256 k = 0; k < cids.length; k++) {
            try this.parse(cids[k]) returns (uint8 h, uint64 n, bytes32 r) {
                (heights[k], leafCounts[k], roots[k]) = (h, n, r);
            } catch (bytes memory err) {
                errors[k] = err;
            }
        }
    }

    /// @notice Challenge `i[k]` of seed `seeds[k]` on set `setIds[k]` of `leafCounts[k]` leaves,
    /// derived as StorageMarket derives it.
    function challenges(
        uint256[] calldata seeds,
        uint256[] calldata setIds,
        uint64[] calldata i,
        uint64[] calldata leafCounts
    ) external pure returns (uint256[] memory leaves) {
        leaves = new uint256[](seeds.length);
        for (uint256 k = 0; k < seeds.length; k++) {
            leaves[k] = uint256(keccak256(abi.encodePacked(seeds[k], setIds[k], i[k]))) % leafCounts[k];
        }
    }
}
