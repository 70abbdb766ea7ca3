// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

/// @title ComputeJobs
/// @notice The compute market's records: each job with its requirements and result, the verifiers
/// drawn for its dispute, the events that report them and the views that read them.
/// ComputeMarket, which inherits them, holds what clients, providers and verifiers can do.
abstract contract ComputeJobs {
    enum State {
        None,
        Posted,
        Claimed,
        Submitted,
        Disputed,
        Drawn,
        Paid,
        Refunded,
        Cancelled,
        Expired
    }

    struct Requirements {
        uint8 engine;
        uint32 cpuCores;
        uint64 memoryBytes;
        bytes32 gpuModelHash;
        uint64 gpuMemoryBytes;
        bytes32 energySourceHash;
    }

    struct Job {
        address client;
        State state;
        uint8 engine;
        uint8 verifiers;
        uint8 staked;
        uint8 committed;
        uint8 revealed;
        address provider;
        uint32 cpuCores;
        uint64 postedBlock;
        address token;
        uint64 deadlineBlock;
        address challenger;
        uint64 resultBlock;
        uint64 memoryBytes;
        uint64 gpuMemoryBytes;
        uint64 challengeBlocks;
        uint64 fuelUsed;
        uint64 drawBlock;
        /// The block the dispute was raised in and the verifier log's length then: the draw
        /// samples only entries below that length that were in the draws at that block.
        uint64 disputeBlock;
        uint64 verifierLogLength;
        uint64 commitEnd;
        uint64 revealEnd;
        uint256 price;
        uint256 collateral;
        uint256 bond;
        bytes32 gpuModelHash;
        bytes32 energySourceHash;
        bytes32 receiptHash;
        bytes specCid;
        bytes outputCid;
    }

    struct Verifier {
        address account;
        /// Whether `stakePerVerifier` of its stake could be locked at the draw: a seat without
        /// it cannot commit and counts as not revealing.
        bool staked;
        bool revealed;
        bool agreed;
        bytes32 commitment;
    }

    uint256 public jobCount;
    mapping(uint256 => Job) internal jobs;
    mapping(uint256 => Verifier[]) internal drawn;
    /// CUDA results each client rejected.
    mapping(address => uint256) public clientRejections;


    event JobPosted(
        uint256 indexed jobId,
        address indexed client,
        address token,
        uint256 price,
        uint8 engine,
        uint8 verifiers,
        uint64 deadlineBlock
    );
    event JobCancelled(uint256 indexed jobId);
    event JobClaimed(uint256 indexed jobId, address indexed provider, uint256 collateral);
    event ResultSubmitted(
        uint256 indexed jobId, address indexed provider, bytes outputCid, uint64 fuelUsed, bytes32 receiptHash
    );
    event JobDisputed(uint256 indexed jobId, address indexed challenger, uint256 bond, uint64 drawBlock);
    event DrawRescheduled(uint256 indexed jobId, uint64 drawBlock);
    event DisputeUndecided(uint256 indexed jobId, address indexed challenger);
    event VerifiersDrawn(uint256 indexed jobId, uint256 count, uint256 seed);
    event ResultCommitted(uint256 indexed jobId, address indexed verifier);
    event ResultRevealed(uint256 indexed jobId, address indexed verifier, bool agreed);
    event DisputeResolved(uint256 indexed jobId, bool resultStands, uint256 agreed, uint256 disagreed);
    event ResultRejected(uint256 indexed jobId, address indexed client);
    event JobPaid(uint256 indexed jobId, address indexed provider, uint256 amount);
    event JobRefunded(uint256 indexed jobId, address indexed client, uint256 amount);
    event JobExpired(uint256 indexed jobId, address indexed provider, uint256 burned);

    error UnknownJob(uint256 jobId);
    error WrongState(uint256 jobId, State state);

    function jobParties(uint256 jobId)
        external
        view
        returns (
            address client,
            address provider,
            address token,
            State state,
            uint256 price,
            uint256 collateral,
            address challenger,
            uint256 bond
        )
    {
        Job storage j = _known(jobId);
        return (j.client, j.provider, j.token, j.state, j.price, j.collateral, j.challenger, j.bond);
    }

    function jobTerms(uint256 jobId)
        external
        view
        returns (
            Requirements memory req,
            uint64 postedBlock,
            uint64 deadlineBlock,
            uint64 resultBlock,
            uint64 challengeBlocks,
            uint8 verifiers,
            uint64 drawBlock,
            uint64 commitEnd,
            uint64 revealEnd
        )
    {
        Job storage j = _known(jobId);
        req = Requirements(j.engine, j.cpuCores, j.memoryBytes, j.gpuModelHash, j.gpuMemoryBytes, j.energySourceHash);
        return (
            req,
            j.postedBlock,
            j.deadlineBlock,
            j.resultBlock,
            j.challengeBlocks,
            j.verifiers,
            j.drawBlock,
            j.commitEnd,
            j.revealEnd
        );
    }

    function jobResult(uint256 jobId)
        external
        view
        returns (bytes memory specCid, bytes memory outputCid, uint64 fuelUsed, bytes32 receiptHash)
    {
        Job storage j = _known(jobId);
        return (j.specCid, j.outputCid, j.fuelUsed, j.receiptHash);
    }

    /// @notice What the market holds for a job in its token: the price until it is settled, the
    /// collateral from the claim and the bond during a dispute.
    function jobHeld(uint256 jobId) external view returns (uint256) {
        Job storage j = _known(jobId);
        State s = j.state;
        if (s == State.Posted) return j.price;
        if (s == State.Claimed || s == State.Submitted) return j.price + j.collateral;
        if (s == State.Disputed || s == State.Drawn) return j.price + j.collateral + j.bond;
        return 0;
    }

    function jobVerifiers(uint256 jobId)
        external
        view
        returns (
            address[] memory accounts,
            bool[] memory committed,
            bool[] memory revealed,
            bool[] memory agreed,
            bool[] memory staked
        )
    {
        _known(jobId);
        Verifier[] storage vs = drawn[jobId];
        uint256 n = vs.length;
        accounts = new address[](n);
        committed = new bool[](n);
        revealed = new bool[](n);
        agreed = new bool[](n);
        staked = new bool[](n);
        for (uint256 i = 0; i < n; i++) {
            accounts[i] = vs[i].account;
            committed[i] = vs[i].commitment != bytes32(0);
            revealed[i] = vs[i].revealed;
            agreed[i] = vs[i].agreed;
            staked[i] = vs[i].staked;
        }
    }

    function _known(uint256 jobId) internal view returns (Job storage j) {
        j = jobs[jobId];
        if (j.state == State.None) revert UnknownJob(jobId);
    }

    function _job(uint256 jobId, State expected) internal view returns (Job storage j) {
        j = _known(jobId);
        if (j.state != expected) revert WrongState(jobId, j.state);
    }
}
