// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {MarketBase} from "./MarketBase.sol";
import {StorageDeals} from "./StorageDeals.sol";
import {ProviderRegistry} from "./ProviderRegistry.sol";
import {PieceCids} from "./PieceCids.sol";
import {Randomness} from "./Randomness.sol";

/// @title StorageMarket
/// @notice Storage deals paid per proven period, proven per provider and client as FilOz PDP
/// proves a data set (one payer's pieces). A client opens a deal for one piece (its v2 piece CID,
/// FRC-0069) with a provider, within the provider's on-chain terms, and escrows the whole fee; the
/// provider accepts it, locking collateral in the deal's currency and `stakePerDeal` of its
/// registry stake, and the piece is appended to the provider's proof set for that client (created
/// on their first deal): no other party's piece shares the challenges of a client's pieces. Periods are counted from the market's deployment
/// block; a deal accepted in period `a` is challenged and paid in periods `a+1 … a+periods`.
///
/// Period `p`'s challenge range is the set's leaf total at the start of `p` (see ProofSets). Its
/// seed is the `prevrandao` of the block just before the period's proving window,
/// `periodBlocks - windowBlocks - 1 >= lookahead` blocks after the range was fixed, read from the
/// block's header that the provider passes with its proof (see Randomness). One `provePeriod`
/// call answers `challengesPerProof` challenges drawn over the whole set, weighted by size:
/// challenge `i`, `keccak256(seed, setId, uint64 i) % range`, falls on a piece and leaf through
/// the set's sum tree. A proven period pays every deal in the set; each deal settles itself lazily
/// from the set's proven bits. A piece leaves its set when the range of the first period the set
/// no longer serves it is taken (its deal ended, was terminated or moved), without a proof. The deals' records and views are in StorageDeals.
///
/// A period not proven by the end of its window refunds its price to the client and takes
/// `faultSlashPercent` of that price from the deal's collateral: `slashToClientPercent` of it to
/// the client, the rest burned, so that a client that censors the provider's proofs gains at most
/// that share (0 in the dev parameters), never more than the fault costs the provider.
contract StorageMarket is MarketBase, StorageDeals {
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
    error WrongProvider(uint256 dealId, address proposed, address expected);
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
        Handover storage h = handovers[dealId];
        uint256 from = h.switchPeriod > d.firstPeriod ? h.switchPeriod : d.firstPeriod;
        uint256 share = d.collateral * cut / (d.endPeriod - from);
        if (share > d.collateralLeft) share = d.collateralLeft;
        d.endPeriod = uint64(end);
        d.terminated = true;
        // the piece leaves the set(s) from the new end on
        _scheduleRemoval(sets[d.setId], dealId, end);
        if (h.previous != address(0) && end < h.switchPeriod) _scheduleRemoval(sets[h.previousSet], dealId, end);
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

    /// @notice The client consents to `expected`, the provider it saw proposed: if the proposal
    /// changed since (a new proposal clears the consent), the call reverts rather than consent to
    /// a provider the client did not see.
    function consentProvider(uint256 dealId, address expected) external {
        Deal storage d = _deal(dealId);
        if (msg.sender != d.client) revert NotClient(dealId);
        Handover storage h = handovers[dealId];
        if (h.proposed == address(0)) revert NoConsent(dealId);
        if (h.proposed != expected) revert WrongProvider(dealId, h.proposed, expected);
        h.consented = true;
        emit ProviderConsented(dealId, h.proposed);
    }

    /// @notice The client withdraws its consent before the proposed provider takes the deal over.
    function revokeConsent(uint256 dealId) external {
        Deal storage d = _deal(dealId);
        if (msg.sender != d.client) revert NotClient(dealId);
        Handover storage h = handovers[dealId];
        if (!h.consented) revert NoConsent(dealId);
        h.consented = false;
        emit ConsentRevoked(dealId, h.proposed);
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
        _scheduleRemoval(sets[d.setId], dealId, p + 1);
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

    /// @notice Proves set `setId` of the sender for the period whose window is open: `header` is
    /// the RLP header of the period's seed block, `proofs` one per challenge in challenge order (the
    /// challenged leaf and its siblings from the bottom of its piece's tree up).
    function provePeriod(uint256 setId, bytes calldata header, Proof[] calldata proofs) external nonReentrant {
        ProofSet storage s = sets[setId];
        if (s.provider == address(0)) revert UnknownSet(setId);
        if (msg.sender != s.provider) revert NotSetProvider(setId, msg.sender);
        uint256 p = currentPeriod();
        uint256 seedBlock = seedEpoch(p);
        if (block.number <= seedBlock) revert NoWindowOpen(p, block.number);
        if (_isProven(s, p)) revert PeriodAlreadyProven(setId, p);
        uint256 range = _range(s, setId, p);
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
        uint256 live = liveDealsOf[provider];
        if (maxDeals != 0 && live + 1 > maxDeals) {
            revert OutsideProviderTerms("dealsInFlight", maxDeals, live + 1);
        }
    }

    /// Appends a deal's piece to its provider's set for the deal's client (created on their first
    /// deal); the piece leaves it at the deal's end.
    function _append(address provider, Deal storage d, uint256 dealId, uint256 p) private {
        uint256 setId = _setFor(provider, d.client, p);
        _addPiece(setId, dealId, d.leafCount, p, d.endPeriod);
        d.setId = uint64(setId);
    }

    function _serves(uint256 setId, uint256 dealId, uint256 p) internal view override returns (bool) {
        Deal storage d = deals[dealId];
        if (d.state != DealState.Active || d.endPeriod <= p) return false;
        if (d.setId == setId) return true;
        Handover storage h = handovers[dealId];
        return h.previous != address(0) && h.previousSet == setId && h.switchPeriod > p;
    }

    function _leavesOf(uint256 dealId) internal view override returns (uint256) {
        return deals[dealId].leafCount;
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
        _dealLeft(setId);
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
        _dealLeft(d.setId);
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
