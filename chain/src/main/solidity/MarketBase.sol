// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {ProviderRegistry} from "./ProviderRegistry.sol";

interface IERC20 {
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
    function balanceOf(address account) external view returns (uint256);
}

/// @title MarketBase
/// @notice What the storage and compute markets share: escrow pulled in native currency or an
/// ERC-20 (fee-on-transfer tokens refused), pull payments credited per account and token and
/// withdrawn by their owner, a burn account for the slashed share that must go to no party, and a
/// reentrancy guard. A market's native and token balances always equal what it owes: the
/// withdrawable balances (the burn account's included) plus what it holds for live deals and jobs.
abstract contract MarketBase {
    /// Slashed amounts that must benefit no party are credited here; nobody holds its key.
    address public constant BURN = 0x000000000000000000000000000000000000dEaD;

    ProviderRegistry public immutable registry;

    mapping(address => mapping(address => uint256)) internal balances;
    bool private locked;

    event Withdrawn(address indexed account, address indexed token, uint256 amount);
    event Burned(address indexed token, uint256 amount);

    error InvalidParams(string what);
    error ReentrantCall();
    error WrongPayment(uint256 expected, uint256 received);
    error NothingToWithdraw();
    error TransferFailed(address token);

    modifier nonReentrant() {
        if (locked) revert ReentrantCall();
        locked = true;
        _;
        locked = false;
    }

    constructor(ProviderRegistry registry_) {
        if (address(registry_) == address(0)) revert InvalidParams("registry");
        registry = registry_;
    }

    /// @notice Pays the sender what the market holds for it in `token` (address(0): native).
    function withdraw(address token) external nonReentrant {
        uint256 amount = balances[msg.sender][token];
        if (amount == 0) revert NothingToWithdraw();
        balances[msg.sender][token] = 0;
        emit Withdrawn(msg.sender, token, amount);
        _send(token, msg.sender, amount);
    }

    function withdrawable(address account, address token) external view returns (uint256) {
        return balances[account][token];
    }

    function _credit(address account, address token, uint256 amount) internal {
        if (amount != 0) balances[account][token] += amount;
    }

    function _burn(address token, uint256 amount) internal {
        if (amount == 0) return;
        balances[BURN][token] += amount;
        emit Burned(token, amount);
    }

    /// Pulls `amount` of `token` from `from`: native must come with the call, exactly.
    function _receive(address token, address from, uint256 amount) internal {
        if (token == address(0)) {
            if (msg.value != amount) revert WrongPayment(amount, msg.value);
            return;
        }
        if (msg.value != 0) revert WrongPayment(0, msg.value);
        if (amount == 0) return;
        uint256 before = IERC20(token).balanceOf(address(this));
        _call(token, abi.encodeCall(IERC20.transferFrom, (from, address(this), amount)));
        uint256 received = IERC20(token).balanceOf(address(this)) - before;
        if (received != amount) revert WrongPayment(amount, received);
    }

    function _send(address token, address to, uint256 amount) internal {
        if (token == address(0)) {
            (bool ok,) = to.call{value: amount}("");
            if (!ok) revert TransferFailed(token);
        } else {
            _call(token, abi.encodeCall(IERC20.transfer, (to, amount)));
        }
    }

    /// Calls an ERC-20 and accepts no return data (older tokens) or a true.
    function _call(address token, bytes memory data) private {
        if (token.code.length == 0) revert TransferFailed(token);
        (bool ok, bytes memory ret) = token.call(data);
        if (!ok || (ret.length != 0 && (ret.length != 32 || abi.decode(ret, (uint256)) != 1))) {
            revert TransferFailed(token);
        }
    }
}
