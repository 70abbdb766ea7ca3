// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

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
abstract contract ProofSets {
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
