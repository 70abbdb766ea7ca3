// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {ProviderRegistryV1 as ProviderRegistry} from "./ProviderRegistryV1.sol";
import {PieceCids} from "./PieceCids.sol"; // unchanged since v1

interface IERC20 {
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
    function balanceOf(address account) external view returns (uint256);
}

/// @title StorageMarketV1 (the market before issue 12, kept to show the attacks the current one stops)
/// @notice Storage deals paid per proven period. A client opens a deal for one piece (named by its
/// v2 piece CID, FRC-0069) with a chosen provider and escrows the whole fee; the provider accepts
/// and locks collateral. Proving period k of a deal accepted at block `start` takes its seed from
/// the hash of block `start + k*periodBlocks + periodBlocks - windowBlocks`; once that block is
/// mined the provider has `windowBlocks` blocks to submit `provePossession` with one Merkle proof
/// per challenge (challenges derived as FilOz PDP derives them, the deal ID standing for the
/// proof set ID). A proven period pays its price to the provider; a period whose window passed
/// unproven refunds its price to the client and slashes `slashPercent` of the collateral to the
/// client. All payments are credited here and withdrawn by their owner (pull payments).
contract StorageMarketV1 {
    enum DealState {
        Open,
        Active,
        Ended,
        Cancelled
    }

    struct Proof {
        bytes32 leaf;
        bytes32[] proof;
    }

    struct Deal {
        address client;
        address provider;
        address token;
        DealState state;
        uint8 height;
        uint64 leafCount;
        uint64 periods;
        uint64 openedBlock;
        uint64 startBlock;
        uint32 periodsProven;
        uint32 periodsFaulted;
        uint32 periodsSettled;
        bytes32 root;
        uint256 pricePerPeriod;
        uint256 collateral;
        uint256 collateralLeft;
        uint256 paid;
        uint256 refunded;
        bytes pieceCid;
    }

    /// The longest deal, in periods.
    uint256 public constant MAX_PERIODS = 100_000;
    /// The most periods one call settles, so a long neglected deal never needs more gas than a
    /// block holds; further calls settle the rest.
    uint256 public constant MAX_SETTLE = 500;

    ProviderRegistry public immutable registry;
    uint256 public immutable periodBlocks;
    uint256 public immutable windowBlocks;
    uint256 public immutable challengesPerProof;
    uint256 public immutable collateralPercent;
    uint256 public immutable slashPercent;
    uint256 public immutable acceptBlocks;

    uint256 public dealCount;
    mapping(uint256 => Deal) private deals;
    mapping(uint256 => mapping(uint256 => uint256)) private provenBits;
    mapping(address => mapping(address => uint256)) private balances;
    bool private locked;

    event DealOpened(
        uint256 indexed dealId,
        address indexed client,
        address indexed provider,
        address token,
        bytes pieceCid,
        uint64 periods,
        uint256 pricePerPeriod
    );
    event DealAccepted(uint256 indexed dealId, address indexed provider, uint64 startBlock, uint256 collateral);
    event DealCancelled(uint256 indexed dealId, address indexed client, uint256 refund);
    event PeriodProven(uint256 indexed dealId, uint64 period, address indexed provider, uint256 payment);
    event PeriodFaulted(uint256 indexed dealId, uint64 period, address indexed client, uint256 refund, uint256 slashed);
    event DealEnded(
        uint256 indexed dealId, uint32 periodsProven, uint32 periodsFaulted, uint256 collateralReturned, bool failed
    );
    event Withdrawn(address indexed account, address indexed token, uint256 amount);

    error InvalidParams(string what);
    error ReentrantCall();
    error UnknownDeal(uint256 dealId);
    error WrongState(uint256 dealId, DealState state);
    error NotClient(uint256 dealId);
    error NotProvider(uint256 dealId);
    error ProviderNotActive(address provider);
    error SelfDeal();
    error InvalidTerms(string what);
    error WrongPayment(uint256 expected, uint256 received);
    error AcceptanceExpired(uint256 dealId, uint256 deadline);
    error NoWindowOpen(uint256 dealId, uint256 blockNumber);
    error PeriodAlreadyProven(uint256 dealId, uint256 period);
    error SeedUnavailable(uint256 seedBlock);
    error WrongProofCount(uint256 expected, uint256 given);
    error WrongPathLength(uint256 index, uint256 length, uint256 height);
    error InvalidProof(uint256 index);
    error NothingToSettle(uint256 dealId);
    error NothingToWithdraw();
    error TransferFailed(address token);

    modifier nonReentrant() {
        if (locked) revert ReentrantCall();
        locked = true;
        _;
        locked = false;
    }

    constructor(
        ProviderRegistry registry_,
        uint256 periodBlocks_,
        uint256 windowBlocks_,
        uint256 challengesPerProof_,
        uint256 collateralPercent_,
        uint256 slashPercent_,
        uint256 acceptBlocks_
    ) {
        if (address(registry_) == address(0)) revert InvalidParams("registry");
        // The seed block must come after acceptance, and blockhash reaches 256 blocks back.
        if (windowBlocks_ == 0 || windowBlocks_ >= periodBlocks_ || windowBlocks_ > 256) {
            revert InvalidParams("windowBlocks");
        }
        if (periodBlocks_ > 1_000_000) revert InvalidParams("periodBlocks");
        if (challengesPerProof_ == 0 || challengesPerProof_ > 100) revert InvalidParams("challengesPerProof");
        if (collateralPercent_ > 1000) revert InvalidParams("collateralPercent");
        if (slashPercent_ > 100) revert InvalidParams("slashPercent");
        if (acceptBlocks_ == 0) revert InvalidParams("acceptBlocks");
        registry = registry_;
        periodBlocks = periodBlocks_;
        windowBlocks = windowBlocks_;
        challengesPerProof = challengesPerProof_;
        collateralPercent = collateralPercent_;
        slashPercent = slashPercent_;
        acceptBlocks = acceptBlocks_;
    }

    // ---- deals --------------------------------------------------------------------------------

    /// @notice Opens a deal and escrows its whole fee, `pricePerPeriod * periods`, in `token`
    /// (address(0): native currency sent with the call; else an ERC-20 the market may pull).
    function openDeal(bytes calldata pieceCid, uint64 periods, uint256 pricePerPeriod, address provider, address token)
        external
        payable
        nonReentrant
        returns (uint256 dealId)
    {
        if (!registry.isActive(provider)) revert ProviderNotActive(provider);
        if (provider == msg.sender) revert SelfDeal();
        if (periods == 0 || periods > MAX_PERIODS) revert InvalidTerms("periods");
        if (pricePerPeriod == 0) revert InvalidTerms("pricePerPeriod");
        // total * collateralPercent must not overflow
        if (pricePerPeriod > type(uint256).max / 1000 / periods) revert InvalidTerms("pricePerPeriod");
        (uint8 height, uint64 leafCount, bytes32 root) = PieceCids.parse(pieceCid);
        uint256 total = pricePerPeriod * periods;

        dealId = ++dealCount;
        Deal storage d = deals[dealId];
        d.client = msg.sender;
        d.provider = provider;
        d.token = token;
        d.state = DealState.Open;
        d.height = height;
        d.leafCount = leafCount;
        d.periods = periods;
        d.openedBlock = uint64(block.number);
        d.root = root;
        d.pricePerPeriod = pricePerPeriod;
        d.pieceCid = pieceCid;
        emit DealOpened(dealId, msg.sender, provider, token, pieceCid, periods, pricePerPeriod);

        _receive(token, msg.sender, total);
    }

    /// @notice The chosen provider accepts an open deal within `acceptBlocks` of its opening and
    /// locks `collateralPercent` of the fee as collateral, in the deal's currency.
    function acceptDeal(uint256 dealId) external payable nonReentrant {
        Deal storage d = _deal(dealId);
        if (msg.sender != d.provider) revert NotProvider(dealId);
        if (d.state != DealState.Open) revert WrongState(dealId, d.state);
        uint256 deadline = uint256(d.openedBlock) + acceptBlocks;
        if (block.number > deadline) revert AcceptanceExpired(dealId, deadline);
        if (!registry.isActive(msg.sender)) revert ProviderNotActive(msg.sender);
        uint256 collateral = d.pricePerPeriod * d.periods * collateralPercent / 100;

        d.state = DealState.Active;
        d.startBlock = uint64(block.number);
        d.collateral = collateral;
        d.collateralLeft = collateral;
        emit DealAccepted(dealId, msg.sender, uint64(block.number), collateral);

        registry.dealStarted(msg.sender);
        _receive(d.token, msg.sender, collateral);
    }

    /// @notice The client withdraws an offer the provider has not accepted; the escrow is
    /// credited back to the client.
    function cancelDeal(uint256 dealId) external nonReentrant {
        Deal storage d = _deal(dealId);
        if (msg.sender != d.client) revert NotClient(dealId);
        if (d.state != DealState.Open) revert WrongState(dealId, d.state);
        uint256 refund = d.pricePerPeriod * d.periods;
        d.state = DealState.Cancelled;
        d.refunded = refund;
        balances[d.client][d.token] += refund;
        emit DealCancelled(dealId, msg.sender, refund);
    }

    // ---- proving ------------------------------------------------------------------------------

    /// @notice Proves the period whose challenge window is open: one proof per challenge, in
    /// challenge order, each the challenged leaf and its siblings from the bottom of the piece
    /// tree up. Pays the period's price to the provider.
    function provePossession(uint256 dealId, Proof[] calldata proofs) external nonReentrant {
        Deal storage d = _deal(dealId);
        if (msg.sender != d.provider) revert NotProvider(dealId);
        if (d.state != DealState.Active) revert WrongState(dealId, d.state);
        (uint256 period, uint256 seedBlock) = _openPeriod(d, dealId);
        if (_isProven(dealId, period)) revert PeriodAlreadyProven(dealId, period);
        if (proofs.length != challengesPerProof) revert WrongProofCount(challengesPerProof, proofs.length);
        bytes32 hash = blockhash(seedBlock);
        if (hash == bytes32(0)) revert SeedUnavailable(seedBlock);
        _verify(d, dealId, uint256(hash), proofs);

        provenBits[dealId][period >> 8] |= 1 << (period & 0xff);
        d.periodsProven += 1;
        d.paid += d.pricePerPeriod;
        balances[d.provider][d.token] += d.pricePerPeriod;
        emit PeriodProven(dealId, uint64(period), d.provider, d.pricePerPeriod);
        _settle(d, dealId);
        registry.periodProven(d.provider);
    }

    /// @notice Processes the periods whose windows have passed: anyone may call it.
    function settle(uint256 dealId) external nonReentrant {
        Deal storage d = _deal(dealId);
        if (d.state != DealState.Active) revert WrongState(dealId, d.state);
        if (_settle(d, dealId) == 0) revert NothingToSettle(dealId);
    }

    /// @notice Pays the sender what the market holds for it in `token` (address(0): native).
    function withdraw(address token) external nonReentrant {
        uint256 amount = balances[msg.sender][token];
        if (amount == 0) revert NothingToWithdraw();
        balances[msg.sender][token] = 0;
        emit Withdrawn(msg.sender, token, amount);
        _send(token, msg.sender, amount);
    }

    // ---- views --------------------------------------------------------------------------------

    function withdrawable(address account, address token) external view returns (uint256) {
        return balances[account][token];
    }

    function isProven(uint256 dealId, uint256 period) external view returns (bool) {
        return _isProven(dealId, period);
    }

    function dealParties(uint256 dealId)
        external
        view
        returns (address client, address provider, address token, bytes memory pieceCid)
    {
        Deal storage d = _deal(dealId);
        return (d.client, d.provider, d.token, d.pieceCid);
    }

    function dealStatus(uint256 dealId)
        external
        view
        returns (
            DealState state,
            uint64 leafCount,
            uint64 periods,
            uint256 pricePerPeriod,
            uint64 startBlock,
            uint256 collateralLeft,
            uint32 periodsProven,
            uint32 periodsFaulted,
            uint32 periodsSettled,
            uint256 paid,
            uint256 refunded
        )
    {
        Deal storage d = _deal(dealId);
        return (
            d.state,
            d.leafCount,
            d.periods,
            d.pricePerPeriod,
            d.startBlock,
            d.collateralLeft,
            d.periodsProven,
            d.periodsFaulted,
            d.periodsSettled,
            d.paid,
            d.refunded
        );
    }

    /// @notice The challenged leaf `i` of a deal for a seed, as `provePossession` derives it.
    function challengeLeaf(uint256 dealId, uint256 seed, uint64 i) external view returns (uint256) {
        return _challenge(seed, dealId, i, _deal(dealId).leafCount);
    }

    // ---- internals ----------------------------------------------------------------------------

    function _deal(uint256 dealId) private view returns (Deal storage d) {
        d = deals[dealId];
        if (d.client == address(0)) revert UnknownDeal(dealId);
    }

    function _isProven(uint256 dealId, uint256 period) private view returns (bool) {
        return provenBits[dealId][period >> 8] & (1 << (period & 0xff)) != 0;
    }

    /// The period whose window holds the current block, and its seed block.
    function _openPeriod(Deal storage d, uint256 dealId) private view returns (uint256 period, uint256 seedBlock) {
        uint256 start = d.startBlock;
        if (block.number <= start) revert NoWindowOpen(dealId, block.number);
        period = (block.number - start - 1) / periodBlocks;
        seedBlock = start + period * periodBlocks + periodBlocks - windowBlocks;
        if (period >= d.periods || block.number <= seedBlock) revert NoWindowOpen(dealId, block.number);
    }

    function _challenge(uint256 seed, uint256 dealId, uint64 i, uint64 leafCount) private pure returns (uint256) {
        return uint256(keccak256(abi.encodePacked(seed, dealId, i))) % leafCount;
    }

    function _verify(Deal storage d, uint256 dealId, uint256 seed, Proof[] calldata proofs) private view {
        uint64 leafCount = d.leafCount;
        uint256 height = d.height;
        bytes32 root = d.root;
        for (uint256 i = 0; i < proofs.length; i++) {
            bytes32[] calldata path = proofs[i].proof;
            if (path.length != height) revert WrongPathLength(i, path.length, height);
            uint256 position = _challenge(seed, dealId, uint64(i), leafCount);
            if (!_leadsTo(proofs[i].leaf, path, position, root)) revert InvalidProof(i);
        }
    }

    /// Walks the path from the leaf at `position` up: bit j of the position set puts sibling j on
    /// the left. Each parent is sha256(left || right) with the top two bits of its last byte
    /// cleared (sha254), computed by the SHA-256 precompile.
    function _leadsTo(bytes32 leaf, bytes32[] calldata path, uint256 position, bytes32 root)
        private
        view
        returns (bool ok)
    {
        assembly ("memory-safe") {
            let node := leaf
            let end := add(path.offset, shl(5, path.length))
            for { let p := path.offset } lt(p, end) { p := add(p, 0x20) } {
                let sibling := calldataload(p)
                switch and(position, 1)
                case 0 {
                    mstore(0x00, node)
                    mstore(0x20, sibling)
                }
                default {
                    mstore(0x00, sibling)
                    mstore(0x20, node)
                }
                if iszero(staticcall(gas(), 0x02, 0x00, 0x40, 0x00, 0x20)) { revert(0, 0) }
                node := and(mload(0x00), not(0xc0))
                position := shr(1, position)
            }
            ok := eq(node, root)
        }
    }

    /// Settles periods in order while each is either proven or past its window; a deal whose
    /// periods are all settled ends. Returns how many periods it settled.
    function _settle(Deal storage d, uint256 dealId) private returns (uint256 settled) {
        uint256 k = d.periodsSettled;
        uint256 periods = d.periods;
        uint256 start = d.startBlock;
        uint256 price = d.pricePerPeriod;
        uint256 slash = d.collateral * slashPercent / 100;
        uint256 faults;
        uint256 refund;
        uint256 slashed;
        uint256 left = d.collateralLeft;
        while (k < periods && settled < MAX_SETTLE) {
            if (!_isProven(dealId, k)) {
                if (block.number <= start + (k + 1) * periodBlocks) break; // window not over yet
                uint256 s = slash < left ? slash : left;
                left -= s;
                slashed += s;
                refund += price;
                faults += 1;
                emit PeriodFaulted(dealId, uint64(k), d.client, price, s);
            }
            k += 1;
            settled += 1;
        }
        if (settled == 0) return 0;
        d.periodsSettled = uint32(k);
        if (faults != 0) {
            d.periodsFaulted += uint32(faults);
            d.refunded += refund;
            balances[d.client][d.token] += refund + slashed;
        }
        bool ended = k == periods;
        bool failed = uint256(d.periodsFaulted) * 2 > periods;
        if (ended) {
            d.state = DealState.Ended;
            d.collateralLeft = 0;
            balances[d.provider][d.token] += left;
            emit DealEnded(dealId, d.periodsProven, d.periodsFaulted, left, failed);
        } else {
            d.collateralLeft = left;
        }
        if (faults != 0) registry.periodsFaulted(d.provider, uint64(faults));
        if (ended) registry.dealEnded(d.provider, failed);
    }

    function _receive(address token, address from, uint256 amount) private {
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

    function _send(address token, address to, uint256 amount) private {
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
