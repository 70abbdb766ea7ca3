// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

interface IMarket {
    function withdraw(address token) external;
}

/// @title MaliciousToken
/// @notice An ERC-20 whose transfer, once armed, calls back into the market's withdraw before it
/// moves any tokens, to check that the market refuses re-entry. It records what the re-entered
/// call answered instead of failing, so the outer call completes and the test sees both.
contract MaliciousToken {
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;
    address public market;
    bool public armed;
    bool public reentered;
    bytes public reentryError;
    uint256 public reentryAttempts;

    function mint(address to, uint256 amount) external {
        balanceOf[to] += amount;
    }

    function arm(address market_) external {
        market = market_;
        armed = true;
    }

    /// Acts as a market client: forwards a call made by this contract (open, cancel, withdraw).
    function execute(address target, bytes calldata data) external payable returns (bytes memory) {
        (bool ok, bytes memory ret) = target.call{value: msg.value}(data);
        if (!ok) {
            assembly {
                revert(add(ret, 0x20), mload(ret))
            }
        }
        return ret;
    }

    function approve(address spender, uint256 amount) external returns (bool) {
        allowance[msg.sender][spender] = amount;
        return true;
    }

    function transfer(address to, uint256 amount) external returns (bool) {
        _attack();
        _move(msg.sender, to, amount);
        return true;
    }

    function transferFrom(address from, address to, uint256 amount) external returns (bool) {
        require(allowance[from][msg.sender] >= amount, "allowance");
        allowance[from][msg.sender] -= amount;
        _move(from, to, amount);
        return true;
    }

    function _attack() private {
        if (!armed || msg.sender != market) return;
        armed = false;
        reentryAttempts += 1;
        try IMarket(market).withdraw(address(this)) {
            reentered = true;
        } catch (bytes memory reason) {
            reentryError = reason;
        }
    }

    function _move(address from, address to, uint256 amount) private {
        require(balanceOf[from] >= amount, "balance");
        balanceOf[from] -= amount;
        balanceOf[to] += amount;
    }
}
