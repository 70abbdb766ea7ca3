// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {ComputeJobs} from "./ComputeJobs.sol";
import {MarketBase} from "./MarketBase.sol";
import {ProviderRegistry} from "./ProviderRegistry.sol";
import {Randomness} from "./Randomness.sol";

/// @title ComputeMarket
/// @notice Compute jobs paid on chain. A client posts a job (spec CID, engine and resources
/// required, price, deadline, challenge window, number of verifiers K) and escrows the price; a
/// registered provider whose compute offer in the registry matches claims it, locking collateral
/// (a share of the price, in the job's token) and `stakePerJob` of its registry stake; it submits
/// the result (output CID, fuel used, receipt hash) by the deadline, or anyone may expire the job:
/// the client is refunded, part of the collateral burned, the stake slashed. Once the challenge
/// window after the result has closed undisputed, the provider is paid price and collateral.
///
/// WASM results may be disputed within the window by the client or any registry verifier, with a
/// bond equal to the collateral and never under `MIN_BOND_PERCENT` of the price (so a market
/// without collateral does not make disputes free). K verifiers are then drawn with the
/// `prevrandao` of a block `lookahead` blocks after the dispute (see Randomness.sol: neither party
/// can choose it, and re-mining that block with other transactions does not change it) from the
/// registry's verifier log as it stood at the dispute, so that nobody who learns the seed can
/// change who is drawn by joining, leaving or moving stake; each
/// re-executes the job (the WASM engine is deterministic: output CID and fuel must match), commits
/// a hash of its result and later reveals it. A strict majority of K decides: the losing side's
/// collateral or bond pays the majority's verifiers `verifierFeePercent` of it, the rest goes to
/// the winner; verifiers that did not reveal are slashed. Without one (a split vote, too few
/// reveals, too few staked seats drawn) there is no decision: the client is refunded, the
/// provider gets its collateral and the challenger its bond back; the result never stands
/// unconfirmed.
///
/// CUDA results are not bit-reproducible across GPUs, so they are never checked by re-execution:
/// the client accepts them (the provider is paid at once) or rejects them within the window (the
/// price goes back to the client, the collateral to the provider, nobody is slashed); the market
/// counts each client's rejections so providers can avoid clients that reject everything.
///
/// Every loop is bounded by the number of verifiers (at most `maxVerifiers` ≤ 31) or by
/// `DRAW_ATTEMPTS` per verifier. The market's native and token balances always equal the
/// withdrawable balances plus `jobHeld` summed over the jobs.
contract ComputeMarket is MarketBase, ComputeJobs {
    uint8 public constant ENGINE_WASM = 1;
    uint8 public constant ENGINE_CUDA = 2;
    /// The longest spec or output CID, in bytes.
    uint256 public constant MAX_CID = 256;
    /// The most verifiers any market may draw for one job.
    uint256 public constant MAX_VERIFIERS = 31;
    /// Draw attempts per verifier wanted: log entries closed before the dispute, parties to the job
    /// and candidates already drawn are skipped, and the draw stops after K × DRAW_ATTEMPTS tries.
    uint256 public constant DRAW_ATTEMPTS = 8;
    /// The longest deadline and challenge window, in blocks.
    uint256 public constant MAX_BLOCKS = 1_000_000;
    /// The smallest dispute bond, in percent of the job's price (rounded up, so never zero).
    uint256 public constant MIN_BOND_PERCENT = 10;

    uint256 public immutable lookahead;
    uint256 public immutable collateralPercent;
    uint256 public immutable slashPercent;
    uint256 public immutable verifierFeePercent;
    uint256 public immutable stakePerJob;
    uint256 public immutable stakePerVerifier;
    uint256 public immutable minChallengeBlocks;
    uint256 public immutable commitBlocks;
    uint256 public immutable revealBlocks;
    uint256 public immutable maxVerifiers;
    /// The registry's `VERIFIER_EXIT_BLOCKS`: a dispute's verifiers are drawn within this many
    /// blocks of the dispute or never (no decision), so that a slot of the verifier log closed
    /// before a dispute was raised and taken by another account this long after is never read by
    /// that dispute's draw, and a verifier that left after the dispute still has its stake.
    uint256 public immutable drawWindow;

    error InvalidJob(string what);
    error NotClient(uint256 jobId);
    error NotProvider(uint256 jobId);
    error SelfClaim(uint256 jobId);
    error ProviderNotActive(address provider);
    error OfferMismatch(string what);
    error PriceBelowMinimum(uint256 price, uint256 minJobPrice);
    error DeadlinePassed(uint256 jobId, uint64 deadlineBlock);
    error DeadlineNotPassed(uint256 jobId, uint64 deadlineBlock);
    error ChallengeWindowClosed(uint256 jobId, uint256 lastBlock);
    error ChallengeWindowOpen(uint256 jobId, uint256 lastBlock);
    error NotVerifiable(uint256 jobId);
    error NotCuda(uint256 jobId);
    error NotEntitledToDispute(address account);
    error DrawNotYet(uint256 jobId, uint64 drawBlock);
    error NotDrawnVerifier(uint256 jobId, address account);
    error NotStaked(uint256 jobId, address verifier);
    error CommitPhaseOver(uint256 jobId, uint64 commitEnd);
    error EmptyCommitment();
    error AlreadyCommitted(uint256 jobId, address verifier);
    error NotCommitted(uint256 jobId, address verifier);
    error RevealNotOpen(uint256 jobId, uint64 commitEnd);
    error RevealPhaseOver(uint256 jobId, uint64 revealEnd);
    error AlreadyRevealed(uint256 jobId, address verifier);
    error CommitmentMismatch(uint256 jobId, address verifier);
    error DisputeNotOver(uint256 jobId, uint64 revealEnd);

    constructor(
        ProviderRegistry registry_,
        uint256 lookahead_,
        uint256 collateralPercent_,
        uint256 slashPercent_,
        uint256 verifierFeePercent_,
        uint256 stakePerJob_,
        uint256 stakePerVerifier_,
        uint256 minChallengeBlocks_,
        uint256 commitBlocks_,
        uint256 revealBlocks_,
        uint256 maxVerifiers_
    ) MarketBase(registry_) {
        if (lookahead_ < 2 || lookahead_ > 256) revert InvalidParams("lookahead");
        if (collateralPercent_ > 1000) revert InvalidParams("collateralPercent");
        if (slashPercent_ > 100) revert InvalidParams("slashPercent");
        if (verifierFeePercent_ > 100) revert InvalidParams("verifierFeePercent");
        if (minChallengeBlocks_ == 0 || minChallengeBlocks_ > MAX_BLOCKS) revert InvalidParams("minChallengeBlocks");
        if (commitBlocks_ == 0 || commitBlocks_ > MAX_BLOCKS) revert InvalidParams("commitBlocks");
        if (revealBlocks_ == 0 || revealBlocks_ > MAX_BLOCKS) revert InvalidParams("revealBlocks");
        if (maxVerifiers_ == 0 || maxVerifiers_ > MAX_VERIFIERS) revert InvalidParams("maxVerifiers");
        lookahead = lookahead_;
        collateralPercent = collateralPercent_;
        slashPercent = slashPercent_;
        verifierFeePercent = verifierFeePercent_;
        stakePerJob = stakePerJob_;
        stakePerVerifier = stakePerVerifier_;
        minChallengeBlocks = minChallengeBlocks_;
        commitBlocks = commitBlocks_;
        revealBlocks = revealBlocks_;
        maxVerifiers = maxVerifiers_;
        drawWindow = registry_.VERIFIER_EXIT_BLOCKS();
        if (drawWindow <= lookahead_) revert InvalidParams("registry");
    }

    // ---- client and provider ------------------------------------------------------------------

    /// @notice Posts a job and escrows its price (native: exactly `msg.value`; a token: pulled).
    function postJob(
        bytes calldata specCid,
        Requirements calldata req,
        uint256 price,
        address token,
        uint64 deadlineBlocks,
        uint64 challengeBlocks,
        uint8 verifiers
    ) external payable nonReentrant returns (uint256 jobId) {
        if (specCid.length == 0 || specCid.length > MAX_CID) revert InvalidJob("specCid");
        if (price == 0 || price > type(uint128).max) revert InvalidJob("price");
        if (deadlineBlocks == 0 || deadlineBlocks > MAX_BLOCKS) revert InvalidJob("deadlineBlocks");
        if (challengeBlocks < minChallengeBlocks || challengeBlocks > MAX_BLOCKS) {
            revert InvalidJob("challengeBlocks");
        }
        if (req.engine == ENGINE_WASM) {
            if (verifiers == 0 || verifiers > maxVerifiers || verifiers % 2 == 0) revert InvalidJob("verifiers");
            if (req.gpuModelHash != bytes32(0) || req.gpuMemoryBytes != 0) revert InvalidJob("gpu");
        } else if (req.engine == ENGINE_CUDA) {
            // not reproducible across GPUs: no dispute by re-execution, so no verifiers
            if (verifiers != 0) revert InvalidJob("verifiers");
        } else {
            revert InvalidJob("engine");
        }
        jobId = ++jobCount;
        Job storage j = jobs[jobId];
        j.client = msg.sender;
        j.state = State.Posted;
        j.engine = req.engine;
        j.verifiers = verifiers;
        j.cpuCores = req.cpuCores;
        j.memoryBytes = req.memoryBytes;
        j.gpuModelHash = req.gpuModelHash;
        j.gpuMemoryBytes = req.gpuMemoryBytes;
        j.energySourceHash = req.energySourceHash;
        j.token = token;
        j.price = price;
        j.postedBlock = uint64(block.number);
        j.deadlineBlock = uint64(block.number) + deadlineBlocks;
        j.challengeBlocks = challengeBlocks;
        j.specCid = specCid;
        emit JobPosted(jobId, msg.sender, token, price, req.engine, verifiers, j.deadlineBlock);
        _receive(token, msg.sender, price);
    }

    /// @notice The client takes back an unclaimed job's price.
    function cancelJob(uint256 jobId) external nonReentrant {
        Job storage j = _job(jobId, State.Posted);
        if (msg.sender != j.client) revert NotClient(jobId);
        j.state = State.Cancelled;
        _credit(j.client, j.token, j.price);
        emit JobCancelled(jobId);
        emit JobRefunded(jobId, j.client, j.price);
    }

    /// @notice Claims a job for the sender, whose compute offer must match it; locks the collateral
    /// (native: exactly `msg.value`; a token: pulled) and `stakePerJob` of registry stake.
    function claimJob(uint256 jobId) external payable nonReentrant {
        Job storage j = _job(jobId, State.Posted);
        if (block.number >= j.deadlineBlock) revert DeadlinePassed(jobId, j.deadlineBlock);
        if (msg.sender == j.client) revert SelfClaim(jobId);
        if (!registry.isActive(msg.sender)) revert ProviderNotActive(msg.sender);
        _checkOffer(j, msg.sender);
        uint256 collateral = j.price * collateralPercent / 100;
        j.state = State.Claimed;
        j.provider = msg.sender;
        j.collateral = collateral;
        emit JobClaimed(jobId, msg.sender, collateral);
        _receive(j.token, msg.sender, collateral);
        registry.lockStake(msg.sender, stakePerJob);
    }

    /// @notice The provider's result, by the deadline.
    function submitResult(uint256 jobId, bytes calldata outputCid, uint64 fuelUsed, bytes32 receiptHash) external {
        Job storage j = _job(jobId, State.Claimed);
        if (msg.sender != j.provider) revert NotProvider(jobId);
        if (block.number > j.deadlineBlock) revert DeadlinePassed(jobId, j.deadlineBlock);
        if (outputCid.length == 0 || outputCid.length > MAX_CID) revert InvalidJob("outputCid");
        j.state = State.Submitted;
        j.resultBlock = uint64(block.number);
        j.outputCid = outputCid;
        j.fuelUsed = fuelUsed;
        j.receiptHash = receiptHash;
        emit ResultSubmitted(jobId, msg.sender, outputCid, fuelUsed, receiptHash);
    }

    /// @notice Ends a claimed job whose deadline passed without a result (anyone may): the price
    /// back to the client, `slashPercent` of the collateral burned (not paid to the client, who
    /// could have posted a job nobody can run) and the rest back to the provider, its stake
    /// slashed.
    function expire(uint256 jobId) external nonReentrant {
        Job storage j = _job(jobId, State.Claimed);
        if (block.number <= j.deadlineBlock) revert DeadlineNotPassed(jobId, j.deadlineBlock);
        j.state = State.Expired;
        uint256 burned = j.collateral * slashPercent / 100;
        _credit(j.client, j.token, j.price);
        _burn(j.token, burned);
        _credit(j.provider, j.token, j.collateral - burned);
        emit JobExpired(jobId, j.provider, burned);
        emit JobRefunded(jobId, j.client, j.price);
        _failed(j);
    }

    /// @notice Pays the provider once the challenge window has closed undisputed (anyone may).
    function finalizeJob(uint256 jobId) external nonReentrant {
        Job storage j = _job(jobId, State.Submitted);
        uint256 end = uint256(j.resultBlock) + j.challengeBlocks;
        if (block.number <= end) revert ChallengeWindowOpen(jobId, end);
        _pay(jobId, j, 0);
    }

    /// @notice The client accepts a CUDA result: the provider is paid at once.
    function acceptResult(uint256 jobId) external nonReentrant {
        Job storage j = _cudaResult(jobId);
        _pay(jobId, j, 0);
    }

    /// @notice The client rejects a CUDA result within the window: the price back to the client,
    /// the collateral back to the provider, nobody slashed; counted in `clientRejections`.
    function rejectResult(uint256 jobId) external nonReentrant {
        Job storage j = _cudaResult(jobId);
        uint256 end = uint256(j.resultBlock) + j.challengeBlocks;
        if (block.number > end) revert ChallengeWindowClosed(jobId, end);
        j.state = State.Refunded;
        clientRejections[j.client] += 1;
        _credit(j.client, j.token, j.price);
        _credit(j.provider, j.token, j.collateral);
        emit ResultRejected(jobId, j.client);
        emit JobRefunded(jobId, j.client, j.price);
        registry.unlockStake(j.provider, stakePerJob);
    }

    // ---- disputes -----------------------------------------------------------------------------

    /// @notice Disputes a WASM result within its window, by the client or a registry verifier
    /// (not the provider), with a bond of `disputeBond(jobId)`. The verifiers are drawn with the
    /// `prevrandao` of block `block.number + lookahead`.
    function dispute(uint256 jobId) external payable nonReentrant {
        Job storage j = _job(jobId, State.Submitted);
        if (j.engine != ENGINE_WASM) revert NotVerifiable(jobId);
        uint256 end = uint256(j.resultBlock) + j.challengeBlocks;
        if (block.number > end) revert ChallengeWindowClosed(jobId, end);
        if (msg.sender == j.provider || (msg.sender != j.client && !registry.isVerifier(msg.sender))) {
            revert NotEntitledToDispute(msg.sender);
        }
        j.state = State.Disputed;
        j.challenger = msg.sender;
        j.bond = _bond(j);
        j.drawBlock = uint64(block.number + lookahead);
        // the verifiers the draw may pick are fixed now, before anyone can know its seed
        j.disputeBlock = uint64(block.number);
        j.verifierLogLength = uint64(registry.verifierLogLength());
        emit JobDisputed(jobId, msg.sender, j.bond, j.drawBlock);
        _receive(j.token, msg.sender, j.bond);
    }

    /// @notice Draws the disputed job's verifiers (anyone may) once its draw block is mined, with
    /// that block's `prevrandao` read from `header`, its RLP header, from the verifiers that were
    /// in the draws when the dispute was raised (see `_draw`). A draw block out of reach of
    /// the block-hash history is replaced by a fresh one. A dispute not drawn within
    /// `drawWindow` blocks of it, or whose fresh draw block would fall after them, can no longer
    /// be drawn over the log as it stood (closed slots are taken again): no decision. A draw
    /// with fewer staked seats than a majority of K (none, when K is 1) can reach no majority: no
    /// decision (`_undecided`), those drawn are let go.
    function drawVerifiers(uint256 jobId, bytes calldata header) external nonReentrant {
        Job storage j = _job(jobId, State.Disputed);
        uint256 lastDraw = uint256(j.disputeBlock) + drawWindow;
        if (block.number > lastDraw) {
            _undecided(jobId, j);
            return;
        }
        if (block.number <= j.drawBlock) revert DrawNotYet(jobId, j.drawBlock);
        uint256 age = block.number - j.drawBlock;
        if (age > 256 && (age > Randomness.HISTORY_BLOCKS || Randomness.HISTORY.code.length == 0)) {
            if (block.number + lookahead >= lastDraw) {
                _undecided(jobId, j);
                return;
            }
            j.drawBlock = uint64(block.number + lookahead);
            emit DrawRescheduled(jobId, j.drawBlock);
            return;
        }
        uint256 seed = Randomness.prevrandaoOf(j.drawBlock, header);
        (uint256 count, uint256 staked) = _draw(jobId, j, seed);
        if (staked <= j.verifiers / 2) {
            // fewer staked seats than a majority of K: no majority can be reached, so no decision
            // (never "the result stands", which a provider could force by emptying seats)
            _dropDrawn(drawn[jobId]);
            _undecided(jobId, j);
            return;
        }
        j.state = State.Drawn;
        j.staked = uint8(staked);
        j.commitEnd = uint64(block.number + commitBlocks);
        j.revealEnd = uint64(block.number + commitBlocks + revealBlocks);
        emit VerifiersDrawn(jobId, count, seed);
    }

    /// @notice A drawn verifier's commitment: keccak256(abi.encode(jobId, verifier,
    /// keccak256(outputCid), fuelUsed, salt)), until `commitEnd`.
    function commitResult(uint256 jobId, bytes32 commitment) external {
        Job storage j = _job(jobId, State.Drawn);
        if (block.number > j.commitEnd) revert CommitPhaseOver(jobId, j.commitEnd);
        if (commitment == bytes32(0)) revert EmptyCommitment();
        Verifier storage v = _verifier(jobId, msg.sender);
        if (!v.staked) revert NotStaked(jobId, msg.sender);
        if (v.commitment != bytes32(0)) revert AlreadyCommitted(jobId, msg.sender);
        v.commitment = commitment;
        j.committed += 1;
        emit ResultCommitted(jobId, msg.sender);
    }

    /// @notice Reveals a committed result, once the commit phase is over or every drawn verifier
    /// has committed, until `revealEnd`.
    function revealResult(uint256 jobId, bytes calldata outputCid, uint64 fuelUsed, bytes32 salt) external {
        Job storage j = _job(jobId, State.Drawn);
        if (block.number <= j.commitEnd && j.committed < j.staked) {
            revert RevealNotOpen(jobId, j.commitEnd);
        }
        if (block.number > j.revealEnd) revert RevealPhaseOver(jobId, j.revealEnd);
        Verifier storage v = _verifier(jobId, msg.sender);
        if (v.commitment == bytes32(0)) revert NotCommitted(jobId, msg.sender);
        if (v.revealed) revert AlreadyRevealed(jobId, msg.sender);
        bytes32 outputHash = keccak256(outputCid);
        if (keccak256(abi.encode(jobId, msg.sender, outputHash, fuelUsed, salt)) != v.commitment) {
            revert CommitmentMismatch(jobId, msg.sender);
        }
        bool agreed = outputHash == keccak256(j.outputCid) && fuelUsed == j.fuelUsed;
        v.revealed = true;
        v.agreed = agreed;
        j.revealed += 1;
        emit ResultRevealed(jobId, msg.sender, agreed);
    }

    /// @notice Settles a dispute once every staked verifier revealed or the reveal phase is over
    /// (anyone may), by a strict majority of K, the verifiers the job asked for. More than K/2
    /// disagreeing reveals: the client is refunded and the challenger gets its bond back and the
    /// collateral less the verifiers' fees, the provider is slashed. More than K/2 agreeing: the
    /// provider is paid and gets the bond less the fees. Otherwise (a split, too few reveals) no
    /// decision: see `_undecided`. Staked verifiers that did not reveal are slashed.
    function resolveDispute(uint256 jobId) external nonReentrant {
        Job storage j = _job(jobId, State.Drawn);
        Verifier[] storage vs = drawn[jobId];
        if (block.number <= j.revealEnd && j.revealed < j.staked) revert DisputeNotOver(jobId, j.revealEnd);
        uint256 agreed;
        uint256 disagreed;
        for (uint256 i = 0; i < vs.length; i++) {
            if (vs[i].revealed) {
                if (vs[i].agreed) agreed++;
                else disagreed++;
            }
        }
        uint256 half = j.verifiers / 2;
        emit DisputeResolved(jobId, agreed > half, agreed, disagreed);
        address challenger = j.challenger;
        uint256 bond = j.bond;
        if (agreed > half) {
            uint256 fees = _payVerifiers(jobId, j, bond, true);
            _pay(jobId, j, bond - fees);
        } else if (disagreed > half) {
            uint256 fees = _payVerifiers(jobId, j, j.collateral, false);
            j.state = State.Refunded;
            _credit(j.client, j.token, j.price);
            _credit(challenger, j.token, bond + j.collateral - fees);
            emit JobRefunded(jobId, j.client, j.price);
            _failed(j);
        } else {
            _undecided(jobId, j);
        }
        _releaseVerifiers(vs);
    }

    // ---- views --------------------------------------------------------------------------------

    /// @notice The bond a dispute of this job takes: its collateral, and at least
    /// `MIN_BOND_PERCENT` of its price.
    function disputeBond(uint256 jobId) external view returns (uint256) {
        return _bond(_known(jobId));
    }

    // ---- internals ----------------------------------------------------------------------------

    function _bond(Job storage j) private view returns (uint256) {
        uint256 least = (j.price * MIN_BOND_PERCENT + 99) / 100;
        return j.collateral > least ? j.collateral : least;
    }

    function _cudaResult(uint256 jobId) private view returns (Job storage j) {
        j = _job(jobId, State.Submitted);
        if (j.engine != ENGINE_CUDA) revert NotCuda(jobId);
        if (msg.sender != j.client) revert NotClient(jobId);
    }

    function _checkOffer(Job storage j, address provider) private view {
        (
            uint8 engines,
            uint32 cpuCores,
            uint64 memoryBytes,
            uint256 minJobPrice,
            string memory energySource,
            bytes32 gpuModelHash,
            uint64 gpuMemoryBytes
        ) = registry.computeOfferOf(provider);
        if (engines & j.engine == 0) revert OfferMismatch("engine");
        if (cpuCores < j.cpuCores) revert OfferMismatch("cpuCores");
        if (memoryBytes < j.memoryBytes) revert OfferMismatch("memoryBytes");
        if (j.gpuModelHash != bytes32(0) && gpuModelHash != j.gpuModelHash) revert OfferMismatch("gpuModel");
        if (gpuMemoryBytes < j.gpuMemoryBytes) revert OfferMismatch("gpuMemoryBytes");
        if (j.energySourceHash != bytes32(0) && keccak256(bytes(energySource)) != j.energySourceHash) {
            revert OfferMismatch("energySource");
        }
        if (j.price < minJobPrice) revert PriceBelowMinimum(j.price, minJobPrice);
    }

    /// Pays the provider price, collateral and `extra`, unlocks its stake, counts a completed job.
    function _pay(uint256 jobId, Job storage j, uint256 extra) private {
        j.state = State.Paid;
        uint256 amount = j.price + j.collateral + extra;
        _credit(j.provider, j.token, amount);
        emit JobPaid(jobId, j.provider, amount);
        registry.unlockStake(j.provider, stakePerJob);
        registry.recordValue(j.provider, j.token, j.price, 0);
        registry.jobEnded(j.provider, false);
    }

    /// No decision: the price back to the client (the result was never confirmed), the collateral
    /// back to the provider with its stake unlocked (it was never shown wrong: neither paid nor
    /// counted as failed), the bond back to the challenger. No losing side pays the verifiers;
    /// those that did not reveal are still slashed by the caller.
    function _undecided(uint256 jobId, Job storage j) private {
        j.state = State.Refunded;
        _credit(j.client, j.token, j.price);
        _credit(j.provider, j.token, j.collateral);
        _credit(j.challenger, j.token, j.bond);
        emit DisputeUndecided(jobId, j.challenger);
        emit JobRefunded(jobId, j.client, j.price);
        registry.unlockStake(j.provider, stakePerJob);
    }

    /// Slashes the provider's stake for the job and counts a failed job worth its price.
    function _failed(Job storage j) private {
        registry.slashStake(j.provider, stakePerJob);
        registry.recordValue(j.provider, j.token, 0, j.price);
        registry.jobEnded(j.provider, true);
    }

    /// Draws up to K verifiers with `seed` from the verifier log as it was when the dispute was
    /// raised: candidate `attempt` is entry keccak256(seed, jobId, attempt) mod the log's length
    /// then, taken when it was in the draws throughout the dispute block and is no party to the
    /// job nor drawn already. Who is drawn depends on nothing that changed after the dispute, stake
    /// included, but for one choice each verifier has over its own seat: one that left and joined
    /// again since is skipped, and the attempts go on to other candidates. A slot taken by another
    /// account since was closed before the dispute (see ProviderRegistry._setVerifier): skipped
    /// whoever holds it. A drawn verifier whose free stake is short of `stakePerVerifier` keeps its
    /// seat unstaked, and cannot commit. Returns the seats drawn and how many of them are staked.
    function _draw(uint256 jobId, Job storage j, uint256 seed) private returns (uint256 count, uint256 staked) {
        uint256 n = j.verifierLogLength;
        uint256 k = j.verifiers;
        Verifier[] storage vs = drawn[jobId];
        if (n == 0) return (0, 0);
        for (uint256 attempt = 0; attempt < k * DRAW_ATTEMPTS && count < k; attempt++) {
            (address v, uint64 joined, uint64 left) =
                registry.verifierEntry(uint256(keccak256(abi.encode(seed, jobId, attempt))) % n);
            // in the draws throughout the dispute block: joined before it (an entry reopened or
            // taken by another account since, in that block included, is out) and not left by
            // its end
            if (joined >= j.disputeBlock || (left != 0 && left <= j.disputeBlock)) continue;
            if (v == j.provider || v == j.client || v == j.challenger || _isDrawn(vs, v)) continue;
            bool locked = registry.lockVerifierStake(v, stakePerVerifier);
            vs.push(Verifier(v, locked, false, false, bytes32(0)));
            count++;
            if (locked) staked++;
        }
    }

    function _isDrawn(Verifier[] storage vs, address v) private view returns (bool) {
        for (uint256 i = 0; i < vs.length; i++) {
            if (vs[i].account == v) return true;
        }
        return false;
    }

    function _verifier(uint256 jobId, address account) private view returns (Verifier storage) {
        Verifier[] storage vs = drawn[jobId];
        for (uint256 i = 0; i < vs.length; i++) {
            if (vs[i].account == account) return vs[i];
        }
        revert NotDrawnVerifier(jobId, account);
    }

    /// Credits each revealed verifier on the majority side (`agreed`) its share of
    /// `verifierFeePercent` of `loserFunds`, split K ways; returns the total.
    function _payVerifiers(uint256 jobId, Job storage j, uint256 loserFunds, bool agreed)
        private
        returns (uint256 total)
    {
        uint256 fee = loserFunds * verifierFeePercent / 100 / j.verifiers;
        Verifier[] storage vs = drawn[jobId];
        for (uint256 i = 0; i < vs.length; i++) {
            if (vs[i].revealed && vs[i].agreed == agreed) {
                _credit(vs[i].account, j.token, fee);
                total += fee;
            }
        }
    }

    /// Unlocks the stake of verifiers drawn for a dispute with too few staked seats and forgets them.
    function _dropDrawn(Verifier[] storage vs) private {
        for (uint256 i = vs.length; i > 0; i--) {
            if (vs[i - 1].staked) registry.unlockStake(vs[i - 1].account, stakePerVerifier);
            vs.pop();
        }
    }

    /// Unlocks the stake of the staked verifiers that revealed and slashes those that did not.
    function _releaseVerifiers(Verifier[] storage vs) private {
        for (uint256 i = 0; i < vs.length; i++) {
            if (!vs[i].staked) {
                continue;
            } else if (vs[i].revealed) {
                registry.unlockStake(vs[i].account, stakePerVerifier);
            } else {
                registry.slashStake(vs[i].account, stakePerVerifier);
            }
        }
    }
}
