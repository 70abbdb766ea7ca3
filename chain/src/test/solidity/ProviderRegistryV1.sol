// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

/// @title ProviderRegistryV1 (the registry before issue 12, for StorageMarketV1)
/// @notice Storage and compute providers announce themselves here: node identity (a libp2p peer
/// ID), endpoints, disk capacity and price, GPU offer, and a stake in native currency. The
/// storage market alone bumps the reputation counters and tracks each provider's active deals; a
/// retired provider withdraws its stake once none of its deals is active.
contract ProviderRegistryV1 {
    uint256 public constant MAX_PEER_ID = 128;
    uint256 public constant MAX_ENDPOINTS = 1024;
    uint256 public constant MAX_GPU_MODEL = 128;

    struct Provider {
        string peerId;
        string endpoints;
        uint64 capacityBytes;
        uint64 gpuMemoryBytes;
        uint256 pricePerTiBPerPeriod;
        string gpuModel;
        uint256 gpuPricePerHour;
        uint256 stake;
        bool registered;
        bool active;
        uint32 activeDeals;
        uint64 periodsProven;
        uint64 periodsFaulted;
        uint64 dealsCompleted;
        uint64 dealsFailed;
    }

    address public immutable deployer;
    address public market;
    mapping(address => Provider) private providers;
    address[] private providerList;
    bool private locked;

    event ProviderRegistered(address indexed provider, string peerId, string endpoints, uint256 stake);
    event ProviderUpdated(address indexed provider, string peerId, string endpoints);
    event ProviderRetired(address indexed provider);
    event StakeWithdrawn(address indexed provider, uint256 amount);
    event MarketSet(address indexed market);

    error NotDeployer();
    error NotMarket();
    error MarketAlreadySet();
    error ZeroAddress();
    error AlreadyActive(address provider);
    error NotActive(address provider);
    error NotRegistered(address provider);
    error StakeRequired();
    error InvalidOffer(string field);
    error DealsStillActive(address provider, uint32 activeDeals);
    error NothingToWithdraw();
    error TransferFailed();
    error ReentrantCall();

    modifier nonReentrant() {
        if (locked) revert ReentrantCall();
        locked = true;
        _;
        locked = false;
    }

    modifier onlyMarket() {
        if (msg.sender != market) revert NotMarket();
        _;
    }

    constructor() {
        deployer = msg.sender;
    }

    /// @notice Wires the market in, once, by the deployer.
    function setMarket(address market_) external {
        if (msg.sender != deployer) revert NotDeployer();
        if (market != address(0)) revert MarketAlreadySet();
        if (market_ == address(0)) revert ZeroAddress();
        market = market_;
        emit MarketSet(market_);
    }

    /// @notice Registers the sender as a provider (or re-activates a retired one) with `msg.value`
    /// added to its stake.
    function register(
        string calldata peerId,
        string calldata endpoints,
        uint64 capacityBytes,
        uint256 pricePerTiBPerPeriod,
        string calldata gpuModel,
        uint64 gpuMemoryBytes,
        uint256 gpuPricePerHour
    ) external payable nonReentrant {
        Provider storage p = providers[msg.sender];
        if (p.active) revert AlreadyActive(msg.sender);
        if (msg.value == 0 && p.stake == 0) revert StakeRequired();
        _setOffer(p, peerId, endpoints, capacityBytes, pricePerTiBPerPeriod, gpuModel, gpuMemoryBytes, gpuPricePerHour);
        if (!p.registered) {
            p.registered = true;
            providerList.push(msg.sender);
        }
        p.active = true;
        p.stake += msg.value;
        emit ProviderRegistered(msg.sender, peerId, endpoints, p.stake);
    }

    /// @notice Replaces the sender's offer.
    function update(
        string calldata peerId,
        string calldata endpoints,
        uint64 capacityBytes,
        uint256 pricePerTiBPerPeriod,
        string calldata gpuModel,
        uint64 gpuMemoryBytes,
        uint256 gpuPricePerHour
    ) external {
        Provider storage p = providers[msg.sender];
        if (!p.active) revert NotActive(msg.sender);
        _setOffer(p, peerId, endpoints, capacityBytes, pricePerTiBPerPeriod, gpuModel, gpuMemoryBytes, gpuPricePerHour);
        emit ProviderUpdated(msg.sender, peerId, endpoints);
    }

    /// @notice Stops taking new deals; deals already accepted run on.
    function retire() external {
        Provider storage p = providers[msg.sender];
        if (!p.active) revert NotActive(msg.sender);
        p.active = false;
        emit ProviderRetired(msg.sender);
    }

    /// @notice Pays a retired provider its stake once none of its deals is active.
    function withdrawStake() external nonReentrant {
        Provider storage p = providers[msg.sender];
        if (!p.registered) revert NotRegistered(msg.sender);
        if (p.active) revert AlreadyActive(msg.sender);
        if (p.activeDeals != 0) revert DealsStillActive(msg.sender, p.activeDeals);
        uint256 amount = p.stake;
        if (amount == 0) revert NothingToWithdraw();
        p.stake = 0;
        emit StakeWithdrawn(msg.sender, amount);
        (bool ok,) = msg.sender.call{value: amount}("");
        if (!ok) revert TransferFailed();
    }

    // ---- market hooks -------------------------------------------------------------------------

    function dealStarted(address provider) external onlyMarket {
        providers[provider].activeDeals += 1;
    }

    function dealEnded(address provider, bool failed) external onlyMarket {
        Provider storage p = providers[provider];
        p.activeDeals -= 1;
        if (failed) {
            p.dealsFailed += 1;
        } else {
            p.dealsCompleted += 1;
        }
    }

    function periodProven(address provider) external onlyMarket {
        providers[provider].periodsProven += 1;
    }

    function periodsFaulted(address provider, uint64 count) external onlyMarket {
        providers[provider].periodsFaulted += count;
    }

    // ---- views --------------------------------------------------------------------------------

    function isActive(address provider) external view returns (bool) {
        return providers[provider].active;
    }

    function providerCount() external view returns (uint256) {
        return providerList.length;
    }

    function providerAt(uint256 index) external view returns (address) {
        return providerList[index];
    }

    function offerOf(address provider)
        external
        view
        returns (
            string memory peerId,
            string memory endpoints,
            uint64 capacityBytes,
            uint256 pricePerTiBPerPeriod,
            string memory gpuModel,
            uint64 gpuMemoryBytes,
            uint256 gpuPricePerHour
        )
    {
        Provider storage p = providers[provider];
        if (!p.registered) revert NotRegistered(provider);
        return (p.peerId, p.endpoints, p.capacityBytes, p.pricePerTiBPerPeriod, p.gpuModel, p.gpuMemoryBytes, p.gpuPricePerHour);
    }

    function statusOf(address provider)
        external
        view
        returns (
            bool registered,
            bool active,
            uint256 stake,
            uint32 activeDeals,
            uint64 periodsProven_,
            uint64 periodsFaulted_,
            uint64 dealsCompleted,
            uint64 dealsFailed
        )
    {
        Provider storage p = providers[provider];
        return (p.registered, p.active, p.stake, p.activeDeals, p.periodsProven, p.periodsFaulted, p.dealsCompleted, p.dealsFailed);
    }

    function _setOffer(
        Provider storage p,
        string calldata peerId,
        string calldata endpoints,
        uint64 capacityBytes,
        uint256 pricePerTiBPerPeriod,
        string calldata gpuModel,
        uint64 gpuMemoryBytes,
        uint256 gpuPricePerHour
    ) private {
        if (bytes(peerId).length == 0 || bytes(peerId).length > MAX_PEER_ID) revert InvalidOffer("peerId");
        if (bytes(endpoints).length > MAX_ENDPOINTS) revert InvalidOffer("endpoints");
        if (bytes(gpuModel).length > MAX_GPU_MODEL) revert InvalidOffer("gpuModel");
        if (capacityBytes == 0 && gpuMemoryBytes == 0) revert InvalidOffer("capacityBytes");
        if (bytes(gpuModel).length == 0 && gpuMemoryBytes != 0) revert InvalidOffer("gpuModel");
        p.peerId = peerId;
        p.endpoints = endpoints;
        p.capacityBytes = capacityBytes;
        p.pricePerTiBPerPeriod = pricePerTiBPerPeriod;
        p.gpuModel = gpuModel;
        p.gpuMemoryBytes = gpuMemoryBytes;
        p.gpuPricePerHour = gpuPricePerHour;
    }
}
