// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {MarketBase} from "./MarketBase.sol";
import {ProviderRegistry} from "./ProviderRegistry.sol";
import {PieceCids} from "./PieceCids.sol";
import {Randomness} from "./Randomness.sol";

// The storage market as it was before proof sets became per client: each provider had one proof
// set holding every client's pieces, and a piece left it only by a removal the provider made after
// a valid proof. Kept, with its proof sets and deal records (renamed), for the tests that show the
// padding attack succeed on it and fail on the current market.

/// @title ProofSets
/// @notice A provider's pieces gathered into one proof set, proven together each period as FilOz
/// PDP proves a data set: a sum tree (Fenwick) over the pieces' leaf counts maps a challenged set
/// leaf to its piece and the leaf's offset in O(log n) reads, so the challenges of a period are
/// drawn over the whole set, weighted by size, and one proof answers them all.
///
/// Period `p`'s challenge range is the set's leaf total at the start of `p`, taken lazily at the
/// first change or proof in `p`: pieces are appended at the end, so the leaves below the range do
/// not move, and a removal happens only once the period is proven. The market that inherits this
/// says what a piece is (its deal) and when periods begin.
abstract contract OneSetProofSets {
    struct ProofSet {
        address provider;
        uint64 pieceCount;
        uint64 leafTotal;
        uint64 rangePeriod; // 1 + the period `range` was taken for; 0: never
        uint64 range;
        uint32 liveDeals;
        mapping(uint256 => uint256) tree; // Fenwick tree over the pieces' leaf counts, 1-based
        mapping(uint256 => uint256) pieceDeal; // piece index => deal ID
        mapping(uint256 => uint256) pieceOf; // deal ID => piece index (0: none)
        mapping(uint256 => uint256) provenBits; // period >> 8 => bits
    }

    uint256 public setCount;
    mapping(uint256 => ProofSet) internal sets;
    mapping(address => uint256) public setOf;

    event PieceAdded(uint256 indexed setId, uint256 indexed dealId, uint64 pieceIndex, uint64 leafCount);
    event PieceRemoved(uint256 indexed setId, uint256 indexed dealId, uint64 pieceIndex);
    event SetProven(uint256 indexed setId, address indexed provider, uint64 period, uint64 range);

    error UnknownSet(address provider);
    error PeriodAlreadyProven(uint256 setId, uint256 period);
    error PeriodNotProven(uint256 setId, uint256 period);
    error NothingToProve(uint256 setId);
    error PieceStillInSet(uint256 dealId, uint256 setId);

    /// The period the chain is in now.
    function currentPeriod() public view virtual returns (uint256);

    function isProven(uint256 setId, uint256 period) external view returns (bool) {
        return _isProven(sets[setId], period);
    }

    /// @notice A set's provider, pieces appended, live leaves, the challenge range of the current
    /// period (as a proof now would take it) and its live deals.
    function setStatus(uint256 setId)
        external
        view
        returns (address provider, uint64 pieceCount, uint64 leafTotal, uint64 range, uint32 liveDeals)
    {
        ProofSet storage s = sets[setId];
        uint64 r = s.rangePeriod == currentPeriod() + 1 ? s.range : s.leafTotal;
        return (s.provider, s.pieceCount, s.leafTotal, r, s.liveDeals);
    }

    /// @notice Where challenge `i` of a seed falls in a set with challenge range `range`.
    function challengeOf(uint256 setId, uint256 seed, uint64 i, uint256 range)
        external
        view
        returns (uint256 pieceIndex, uint256 dealId, uint256 offset)
    {
        uint256 x = uint256(keccak256(abi.encodePacked(seed, setId, i))) % range;
        (pieceIndex, offset) = _find(sets[setId], x);
        dealId = sets[setId].pieceDeal[pieceIndex];
    }

    function _isProven(ProofSet storage s, uint256 period) internal view returns (bool) {
        return s.provenBits[period >> 8] & (1 << (period & 0xff)) != 0;
    }

    /// Takes period `p`'s challenge range if this is the first change or proof in `p`.
    function _range(ProofSet storage s, uint256 p) internal returns (uint256) {
        if (s.rangePeriod != p + 1) {
            s.rangePeriod = uint64(p + 1);
            s.range = s.leafTotal;
        }
        return s.range;
    }

    /// Appends a deal's piece of `leaves` leaves to its provider's set (created on its first
    /// deal) in period `p`; returns the set and the piece's index in it.
    function _addPiece(address provider, uint256 dealId, uint64 leaves, uint256 p)
        internal
        returns (uint256 setId, uint256 index)
    {
        setId = setOf[provider];
        if (setId == 0) {
            setId = ++setCount;
            setOf[provider] = setId;
            sets[setId].provider = provider;
        }
        ProofSet storage s = sets[setId];
        if (s.pieceOf[dealId] != 0) revert PieceStillInSet(dealId, setId);
        _range(s, p);
        uint256 n = s.pieceCount + 1;
        uint256 low = n & (~n + 1);
        // node n sums the pieces (n - low, n]: this one and those before it in that span
        s.tree[n] = leaves + _prefix(s, n - 1) - _prefix(s, n - low);
        s.pieceCount = uint64(n);
        s.pieceDeal[n] = dealId;
        s.pieceOf[dealId] = n;
        s.leafTotal += leaves;
        s.liveDeals += 1;
        emit PieceAdded(setId, dealId, uint64(n), leaves);
        return (setId, n);
    }

    /// Takes piece `index` (a deal's, of `leaves` leaves) out of set `s`, whose periods before
    /// `before` no longer need it; the pieces after it keep their indexes and hold the same leaves.
    function _removePiece(
        ProofSet storage s,
        uint256 setId,
        uint256 dealId,
        uint256 index,
        uint256 leaves,
        uint256 before
    ) internal {
        _range(s, before - 1);
        uint256 n = s.pieceCount;
        for (uint256 i = index; i <= n; i += i & (~i + 1)) {
            s.tree[i] -= leaves;
        }
        s.leafTotal -= uint64(leaves);
        s.pieceDeal[index] = 0;
        s.pieceOf[dealId] = 0;
        emit PieceRemoved(setId, dealId, uint64(index));
    }

    function _prefix(ProofSet storage s, uint256 i) internal view returns (uint256 sum) {
        for (; i > 0; i -= i & (~i + 1)) {
            sum += s.tree[i];
        }
    }

    /// The piece holding set leaf `x` and the leaf's offset in it: the first piece whose prefix
    /// sum exceeds `x` (removed pieces hold no leaves and are passed over).
    function _find(ProofSet storage s, uint256 x) internal view returns (uint256 index, uint256 offset) {
        uint256 n = s.pieceCount;
        uint256 step = 1;
        while (step * 2 <= n) step *= 2;
        uint256 pos;
        for (; step > 0; step >>= 1) {
            uint256 next = pos + step;
            if (next <= n) {
                uint256 t = s.tree[next];
                if (t <= x) {
                    pos = next;
                    x -= t;
                }
            }
        }
        return (pos + 1, x);
    }

    /// Walks the path from the leaf at `position` up: bit j of the position set puts sibling j on
    /// the left. Each parent is sha256(left || right) with the top two bits of its last byte
    /// cleared (sha254), computed by the SHA-256 precompile.
    function _leadsTo(bytes32 leaf, bytes32[] calldata path, uint256 position, bytes32 root)
        internal
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
}

