// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {Randomness} from "./Randomness.sol";

/// @title RandomnessProbe
/// @notice The Randomness library's functions as external calls, for tests.
contract RandomnessProbe {
    function blockHash(uint256 n) external view returns (bytes32) {
        return Randomness.blockHash(n);
    }

    function prevrandaoOf(uint256 n, bytes calldata header) external view returns (uint256) {
        return Randomness.prevrandaoOf(n, header);
    }

    function mixHash(bytes calldata header) external pure returns (bytes32) {
        return Randomness.mixHash(header);
    }
}
