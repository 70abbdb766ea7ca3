// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

/// @title ProofSets
/// @notice A provider's pieces for one client gathered into one proof set, proven together each
/// period as FilOz PDP proves a data set (which belongs to one payer): a sum tree (Fenwick) over
/// the pieces' leaf counts maps a challenged set leaf to its piece and the leaf's offset in
/// O(log n) reads, so the challenges of a period are drawn over the whole set, weighted by size,
/// and one proof answers them all. A set holds one client's pieces only, so no piece of another
/// party (a piece whose tree the provider can compute without storing it, say) can draw the
/// challenges away from the client's pieces.
///
/// Period `p`'s challenge range is the set's leaf total at the start of `p`, taken lazily at the
/// first change or proof in `p`: pieces are appended at the end, so the leaves below the range do
/// not move. Removals are scheduled for the period from which a piece is no longer served (its
/// deal ended, was terminated or moved) and applied when that period's range is taken, before it
/// is fixed, at most MAX_SWEEP per period; a removal never changes a range in use and never waits
/// for a proof. The market that inherits this says what a piece is (its deal), whether a set
/// still serves it and when periods begin.
abstract contract ProofSets {
    struct ProofSet {
        address provider;
        uint64 pieceCount;
        uint64 leafTotal;
        uint64 rangePeriod; // 1 + the period `range` was taken for; 0: never
        uint64 range;
        uint32 liveDeals;
        address client;
        uint64 sweepFrom; // the first period whose scheduled removals may not all be applied
        uint32 sweepDone; // removals of period `sweepFrom` already looked at
        mapping(uint256 => uint256) tree; // Fenwick tree over the pieces' leaf counts, 1-based
        mapping(uint256 => uint256) pieceDeal; // piece index => deal ID
        mapping(uint256 => uint256) pieceOf; // deal ID => piece index (0: none)
        mapping(uint256 => uint256) provenBits; // period >> 8 => bits
        mapping(uint256 => uint256) removalBits; // period >> 8 => bits: removals scheduled
        mapping(uint256 => uint256[]) removalsAt; // period => deal IDs whose pieces leave then
    }

    /// The most removals applied when one period's range is taken; the rest wait for the next.
    uint256 public constant MAX_SWEEP = 32;

    uint256 public setCount;
    mapping(uint256 => ProofSet) internal sets;
    /// provider => client => the set of the provider's pieces for that client
    mapping(address => mapping(address => uint256)) public setOf;
    mapping(address => uint256[]) internal providerSets;
    /// Deals a provider serves (as current or previous provider), over all its sets.
    mapping(address => uint256) public liveDealsOf;

    event PieceAdded(uint256 indexed setId, uint256 indexed dealId, uint64 pieceIndex, uint64 leafCount);
    event PieceRemoved(uint256 indexed setId, uint256 indexed dealId, uint64 pieceIndex);
    event SetCreated(uint256 indexed setId, address indexed provider, address indexed client);
    event SetProven(uint256 indexed setId, address indexed provider, uint64 period, uint64 range);

    error UnknownSet(uint256 setId);
    error NotSetProvider(uint256 setId, address sender);
    error PeriodAlreadyProven(uint256 setId, uint256 period);
    error NothingToProve(uint256 setId);
    error PieceStillInSet(uint256 dealId, uint256 setId);

    /// The period the chain is in now.
    function currentPeriod() public view virtual returns (uint256);

    function isProven(uint256 setId, uint256 period) external view returns (bool) {
        return _isProven(sets[setId], period);
    }

    /// @notice A set's provider, pieces appended, live leaves, the challenge range of the current
    /// period (as taken, or as a proof now would take it) and its live deals.
    function setStatus(uint256 setId)
        external
        view
        returns (address provider, uint64 pieceCount, uint64 leafTotal, uint64 range, uint32 liveDeals)
    {
        ProofSet storage s = sets[setId];
        uint64 r = uint64(_rangeAt(s, setId, currentPeriod()));
        return (s.provider, s.pieceCount, s.leafTotal, r, s.liveDeals);
    }

    /// @notice The client whose pieces set `setId` holds.
    function setClient(uint256 setId) external view returns (address) {
        return sets[setId].client;
    }

    /// @notice The sets of a provider, one per client, in the order they were created.
    function setsOf(address provider) external view returns (uint256[] memory) {
        return providerSets[provider];
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

    /// Whether set `setId` still serves deal `dealId`'s piece in period `p`.
    function _serves(uint256 setId, uint256 dealId, uint256 p) internal view virtual returns (bool);

    /// The leaves of deal `dealId`'s piece.
    function _leavesOf(uint256 dealId) internal view virtual returns (uint256);

    /// Takes period `p`'s challenge range if this is the first change or proof in `p`: first the
    /// removals scheduled up to `p` are applied, then the range is fixed for the whole period.
    function _range(ProofSet storage s, uint256 setId, uint256 p) internal returns (uint256) {
        if (s.rangePeriod != p + 1) {
            _sweep(s, setId, p);
            s.rangePeriod = uint64(p + 1);
            s.range = s.leafTotal;
        }
        return s.range;
    }

    /// The set of `provider`'s pieces for `client`, created on their first deal in period `p`.
    function _setFor(address provider, address client, uint256 p) internal returns (uint256 setId) {
        setId = setOf[provider][client];
        if (setId == 0) {
            setId = ++setCount;
            setOf[provider][client] = setId;
            providerSets[provider].push(setId);
            ProofSet storage s = sets[setId];
            s.provider = provider;
            s.client = client;
            s.sweepFrom = uint64(p + 1); // removals are scheduled from the next period on
            emit SetCreated(setId, provider, client);
        }
    }

    /// Appends a deal's piece of `leaves` leaves to set `setId` in period `p`; the piece leaves
    /// the set from period `until` on (or earlier, by another schedule). Returns its index.
    function _addPiece(uint256 setId, uint256 dealId, uint64 leaves, uint256 p, uint256 until)
        internal
        returns (uint256 index)
    {
        ProofSet storage s = sets[setId];
        _range(s, setId, p);
        if (s.pieceOf[dealId] != 0) revert PieceStillInSet(dealId, setId);
        uint256 n = s.pieceCount + 1;
        uint256 low = n & (~n + 1);
        // node n sums the pieces (n - low, n]: this one and those before it in that span
        s.tree[n] = leaves + _prefix(s, n - 1) - _prefix(s, n - low);
        s.pieceCount = uint64(n);
        s.pieceDeal[n] = dealId;
        s.pieceOf[dealId] = n;
        s.leafTotal += leaves;
        s.liveDeals += 1;
        liveDealsOf[s.provider] += 1;
        emit PieceAdded(setId, dealId, uint64(n), leaves);
        _scheduleRemoval(s, dealId, until);
        return n;
    }

    /// Schedules deal `dealId`'s piece to leave set `s` when period `k`'s range is taken (if the
    /// set no longer serves it then). `k` is after the current period, whose range stays.
    function _scheduleRemoval(ProofSet storage s, uint256 dealId, uint256 k) internal {
        s.removalsAt[k].push(dealId);
        s.removalBits[k >> 8] |= 1 << (k & 0xff);
    }

    /// A deal's piece no longer counts toward its set's live deals (its periods there settled).
    function _dealLeft(uint256 setId) internal {
        ProofSet storage s = sets[setId];
        s.liveDeals -= 1;
        liveDealsOf[s.provider] -= 1;
    }

    /// Applies the removals scheduled for periods up to `p` (see _due).
    function _sweep(ProofSet storage s, uint256 setId, uint256 p) private {
        (uint256[] memory ids, uint256 n, uint256 k, uint256 done) = _due(s, setId, p);
        for (uint256 j = 0; j < n; j++) {
            uint256 dealId = ids[j];
            uint256 index = s.pieceOf[dealId];
            uint256 leaves = _leavesOf(dealId);
            uint256 count = s.pieceCount;
            for (uint256 i = index; i <= count; i += i & (~i + 1)) {
                s.tree[i] -= leaves;
            }
            s.leafTotal -= uint64(leaves);
            s.pieceDeal[index] = 0;
            s.pieceOf[dealId] = 0;
            emit PieceRemoved(setId, dealId, uint64(index));
        }
        s.sweepFrom = uint64(k);
        s.sweepDone = uint32(done);
    }

    /// The pieces that taking period `p`'s range removes: those scheduled to leave in periods up
    /// to `p`, in order, still in the set and no longer served in `p`, looking at MAX_SWEEP
    /// schedules at most (the rest wait for the next period); and where the next sweep goes on.
    function _due(ProofSet storage s, uint256 setId, uint256 p)
        internal
        view
        returns (uint256[] memory ids, uint256 n, uint256 k, uint256 done)
    {
        ids = new uint256[](MAX_SWEEP);
        k = s.sweepFrom;
        done = s.sweepDone;
        uint256 budget = MAX_SWEEP;
        while (k <= p) {
            uint256 word = s.removalBits[k >> 8] >> (k & 0xff);
            if (word == 0) {
                k = (k | 0xff) + 1;
                done = 0;
                continue;
            }
            while (word & 0xff == 0) {
                word >>= 8;
                k += 8;
            }
            while (word & 1 == 0) {
                word >>= 1;
                k += 1;
            }
            if (k > p) break;
            uint256[] storage scheduled = s.removalsAt[k];
            uint256 m = scheduled.length;
            for (; done < m && budget > 0; done++) {
                budget -= 1;
                uint256 dealId = scheduled[done];
                if (s.pieceOf[dealId] == 0 || _serves(setId, dealId, p)) continue;
                bool twice;
                for (uint256 j = 0; j < n; j++) {
                    if (ids[j] == dealId) twice = true;
                }
                if (!twice) ids[n++] = dealId;
            }
            if (done < m) break;
            k += 1;
            done = 0;
        }
        if (k > p + 1) {
            k = p + 1;
            done = 0;
        }
    }

    /// The range period `p` has or will have: as taken, or the leaf total less what taking it
    /// will remove.
    function _rangeAt(ProofSet storage s, uint256 setId, uint256 p) internal view returns (uint256) {
        if (s.rangePeriod == p + 1) return s.range;
        (uint256[] memory ids, uint256 n,,) = _due(s, setId, p);
        uint256 total = s.leafTotal;
        for (uint256 j = 0; j < n; j++) {
            total -= _leavesOf(ids[j]);
        }
        return total;
    }

    /// @notice The deals whose pieces leave set `setId` when the current period's range is taken
    /// (none once it is): a proof of the current period answers over the pieces without them.
    function pendingRemovals(uint256 setId) external view returns (uint256[] memory ids) {
        ProofSet storage s = sets[setId];
        uint256 p = currentPeriod();
        uint256 n;
        if (s.rangePeriod != p + 1) (ids, n,,) = _due(s, setId, p);
        else ids = new uint256[](0);
        assembly ("memory-safe") {
            mstore(ids, n)
        }
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
