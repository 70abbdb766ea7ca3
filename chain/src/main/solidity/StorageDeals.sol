// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {ProofSets} from "./ProofSets.sol";

/// @title StorageDeals
/// @notice The storage market's records: each deal, a change of its provider in progress, the
/// events that report them and the views that read them. StorageMarket, which inherits them, holds
/// what the parties can do.
abstract contract StorageDeals is ProofSets {
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
    event ConsentRevoked(uint256 indexed dealId, address indexed provider);
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
            uint64(sets[d.setId].pieceOf[dealId]),
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
