// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

/// @title ProviderRegistry
/// @notice Storage and compute providers announce themselves here: node identity (a libp2p peer
/// ID), endpoints, disk capacity and price, GPU offer, the storage terms they accept, their
/// compute offer and whether they verify disputed jobs, and a stake in native currency of at
/// least `minStake`. The two markets (and only they) lock part of the stake per active deal and
/// job, slash it (burned: it goes to no party), and keep the reputation: counters, and the value
/// earned and lost per payment token, so that reputation weighs value, not counts. A retired
/// provider withdraws its stake once none of it is locked.
contract ProviderRegistry {
    uint256 public constant MAX_PEER_ID = 128;
    uint256 public constant MAX_ENDPOINTS = 1024;
    uint256 public constant MAX_GPU_MODEL = 128;
    uint256 public constant MAX_ENERGY_SOURCE = 32;
    /// Engines a compute offer may name, as bits: WASM (deterministic, verifiable by re-execution)
    /// and CUDA.
    uint8 public constant ENGINE_WASM = 1;
    uint8 public constant ENGINE_CUDA = 2;
    /// Slashed stake goes here; nobody holds its key.
    address public constant BURN = 0x000000000000000000000000000000000000dEaD;
    /// Blocks after leaving the verifier draws before a provider may withdraw its stake, and before
    /// another account may take its slot in the verifier log: the compute market draws a dispute's
    /// verifiers within this many blocks of the dispute or not at all (longer than any draw
    /// lookahead, ≤ 256), so a verifier that leaves after a dispute was raised still has its stake
    /// and its slot when that dispute's draw picks it (see docs/chain.md, "Who the draw picks").
    uint256 public constant VERIFIER_EXIT_BLOCKS = 512;

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
        uint256 lockedStake;
    }

    /// The deals a provider accepts: the storage market checks them on chain. The price floor is
    /// the offer's `pricePerTiBPerPeriod`.
    struct StorageTerms {
        uint64 maxPeriods;
        uint64 minPieceBytes;
        uint32 maxDealsInFlight;
    }

    /// The jobs a provider runs; `engines == 0`: none.
    struct ComputeOffer {
        uint8 engines;
        uint32 cpuCores;
        uint64 memoryBytes;
        uint256 minJobPrice;
        string energySource;
    }

    /// An account's stay in the verifier draws: who, from which block (its last join), until which
    /// (0: still in them). Entries never move, so a draw can sample the log as it was when its
    /// dispute was raised; a closed entry's slot is taken by a new verifier only once no draw can
    /// still count it (`VERIFIER_EXIT_BLOCKS` after it closed). Closed entries are linked oldest
    /// first (`prevClosed`, `nextClosed`: 1 + index, 0 for none), so that the oldest is found, and
    /// an entry reopened is unlinked, in constant time.
    struct VerifierEntry {
        address account;
        uint64 joined;
        uint64 left;
        uint64 prevClosed;
        uint64 nextClosed;
    }

    /// Value earned and lost in one payment token (address(0): native).
    struct Value {
        uint256 earned;
        uint256 lost;
    }

    address public immutable deployer;
    uint256 public immutable minStake;
    address public storageMarket;
    address public computeMarket;
    mapping(address => Provider) private providers;
    mapping(address => StorageTerms) private storageTerms;
    mapping(address => ComputeOffer) private computeOffers;
    mapping(address => mapping(address => Value)) private values;
    mapping(address => uint64) private jobsCompleted;
    mapping(address => uint64) private jobsFailed;
    address[] private providerList;
    VerifierEntry[] private verifierLog;
    /// 1 + index in verifierLog of the provider's open entry, 0 when not a verifier.
    mapping(address => uint256) private verifierSlot;
    /// 1 + index in verifierLog of the provider's entry, kept once it leaves until another account
    /// takes the slot: one entry per account, reopened when it joins again, so that joining and
    /// leaving cannot pad the log.
    mapping(address => uint256) private verifierEntryOf;
    /// 1 + index of the oldest and of the newest closed entry (0: none).
    uint64 private closedHead;
    uint64 private closedTail;
    /// The block each provider last left the verifier draws.
    mapping(address => uint64) private verifierLeftBlock;
    uint256 private verifiers;
    bool private locked;

    event ProviderRegistered(address indexed provider, string peerId, string endpoints, uint256 stake);
    event ProviderUpdated(address indexed provider, string peerId, string endpoints);
    event ProviderRetired(address indexed provider);
    event StakeWithdrawn(address indexed provider, uint256 amount);
    event MarketsSet(address indexed storageMarket, address indexed computeMarket);
    event StakeAdded(address indexed provider, uint256 amount, uint256 stake);
    event StakeSlashed(address indexed provider, uint256 amount);
    event StorageTermsSet(address indexed provider, uint64 maxPeriods, uint64 minPieceBytes, uint32 maxDealsInFlight);
    event ComputeOfferSet(address indexed provider, uint8 engines, uint32 cpuCores, uint64 memoryBytes, uint256 minJobPrice, string energySource);
    event VerifierSet(address indexed provider, bool verifier);

    error NotDeployer();
    error NotMarket();
    error MarketAlreadySet();
    error ZeroAddress();
    error AlreadyActive(address provider);
    error NotActive(address provider);
    error NotRegistered(address provider);
    error StakeTooLow(uint256 stake, uint256 required);
    error StakeLocked(address provider, uint256 locked);
    error InvalidOffer(string field);
    error DealsStillActive(address provider, uint32 activeDeals);
    error VerifierExitPending(address provider, uint256 untilBlock);
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
        if (msg.sender != storageMarket && msg.sender != computeMarket) revert NotMarket();
        _;
    }

    constructor(uint256 minStake_) {
        deployer = msg.sender;
        minStake = minStake_;
    }

    /// @notice Wires the two markets in, once, by the deployer.
    function setMarkets(address storageMarket_, address computeMarket_) external {
        if (msg.sender != deployer) revert NotDeployer();
        if (storageMarket != address(0)) revert MarketAlreadySet();
        if (storageMarket_ == address(0) || computeMarket_ == address(0)) revert ZeroAddress();
        storageMarket = storageMarket_;
        computeMarket = computeMarket_;
        emit MarketsSet(storageMarket_, computeMarket_);
    }

    /// @notice Registers the sender as a provider (or re-activates a retired one) with `msg.value`
    /// added to its stake, which must then reach `minStake`.
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
        if (p.stake + msg.value < minStake || p.stake + msg.value == 0) {
            revert StakeTooLow(p.stake + msg.value, minStake);
        }
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

    /// @notice Adds `msg.value` to the sender's stake.
    function addStake() external payable {
        Provider storage p = providers[msg.sender];
        if (!p.registered) revert NotRegistered(msg.sender);
        if (msg.value == 0) revert StakeTooLow(p.stake, p.stake + 1);
        p.stake += msg.value;
        emit StakeAdded(msg.sender, msg.value, p.stake);
    }

    /// @notice Sets the storage deals the sender accepts (0: no limit for `maxPeriods` and
    /// `maxDealsInFlight`).
    function setStorageTerms(uint64 maxPeriods, uint64 minPieceBytes, uint32 maxDealsInFlight) external {
        if (!providers[msg.sender].active) revert NotActive(msg.sender);
        storageTerms[msg.sender] = StorageTerms(maxPeriods, minPieceBytes, maxDealsInFlight);
        emit StorageTermsSet(msg.sender, maxPeriods, minPieceBytes, maxDealsInFlight);
    }

    /// @notice Sets the jobs the sender runs (`engines` 0: none), and whether it takes part in
    /// the draws of verifiers for disputed jobs.
    function setComputeOffer(
        uint8 engines,
        uint32 cpuCores,
        uint64 memoryBytes,
        uint256 minJobPrice,
        string calldata energySource,
        bool verifier
    ) external {
        Provider storage p = providers[msg.sender];
        if (!p.active) revert NotActive(msg.sender);
        if (engines & ~(ENGINE_WASM | ENGINE_CUDA) != 0) revert InvalidOffer("engines");
        if (engines & ENGINE_CUDA != 0 && p.gpuMemoryBytes == 0) revert InvalidOffer("engines");
        if (engines != 0 && (cpuCores == 0 || memoryBytes == 0)) revert InvalidOffer("cpuCores");
        if (bytes(energySource).length > MAX_ENERGY_SOURCE) revert InvalidOffer("energySource");
        if (verifier && engines & ENGINE_WASM == 0) revert InvalidOffer("verifier");
        computeOffers[msg.sender] = ComputeOffer(engines, cpuCores, memoryBytes, minJobPrice, energySource);
        _setVerifier(msg.sender, verifier);
        emit ComputeOfferSet(msg.sender, engines, cpuCores, memoryBytes, minJobPrice, energySource);
    }

    /// @notice Stops taking new deals and jobs, and leaves the verifier draws; deals and jobs
    /// already accepted run on.
    function retire() external {
        Provider storage p = providers[msg.sender];
        if (!p.active) revert NotActive(msg.sender);
        p.active = false;
        _setVerifier(msg.sender, false);
        emit ProviderRetired(msg.sender);
    }

    /// @notice Pays a retired provider its stake once none of it is locked.
    function withdrawStake() external nonReentrant {
        Provider storage p = providers[msg.sender];
        if (!p.registered) revert NotRegistered(msg.sender);
        if (p.active) revert AlreadyActive(msg.sender);
        if (p.activeDeals != 0) revert DealsStillActive(msg.sender, p.activeDeals);
        if (p.lockedStake != 0) revert StakeLocked(msg.sender, p.lockedStake);
        uint256 left = verifierLeftBlock[msg.sender];
        if (left != 0 && block.number <= left + VERIFIER_EXIT_BLOCKS) {
            revert VerifierExitPending(msg.sender, left + VERIFIER_EXIT_BLOCKS);
        }
        uint256 amount = p.stake;
        if (amount == 0) revert NothingToWithdraw();
        p.stake = 0;
        emit StakeWithdrawn(msg.sender, amount);
        (bool ok,) = msg.sender.call{value: amount}("");
        if (!ok) revert TransferFailed();
    }

    // ---- market hooks -------------------------------------------------------------------------

    /// @notice Locks `amount` of an active provider's free stake for a deal or job.
    function lockStake(address provider, uint256 amount) external onlyMarket {
        Provider storage p = providers[provider];
        if (!p.active) revert NotActive(provider);
        if (p.stake - p.lockedStake < amount) revert StakeTooLow(p.stake - p.lockedStake, amount);
        p.lockedStake += amount;
    }

    /// @notice Locks `amount` of a drawn verifier's free stake, whether or not it is still active
    /// or still a verifier (it was one when the dispute was raised); returns false, locking
    /// nothing, when its free stake is short.
    function lockVerifierStake(address verifier, uint256 amount) external onlyMarket returns (bool) {
        Provider storage p = providers[verifier];
        if (p.stake - p.lockedStake < amount) return false;
        p.lockedStake += amount;
        return true;
    }

    function unlockStake(address provider, uint256 amount) external onlyMarket {
        providers[provider].lockedStake -= amount;
    }

    /// @notice Burns up to `amount` of the stake locked for a deal or job that failed, and unlocks
    /// the rest of `amount`. Returns what was burned.
    function slashStake(address provider, uint256 amount) external onlyMarket nonReentrant returns (uint256 burned) {
        Provider storage p = providers[provider];
        burned = amount < p.stake ? amount : p.stake;
        p.lockedStake -= amount;
        p.stake -= burned;
        emit StakeSlashed(provider, burned);
        if (burned != 0) {
            (bool ok,) = BURN.call{value: burned}("");
            if (!ok) revert TransferFailed();
        }
    }

    /// @notice Adds to a provider's value earned and lost in `token`.
    function recordValue(address provider, address token, uint256 earned, uint256 lost) external onlyMarket {
        Value storage v = values[provider][token];
        v.earned += earned;
        v.lost += lost;
    }

    function jobEnded(address provider, bool failed) external onlyMarket {
        if (failed) {
            jobsFailed[provider] += 1;
        } else {
            jobsCompleted[provider] += 1;
        }
    }

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

    function periodsProven(address provider, uint64 count) external onlyMarket {
        providers[provider].periodsProven += count;
    }

    function periodsFaulted(address provider, uint64 count) external onlyMarket {
        providers[provider].periodsFaulted += count;
    }

    // ---- views --------------------------------------------------------------------------------

    function isActive(address provider) external view returns (bool) {
        return providers[provider].active;
    }

    function isVerifier(address provider) external view returns (bool) {
        return verifierSlot[provider] != 0;
    }

    /// @notice How many providers are in the verifier draws now.
    function verifierCount() external view returns (uint256) {
        return verifiers;
    }

    /// @notice How many entries the verifier log has: those in the draws now, and those closed
    /// whose slot no new verifier has taken yet.
    function verifierLogLength() external view returns (uint256) {
        return verifierLog.length;
    }

    /// @notice Entry `index` of the verifier log: the account, the block it joined the draws and
    /// the block it left them (0: still in them).
    function verifierEntry(uint256 index) external view returns (address account, uint64 joined, uint64 left) {
        VerifierEntry storage e = verifierLog[index];
        return (e.account, e.joined, e.left);
    }

    function freeStake(address provider) external view returns (uint256) {
        Provider storage p = providers[provider];
        return p.stake - p.lockedStake;
    }

    function storageTermsOf(address provider)
        external
        view
        returns (uint256 pricePerTiBPerPeriod, uint64 maxPeriods, uint64 minPieceBytes, uint32 maxDealsInFlight)
    {
        StorageTerms storage t = storageTerms[provider];
        return (providers[provider].pricePerTiBPerPeriod, t.maxPeriods, t.minPieceBytes, t.maxDealsInFlight);
    }

    function computeOfferOf(address provider)
        external
        view
        returns (
            uint8 engines,
            uint32 cpuCores,
            uint64 memoryBytes,
            uint256 minJobPrice,
            string memory energySource,
            bytes32 gpuModelHash,
            uint64 gpuMemoryBytes
        )
    {
        ComputeOffer storage c = computeOffers[provider];
        Provider storage p = providers[provider];
        return (c.engines, c.cpuCores, c.memoryBytes, c.minJobPrice, c.energySource, keccak256(bytes(p.gpuModel)), p.gpuMemoryBytes);
    }

    /// @notice Reputation in one payment token: value earned and lost, jobs completed and failed.
    function reputationOf(address provider, address token)
        external
        view
        returns (uint256 earned, uint256 lost, uint64 jobsCompleted_, uint64 jobsFailed_)
    {
        Value storage v = values[provider][token];
        return (v.earned, v.lost, jobsCompleted[provider], jobsFailed[provider]);
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
            uint64 dealsFailed,
            uint256 lockedStake
        )
    {
        Provider storage p = providers[provider];
        return (
            p.registered,
            p.active,
            p.stake,
            p.activeDeals,
            p.periodsProven,
            p.periodsFaulted,
            p.dealsCompleted,
            p.dealsFailed,
            p.lockedStake
        );
    }

    function _setVerifier(address provider, bool verifier) private {
        uint256 slot = verifierSlot[provider];
        if (verifier == (slot != 0)) return;
        if (verifier) {
            uint256 entry = verifierEntryOf[provider];
            if (entry != 0) {
                // reopened from now on: a draw for a dispute raised before now skips it (see
                // ComputeMarket._draw), as it would a new entry appended after the dispute
                _unlinkClosed(entry);
                VerifierEntry storage e = verifierLog[entry - 1];
                e.joined = uint64(block.number);
                e.left = 0;
            } else {
                entry = closedHead;
                if (entry != 0 && block.number > uint256(verifierLog[entry - 1].left) + VERIFIER_EXIT_BLOCKS) {
                    // the oldest closed entry, closed so long ago that every dispute raised before
                    // it closed is drawn or can no longer be: no draw still to come counts this
                    // slot, whoever holds it (its new holder joined after every such dispute)
                    _unlinkClosed(entry);
                    VerifierEntry storage e = verifierLog[entry - 1];
                    verifierEntryOf[e.account] = 0;
                    e.account = provider;
                    e.joined = uint64(block.number);
                    e.left = 0;
                } else {
                    verifierLog.push(VerifierEntry(provider, uint64(block.number), 0, 0, 0));
                    entry = verifierLog.length;
                }
                verifierEntryOf[provider] = entry;
            }
            verifierSlot[provider] = entry;
            verifiers += 1;
        } else {
            // the entry stays, closed: draws for disputes raised before now still see it
            VerifierEntry storage e = verifierLog[slot - 1];
            e.left = uint64(block.number);
            e.prevClosed = closedTail;
            if (closedTail == 0) {
                closedHead = uint64(slot);
            } else {
                verifierLog[closedTail - 1].nextClosed = uint64(slot);
            }
            closedTail = uint64(slot);
            verifierSlot[provider] = 0;
            verifierLeftBlock[provider] = uint64(block.number);
            verifiers -= 1;
        }
        emit VerifierSet(provider, verifier);
    }

    /// Takes closed entry `entry` (1 + index) out of the list of closed entries.
    function _unlinkClosed(uint256 entry) private {
        VerifierEntry storage e = verifierLog[entry - 1];
        uint64 prev = e.prevClosed;
        uint64 next = e.nextClosed;
        if (prev == 0) {
            closedHead = next;
        } else {
            verifierLog[prev - 1].nextClosed = next;
        }
        if (next == 0) {
            closedTail = prev;
        } else {
            verifierLog[next - 1].prevClosed = prev;
        }
        e.prevClosed = 0;
        e.nextClosed = 0;
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