/// @title StorageDeals
/// @notice The storage market's records: each deal, a change of its provider in progress, the
/// events that report them and the views that read them. StorageMarket, which inherits them, holds
/// what the parties can do.
abstract contract OneSetStorageDeals is OneSetProofSets {
    enum DealState {
        Open,
        Active,
        Ended,
        Cancelled
    }

    struct Deal {
        address client;
        address provider;
        address token;
        DealState state;
        uint8 height;
        bool terminated;
        uint64 leafCount;
        uint64 periods;
        uint64 openedBlock;
        uint64 startBlock;
        uint64 firstPeriod;
        uint64 endPeriod;
        uint32 periodsProven;
        uint32 periodsFaulted;
        uint32 periodsSettled;
        /// Faults in the periods of the current provider, and the first of them: whether a deal
        /// failed is judged per provider, so a provider cannot hand its faults to the next one.
        uint32 currentFaults;
        uint64 currentFrom;
        uint64 setId;
        uint64 pieceIndex;
        bytes32 root;
        uint256 pricePerPeriod;
        uint256 collateral;
        uint256 collateralLeft;
        uint256 paid;
        uint256 refunded;
        bytes pieceCid;
    }

    /// A change of provider: proposed by the provider, consented by the client, taken over by the
    /// new provider. Periods before `switchPeriod` are still the previous provider's.
    struct Handover {
        address proposed;
        bool consented;
        address previous;
        uint64 previousSet;
        uint64 switchPeriod;
        uint64 previousFrom;
        uint32 previousFaults;
        uint256 previousCollateral;
    }

    uint256 public dealCount;
    mapping(uint256 => Deal) internal deals;
    mapping(uint256 => Handover) internal handovers;


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
    event PeriodsSettled(uint256 indexed dealId, uint64 fromPeriod, uint64 toPeriod, uint32 proven, uint32 faulted);
    event DealTerminated(uint256 indexed dealId, address indexed by, uint64 endPeriod, uint256 refund, uint256 forfeited);
    event ProviderProposed(uint256 indexed dealId, address indexed provider);
    event ProviderConsented(uint256 indexed dealId, address indexed provider);
    event DealTakenOver(uint256 indexed dealId, address indexed previous, address indexed provider, uint64 switchPeriod);
    event DealEnded(
        uint256 indexed dealId, uint32 periodsProven, uint32 periodsFaulted, uint256 collateralReturned, bool failed
    );

    error UnknownDeal(uint256 dealId);

    /// @notice The deal of piece `index` (from 1) of a set, and its live leaf count (0: removed).
    function pieceAt(uint256 setId, uint256 index) external view returns (uint256 dealId, uint64 leafCount) {
        dealId = sets[setId].pieceDeal[index]; // cleared when the piece is removed
        leafCount = dealId == 0 ? 0 : deals[dealId].leafCount;
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

    /// @notice A deal's place in the proof sets and what the market holds for it: its periods
    /// `[firstPeriod, endPeriod)`, the escrow not yet paid or refunded, and the collateral held
    /// (a previous provider's included until its periods are settled).
    function dealPeriods(uint256 dealId)
        external
        view
        returns (
            uint64 setId,
            uint64 pieceIndex,
            uint64 firstPeriod,
            uint64 endPeriod,
            bool terminated,
            uint256 escrowLeft,
            uint256 collateralHeld,
            address previousProvider,
            uint64 switchPeriod
        )
    {
        Deal storage d = _deal(dealId);
        Handover storage h = handovers[dealId];
        uint256 escrow;
        if (d.state == DealState.Open) {
            escrow = d.pricePerPeriod * d.periods;
        } else if (d.state == DealState.Active) {
            escrow = (d.endPeriod - d.firstPeriod - d.periodsSettled) * d.pricePerPeriod;
        }
        return (
            d.setId,
            d.pieceIndex,
            d.firstPeriod,
            d.endPeriod,
            d.terminated,
            escrow,
            d.collateralLeft + h.previousCollateral,
            h.previous,
            h.switchPeriod
        );
    }

    function _deal(uint256 dealId) internal view returns (Deal storage d) {
        d = deals[dealId];
        if (d.client == address(0)) revert UnknownDeal(dealId);
    }
}

/// @title StorageMarket
/// @notice Storage deals paid per proven period, proven per provider as FilOz PDP proves a data
/// set. A client opens a deal for one piece (its v2 piece CID, FRC-0069) with a provider, within
/// the provider's on-chain terms, and escrows the whole fee; the provider accepts it, locking
/// collateral in the deal's currency and `stakePerDeal` of its registry stake, and the piece is
/// appended to the provider's one proof set. Periods are counted from the market's deployment
/// block; a deal accepted in period `a` is challenged and paid in periods `a+1 … a+periods`.
///
/// Period `p`'s challenge range is the set's leaf total at the start of `p` (see ProofSets). Its
/// seed is the `prevrandao` of the block just before the period's proving window,
/// `periodBlocks - windowBlocks - 1 >= lookahead` blocks after the range was fixed, read from the
/// block's header that the provider passes with its proof (see Randomness). One `provePeriod`
/// call answers `challengesPerProof` challenges drawn over the whole set, weighted by size:
/// challenge `i`, `keccak256(seed, setId, uint64 i) % range`, falls on a piece and leaf through
/// the set's sum tree. A proven period pays every deal in the set; each deal settles itself lazily
/// from the set's proven bits. The deals' records and views are in StorageDeals.
///
/// A period not proven by the end of its window refunds its price to the client and takes
/// `faultSlashPercent` of that price from the deal's collateral: `slashToClientPercent` of it to
/// the client, the rest burned, so that a client that censors the provider's proofs gains at most
/// that share (0 in the dev parameters), never more than the fault costs the provider.
contract StorageMarketOneSet is MarketBase, OneSetStorageDeals {
    struct Proof {
        bytes32 leaf;
        bytes32[] proof;
    }

    /// The longest deal, in periods.
    uint256 public constant MAX_PERIODS = 100_000;
    /// The most periods one `settle` call settles; further calls settle the rest.
    uint256 public constant MAX_SETTLE = 500;

    uint256 public immutable genesisBlock;
    uint256 public immutable periodBlocks;
    uint256 public immutable windowBlocks;
    uint256 public immutable challengesPerProof;
    uint256 public immutable collateralPercent;
    uint256 public immutable faultSlashPercent;
    uint256 public immutable slashToClientPercent;
    uint256 public immutable acceptBlocks;
    uint256 public immutable lookahead;
    uint256 public immutable stakePerDeal;
    uint256 public immutable noticePeriods;

    error WrongState(uint256 dealId, DealState state);
    error NotClient(uint256 dealId);
    error NotProvider(uint256 dealId);
    error NotParty(uint256 dealId);
    error ProviderNotActive(address provider);
    error SelfDeal();
    error InvalidTerms(string what);
    error OutsideProviderTerms(string what, uint256 limit, uint256 given);
    error AcceptanceExpired(uint256 dealId, uint256 deadline);
    error NoWindowOpen(uint256 period, uint256 blockNumber);
    error WrongProofCount(uint256 expected, uint256 given);
    error WrongPathLength(uint256 index, uint256 length, uint256 height);
    error InvalidProof(uint256 index);
    error NotRemovable(uint256 dealId);
    error NothingToSettle(uint256 dealId);
    error NothingToTerminate(uint256 dealId);
    error NoConsent(uint256 dealId);
    error HandoverPending(uint256 dealId);

    constructor(
        ProviderRegistry registry_,
        uint256 periodBlocks_,
        uint256 windowBlocks_,
        uint256 challengesPerProof_,
        uint256 collateralPercent_,
        uint256 faultSlashPercent_,
        uint256 slashToClientPercent_,
        uint256 acceptBlocks_,
        uint256 lookahead_,
        uint256 stakePerDeal_,
        uint256 noticePeriods_
    ) MarketBase(registry_) {
        // The seed block is at least `lookahead` blocks after the period's range is fixed; its
        // hash must still be readable at the end of the window: 256 blocks through blockhash,
        // 8191 where the EIP-2935 history contract is deployed.
        uint256 reach = Randomness.HISTORY.code.length == 0 ? 256 : Randomness.HISTORY_BLOCKS;
        if (lookahead_ < 2) revert InvalidParams("lookahead");
        if (windowBlocks_ == 0 || windowBlocks_ > reach || windowBlocks_ + lookahead_ + 1 > periodBlocks_) {
            revert InvalidParams("windowBlocks");
        }
        if (periodBlocks_ > 1_000_000) revert InvalidParams("periodBlocks");
        if (challengesPerProof_ == 0 || challengesPerProof_ > 100) revert InvalidParams("challengesPerProof");
        if (collateralPercent_ > 1000) revert InvalidParams("collateralPercent");
        if (faultSlashPercent_ > 1000) revert InvalidParams("faultSlashPercent");
        if (slashToClientPercent_ > 100) revert InvalidParams("slashToClientPercent");
        if (acceptBlocks_ == 0) revert InvalidParams("acceptBlocks");
        if (noticePeriods_ > MAX_PERIODS) revert InvalidParams("noticePeriods");
        genesisBlock = block.number;
        periodBlocks = periodBlocks_;
        windowBlocks = windowBlocks_;
        challengesPerProof = challengesPerProof_;
        collateralPercent = collateralPercent_;
        faultSlashPercent = faultSlashPercent_;
        slashToClientPercent = slashToClientPercent_;
        acceptBlocks = acceptBlocks_;
        lookahead = lookahead_;
        stakePerDeal = stakePerDeal_;
        noticePeriods = noticePeriods_;
    }

    // ---- deals --------------------------------------------------------------------------------

    /// @notice Opens a deal within the provider's terms and escrows its whole fee,
    /// `pricePerPeriod * periods`, in `token` (address(0): native currency sent with the call).
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
        if (pricePerPeriod > type(uint256).max / 1000 / periods) revert InvalidTerms("pricePerPeriod");
        (uint8 height, uint64 leafCount, bytes32 root) = PieceCids.parse(pieceCid);
        _checkTerms(provider, height, periods, pricePerPeriod);
        uint256 total = pricePerPeriod * periods;

        dealId = ++dealCount;
        Deal storage d = deals[dealId];
        d.client = msg.sender;
        d.provider = provider;
        d.token = token;
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
    /// within its terms, locks `collateralPercent` of the fee and `stakePerDeal` of its stake, and
    /// the piece joins its proof set (challenged from the next period on).
    function acceptDeal(uint256 dealId) external payable nonReentrant {
        Deal storage d = _deal(dealId);
        if (msg.sender != d.provider) revert NotProvider(dealId);
        if (d.state != DealState.Open) revert WrongState(dealId, d.state);
        uint256 deadline = uint256(d.openedBlock) + acceptBlocks;
        if (block.number > deadline) revert AcceptanceExpired(dealId, deadline);
        if (!registry.isActive(msg.sender)) revert ProviderNotActive(msg.sender);
        _checkTerms(msg.sender, d.height, d.periods, d.pricePerPeriod);
        uint256 collateral = d.pricePerPeriod * d.periods * collateralPercent / 100;
        uint256 p = currentPeriod();

        d.state = DealState.Active;
        d.startBlock = uint64(block.number);
        d.firstPeriod = uint64(p + 1);
        d.currentFrom = uint64(p + 1);
        d.endPeriod = uint64(p + 1 + d.periods);
        d.collateral = collateral;
        d.collateralLeft = collateral;
        _append(msg.sender, d, dealId, p);
        emit DealAccepted(dealId, msg.sender, uint64(block.number), collateral);

        registry.lockStake(msg.sender, stakePerDeal);
        registry.dealStarted(msg.sender);
        _receive(d.token, msg.sender, collateral);
    }

    /// @notice The client withdraws an offer the provider has not accepted.
    function cancelDeal(uint256 dealId) external nonReentrant {
        Deal storage d = _deal(dealId);
        if (msg.sender != d.client) revert NotClient(dealId);
        if (d.state != DealState.Open) revert WrongState(dealId, d.state);
        uint256 refund = d.pricePerPeriod * d.periods;
        d.state = DealState.Cancelled;
        d.refunded = refund;
        _credit(d.client, d.token, refund);
        emit DealCancelled(dealId, msg.sender, refund);
    }

    /// @notice Ends an active deal after `noticePeriods` more periods (client or provider). The
    /// periods cut off are refunded to the client; their share of the collateral goes back to
    /// the provider when the client terminates, and is burned when the provider does.
    function terminateDeal(uint256 dealId) external nonReentrant {
        Deal storage d = _deal(dealId);
        if (d.state != DealState.Active) revert WrongState(dealId, d.state);
        bool byProvider = msg.sender == d.provider;
        if (!byProvider && msg.sender != d.client) revert NotParty(dealId);
        uint256 end = currentPeriod() + 1 + noticePeriods;
        if (end < d.firstPeriod) end = d.firstPeriod;
        if (end >= d.endPeriod) revert NothingToTerminate(dealId);
        uint256 cut = d.endPeriod - end;
        uint256 refund = cut * d.pricePerPeriod;
        // the collateral covers the periods of the current provider: from the deal's first, or
        // from the change of provider
        uint256 from = handovers[dealId].switchPeriod > d.firstPeriod ? handovers[dealId].switchPeriod : d.firstPeriod;
        uint256 share = d.collateral * cut / (d.endPeriod - from);
        if (share > d.collateralLeft) share = d.collateralLeft;
        d.endPeriod = uint64(end);
        d.terminated = true;
        d.collateralLeft -= share;
        d.refunded += refund;
        _credit(d.client, d.token, refund);
        if (byProvider) {
            _burn(d.token, share);
        } else {
            _credit(d.provider, d.token, share);
        }
        emit DealTerminated(dealId, msg.sender, uint64(end), refund, byProvider ? share : 0);
        // Nothing left to settle (terminated, with no notice, before its first period): it ends
        // now, or no settle could ever end it and its stake would stay locked.
        if (uint256(d.firstPeriod) + d.periodsSettled >= end) {
            Handover storage h = handovers[dealId];
            if (h.previous != address(0)) _switch(d, h);
            _end(d, dealId);
        }
    }

    // ---- change of provider -------------------------------------------------------------------

    /// @notice The provider proposes `newProvider` to take the deal over.
    function proposeProvider(uint256 dealId, address newProvider) external {
        Deal storage d = _deal(dealId);
        if (msg.sender != d.provider) revert NotProvider(dealId);
        if (d.state != DealState.Active) revert WrongState(dealId, d.state);
        if (newProvider == d.client || newProvider == d.provider) revert SelfDeal();
        Handover storage h = handovers[dealId];
        h.proposed = newProvider;
        h.consented = false;
        emit ProviderProposed(dealId, newProvider);
    }

    /// @notice The client consents to the proposed provider.
    function consentProvider(uint256 dealId) external {
        Deal storage d = _deal(dealId);
        if (msg.sender != d.client) revert NotClient(dealId);
        Handover storage h = handovers[dealId];
        if (h.proposed == address(0)) revert NoConsent(dealId);
        h.consented = true;
        emit ProviderConsented(dealId, h.proposed);
    }

    /// @notice The consented provider takes the deal over, within its terms: it locks collateral
    /// for the periods left and its stake, the piece joins its set, and it serves the deal from
    /// the next period; the previous provider serves the periods up to then, and gets its
    /// collateral left and stake back once they are settled.
    function takeOverDeal(uint256 dealId) external payable nonReentrant {
        Deal storage d = _deal(dealId);
        Handover storage h = handovers[dealId];
        if (msg.sender != h.proposed || !h.consented) revert NoConsent(dealId);
        if (d.state != DealState.Active) revert WrongState(dealId, d.state);
        if (h.previous != address(0)) revert HandoverPending(dealId);
        if (!registry.isActive(msg.sender)) revert ProviderNotActive(msg.sender);
        uint256 p = currentPeriod();
        if (p + 1 >= d.endPeriod) revert NothingToTerminate(dealId);
        uint256 left = d.endPeriod - (p + 1);
        _checkTerms(msg.sender, d.height, left, d.pricePerPeriod);
        uint256 collateral = d.pricePerPeriod * left * collateralPercent / 100;

        h.previous = d.provider;
        h.previousSet = d.setId;
        h.switchPeriod = uint64(p + 1);
        h.previousFrom = d.currentFrom;
        h.previousFaults = d.currentFaults;
        h.previousCollateral = d.collateralLeft;
        d.currentFrom = uint64(p + 1);
        d.currentFaults = 0;
        h.proposed = address(0);
        h.consented = false;
        d.provider = msg.sender;
        d.collateral = collateral;
        d.collateralLeft = collateral;
        _append(msg.sender, d, dealId, p);
        emit DealTakenOver(dealId, h.previous, msg.sender, uint64(p + 1));

        registry.lockStake(msg.sender, stakePerDeal);
        registry.dealStarted(msg.sender);
        _receive(d.token, msg.sender, collateral);
    }

    // ---- proving ------------------------------------------------------------------------------

    /// @notice Proves the sender's proof set for the period whose window is open: `header` is the
    /// RLP header of the period's seed block, `proofs` one per challenge in challenge order (the
    /// challenged leaf and its siblings from the bottom of its piece's tree up). After the proof,
    /// removes the pieces of `removals` (deal IDs whose deals have ended in this set).
    function provePeriod(bytes calldata header, Proof[] calldata proofs, uint256[] calldata removals)
        external
        nonReentrant
    {
        uint256 setId = setOf[msg.sender];
        if (setId == 0) revert UnknownSet(msg.sender);
        ProofSet storage s = sets[setId];
        uint256 p = currentPeriod();
        uint256 seedBlock = seedEpoch(p);
        if (block.number <= seedBlock) revert NoWindowOpen(p, block.number);
        if (_isProven(s, p)) revert PeriodAlreadyProven(setId, p);
        uint256 range = _range(s, p);
        if (range == 0) revert NothingToProve(setId);
        if (proofs.length != challengesPerProof) revert WrongProofCount(challengesPerProof, proofs.length);
        uint256 seed = Randomness.prevrandaoOf(seedBlock, header);
        for (uint256 i = 0; i < proofs.length; i++) {
            uint256 x = uint256(keccak256(abi.encodePacked(seed, setId, uint64(i)))) % range;
            (uint256 index, uint256 offset) = _find(s, x);
            Deal storage d = deals[s.pieceDeal[index]];
            bytes32[] calldata path = proofs[i].proof;
            if (path.length != d.height) revert WrongPathLength(i, path.length, d.height);
            if (!_leadsTo(proofs[i].leaf, path, offset, d.root)) revert InvalidProof(i);
        }
        s.provenBits[p >> 8] |= 1 << (p & 0xff);
        emit SetProven(setId, msg.sender, uint64(p), uint64(range));
        for (uint256 i = 0; i < removals.length; i++) {
            _remove(s, setId, removals[i], p + 1);
        }
    }

    /// @notice Removes ended deals' pieces from the sender's set once its current period is
    /// proven (a removal moves the pieces after it, so it never happens while a range is in use).
    function removePieces(uint256[] calldata dealIds) external nonReentrant {
        uint256 setId = setOf[msg.sender];
        if (setId == 0) revert UnknownSet(msg.sender);
        ProofSet storage s = sets[setId];
        uint256 p = currentPeriod();
        if (!_isProven(s, p)) revert PeriodNotProven(setId, p);
        for (uint256 i = 0; i < dealIds.length; i++) {
            _remove(s, setId, dealIds[i], p + 1);
        }
    }

    /// @notice Settles up to MAX_SETTLE of a deal's periods that are proven or past their window;
    /// anyone may call it.
    function settle(uint256 dealId) external nonReentrant {
        Deal storage d = _deal(dealId);
        if (d.state != DealState.Active) revert WrongState(dealId, d.state);
        if (_settle(d, dealId) == 0) revert NothingToSettle(dealId);
    }

    // ---- views --------------------------------------------------------------------------------

    function currentPeriod() public view override returns (uint256) {
        return (block.number - genesisBlock) / periodBlocks;
    }

    /// @notice The block whose prevrandao seeds period `p`: the one just before its window.
    function seedEpoch(uint256 p) public view returns (uint256) {
        return genesisBlock + (p + 1) * periodBlocks - windowBlocks - 1;
    }

    // ---- internals ----------------------------------------------------------------------------

    /// Checks a deal against a provider's on-chain terms, counting it among the deals in flight.
    function _checkTerms(address provider, uint8 height, uint256 periods, uint256 price)
        private
        view
    {
        (uint256 floor, uint64 maxPeriods, uint64 minPieceBytes, uint32 maxDeals) = registry.storageTermsOf(provider);
        uint256 padded = uint256(32) << height;
        uint256 minPrice = (floor * padded + (1 << 40) - 1) >> 40;
        if (price < minPrice) revert OutsideProviderTerms("pricePerPeriod", minPrice, price);
        if (maxPeriods != 0 && periods > maxPeriods) revert OutsideProviderTerms("periods", maxPeriods, periods);
        if (padded < minPieceBytes) revert OutsideProviderTerms("pieceBytes", minPieceBytes, padded);
        uint256 live = setOf[provider] == 0 ? 0 : sets[setOf[provider]].liveDeals;
        if (maxDeals != 0 && live + 1 > maxDeals) {
            revert OutsideProviderTerms("dealsInFlight", maxDeals, live + 1);
        }
    }

    /// Appends a deal's piece to its provider's set (created on its first deal).
    function _append(address provider, Deal storage d, uint256 dealId, uint256 p) private {
        (uint256 setId, uint256 index) = _addPiece(provider, dealId, d.leafCount, p);
        d.setId = uint64(setId);
        d.pieceIndex = uint64(index);
    }

    /// Removes a deal's piece from set `s` once the set no longer serves the deal: its periods in
    /// this set end before `before` (the deal ended, was terminated, or moved to another set).
    function _remove(ProofSet storage s, uint256 setId, uint256 dealId, uint256 before) private {
        uint256 index = s.pieceOf[dealId];
        if (index == 0) revert NotRemovable(dealId);
        Deal storage d = deals[dealId];
        Handover storage h = handovers[dealId];
        bool serving = d.setId == setId
            ? d.state == DealState.Active && d.endPeriod > before
            : h.previous != address(0) && h.previousSet == setId && h.switchPeriod > before;
        if (serving) revert NotRemovable(dealId);
        _removePiece(s, setId, dealId, index, d.leafCount, before);
        if (d.setId == setId) d.pieceIndex = 0;
    }

    /// What one settle call adds to a provider's registry counters.
    struct Tally {
        uint64 proven;
        uint64 faulted;
        uint256 earned;
        uint256 lost;
    }

    /// Settles the deal's periods in order while each is proven or past its window; a deal whose
    /// periods are all settled ends. Returns how many periods it settled. The registry hears of
    /// them once per provider, not once per period.
    function _settle(Deal storage d, uint256 dealId) private returns (uint256 settled) {
        uint256 first = d.firstPeriod;
        uint256 k = first + d.periodsSettled;
        uint256 end = d.endPeriod;
        Handover storage h = handovers[dealId];
        address previous = h.previous;
        Tally memory prev;
        Tally memory cur;
        uint256 from = k;
        while (k < end && settled < MAX_SETTLE) {
            bool byPrevious = previous != address(0) && k < h.switchPeriod;
            Tally memory t = byPrevious ? prev : cur;
            if (_isProven(sets[byPrevious ? h.previousSet : d.setId], k)) {
                _pay(d, byPrevious ? previous : d.provider, t);
            } else {
                if (block.number < genesisBlock + (k + 1) * periodBlocks) break; // window not over
                _fault(d, h, byPrevious, t);
            }
            k += 1;
            settled += 1;
        }
        if (settled == 0) return 0;
        d.periodsSettled = uint32(k - first);
        emit PeriodsSettled(dealId, uint64(from), uint64(k), uint32(prev.proven + cur.proven), uint32(prev.faulted + cur.faulted));
        if (previous != address(0)) _report(previous, d.token, prev);
        _report(d.provider, d.token, cur);
        if (previous != address(0) && (k >= h.switchPeriod || k == end)) _switch(d, h);
        if (k == end) _end(d, dealId);
    }

    function _pay(Deal storage d, address provider, Tally memory t) private {
        uint256 price = d.pricePerPeriod;
        d.periodsProven += 1;
        d.paid += price;
        _credit(provider, d.token, price);
        t.proven += 1;
        t.earned += price;
    }

    function _fault(Deal storage d, Handover storage h, bool byPrevious, Tally memory t) private {
        uint256 price = d.pricePerPeriod;
        uint256 slash = price * faultSlashPercent / 100;
        if (byPrevious) {
            if (slash > h.previousCollateral) slash = h.previousCollateral;
            h.previousCollateral -= slash;
            h.previousFaults += 1;
        } else {
            if (slash > d.collateralLeft) slash = d.collateralLeft;
            d.collateralLeft -= slash;
            d.currentFaults += 1;
        }
        uint256 toClient = slash * slashToClientPercent / 100;
        d.periodsFaulted += 1;
        d.refunded += price;
        _credit(d.client, d.token, price + toClient);
        _burn(d.token, slash - toClient);
        t.faulted += 1;
        t.lost += price + slash;
    }

    function _report(address provider, address token, Tally memory t) private {
        if (t.proven != 0) registry.periodsProven(provider, t.proven);
        if (t.faulted != 0) registry.periodsFaulted(provider, t.faulted);
        if (t.earned != 0 || t.lost != 0) registry.recordValue(provider, token, t.earned, t.lost);
    }

    /// The previous provider's periods are settled: its collateral left and stake go back.
    function _switch(Deal storage d, Handover storage h) private {
        address previous = h.previous;
        uint256 back = h.previousCollateral;
        uint256 setId = h.previousSet;
        uint256 until = h.switchPeriod < d.endPeriod ? h.switchPeriod : d.endPeriod;
        bool failed = uint256(h.previousFaults) * 2 > (until > h.previousFrom ? until - h.previousFrom : 0);
        h.previous = address(0);
        h.previousCollateral = 0;
        h.previousFaults = 0;
        sets[setId].liveDeals -= 1;
        _credit(previous, d.token, back);
        if (failed) {
            registry.slashStake(previous, stakePerDeal);
        } else {
            registry.unlockStake(previous, stakePerDeal);
        }
        registry.dealEnded(previous, failed);
    }

    function _end(Deal storage d, uint256 dealId) private {
        uint256 from = d.currentFrom > d.endPeriod ? d.endPeriod : d.currentFrom;
        bool failed = uint256(d.currentFaults) * 2 > d.endPeriod - from;
        uint256 left = d.collateralLeft;
        d.state = DealState.Ended;
        d.collateralLeft = 0;
        sets[d.setId].liveDeals -= 1;
        _credit(d.provider, d.token, left);
        emit DealEnded(dealId, d.periodsProven, d.periodsFaulted, left, failed);
        if (failed) {
            registry.slashStake(d.provider, stakePerDeal);
        } else {
            registry.unlockStake(d.provider, stakePerDeal);
        }
        registry.dealEnded(d.provider, failed);
    }
}
