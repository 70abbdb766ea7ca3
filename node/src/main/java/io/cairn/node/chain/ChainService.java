package io.cairn.node.chain;

import io.cairn.chain.ChainAccount;
import io.cairn.chain.ChainClient;
import io.cairn.chain.ChainOptions;
import io.cairn.chain.DealInfo;
import io.cairn.chain.DealState;
import io.cairn.chain.Deployment;
import io.cairn.chain.StorageTerms;
import io.cairn.config.ChainConfig;
import io.cairn.config.RepoPaths;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.daemon.Daemon;
import io.cairn.node.p2p.NodeNetwork;
import io.cairn.node.p2p.deal.DealProposal;
import io.cairn.node.p2p.deal.DealProposals;
import io.cairn.retrieval.p2p.Host;
import io.cairn.storage.PeerId;
import io.cairn.storage.Service;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's chain: in {@code dev} mode a local Anvil with the contracts deployed and the node's
 * account funded; in {@code rpc} mode the endpoint and contracts of the config; then the client the
 * chain commands use and the provider's proving loop. In {@code off} mode it does nothing.
 */
public final class ChainService implements Service, Daemon.Listening {
  private static final Logger LOG = LoggerFactory.getLogger(ChainService.class);

  private final NodeHandle node;
  private final Path home;
  private DevChain dev;
  private ChainClient client;
  private ProvingLoop loop;
  private DealProposals proposals;
  private volatile ExecutorService dealWorkers;
  private String line = "Chain: off";

  /**
   * @param home the project folder, where the launcher installs the dev chain's Anvil
   */
  public ChainService(NodeHandle node, Path home) {
    this.node = node;
    this.home = home;
  }

  /** The folder the launcher passes as {@code cairn.home}, else the working directory. */
  public static Path home() {
    String prop = System.getProperty("cairn.home");
    return Path.of(prop != null ? prop : "").toAbsolutePath();
  }

  @Override
  public String name() {
    return "chain";
  }

  @Override
  public synchronized void start() {
    try {
      connect();
    } catch (IllegalStateException e) {
      stop();
      if (node.config().chain().mode() == ChainConfig.Mode.RPC) {
        // the configured contracts are not Cairn's, or not wired together: refuse to start
        throw new IllegalStateException(
            "Chain.Contracts do not match the chain at "
                + node.config().chain().rpcUrl().map(URI::toString).orElse("")
                + ": "
                + e.getMessage(),
            e);
      }
      line = "Chain: not connected: " + io.cairn.node.api.Errors.message(e);
      LOG.error("the chain is not connected, deals and proofs wait: {}", e.getMessage());
    } catch (RuntimeException e) {
      stop();
      line = "Chain: not connected: " + io.cairn.node.api.Errors.message(e);
      LOG.error("the chain is not connected, deals and proofs wait: {}", e.getMessage());
    }
  }

  private void connect() {
    ChainConfig config = node.config().chain();
    RepoPaths paths = node.paths();
    switch (config.mode()) {
      case OFF -> {
        return;
      }
      case DEV -> {
        dev = DevChain.start(paths, home);
        client =
            DevChain.client(
                dev.anvil(), dev.deployment(), ChainAccounts.load(paths), config.maxFee());
        Deployment d = dev.deployment();
        line =
            "Dev chain: "
                + dev.anvil().rpc()
                + " (chain "
                + d.chainId()
                + "; StorageMarket "
                + d.market()
                + ", ProviderRegistry "
                + d.registry()
                + ", TestToken "
                + d.token()
                + "); account "
                + client.address();
      }
      case RPC -> {
        URI rpc = config.rpcUrl().orElseThrow();
        Deployment d = fromConfig(ChainClient.chainId(rpc), config.contracts());
        ChainAccount account = ChainAccounts.load(paths);
        client =
            ChainClient.connect(
                new ChainOptions(rpc, d, 2, Duration.ofSeconds(4), config.maxFee()), account);
        line = "Chain: " + rpc + " (chain " + client.chainId() + "); account " + client.address();
      }
      default -> throw new IllegalStateException("unknown chain mode " + config.mode());
    }
    DealFetcher fetcher = node.network().map(this::dealFetcher).orElse(null);
    loop =
        new ProvingLoop(
            client,
            node.pieces(),
            node.storage().blocks(),
            Duration.ofMillis(500),
            fetcher,
            () -> limits(client));
    loop.start();
    LOG.info("{}", line);
  }

  /**
   * The deals the loop accepts: the storage terms this provider published in the registry (its
   * price floor, longest deal, smallest piece, most deals in flight), enforced here too so that a
   * change of terms on chain takes effect for deals already open (read at each scan of the market).
   */
  private static ProvingLoop.Limits limits(ChainClient client) {
    StorageTerms t = client.storageTerms(client.address());
    return new ProvingLoop.Limits(
        t.pricePerTiBPerPeriod(), t.maxPeriods(), t.minPieceBytes(), t.maxDealsInFlight());
  }

  /**
   * Takes deal proposals on the node's libp2p host (once per host) and fetches proposed data
   * through the network.
   */
  private DealFetcher dealFetcher(NodeNetwork network) {
    dealWorkers =
        Executors.newFixedThreadPool(2, Thread.ofPlatform().daemon().name("deal-", 0).factory());
    Host host = network.p2p().host();
    if (proposals == null || !host.protocols().contains(DealProposals.PROTOCOL_ID)) {
      proposals =
          DealProposals.install(
              host,
              node.storage().table("deal-proposals"),
              this::refusal,
              r -> {
                ExecutorService w = dealWorkers;
                if (w == null) {
                  throw new java.util.concurrent.RejectedExecutionException("the chain is stopped");
                }
                w.execute(r);
              });
      // peers connected before now learn that this node takes deal proposals
      network.p2p().pushIdentify();
    }
    return new DealFetcher(
        proposals, network.blocks(false), node.storage(), node.pieces(), dealWorkers);
  }

  /** Why this provider refuses a proposal: the deal is unknown, someone else's, or not open. */
  private Optional<String> refusal(PeerId from, DealProposal p) {
    ChainClient c = client;
    if (c == null) {
      return Optional.of("the provider's chain is not connected");
    }
    DealInfo d;
    try {
      d = c.deal(p.dealId());
    } catch (RuntimeException e) {
      return Optional.of("deal " + p.dealId() + " is not on chain: " + e.getMessage());
    }
    if (!d.provider().equalsIgnoreCase(c.address())) {
      return Optional.of(
          "deal " + p.dealId() + " is with provider " + d.provider() + ", not " + c.address());
    }
    if (d.state() != DealState.OPEN) {
      return Optional.of(
          "deal "
              + p.dealId()
              + " is "
              + d.state().toString().toLowerCase(java.util.Locale.ROOT)
              + ", not open");
    }
    return Optional.empty();
  }

  /** Deal proposals on the libp2p host; empty until started with a network. */
  public Optional<DealProposals> proposals() {
    return Optional.ofNullable(proposals);
  }

  private static Deployment fromConfig(long chainId, Map<String, String> contracts) {
    for (String name :
        new String[] {"StorageMarket", "ComputeMarket", "ProviderRegistry", "TestToken"}) {
      if (!contracts.containsKey(name)) {
        throw new IllegalStateException(
            "Chain.Contracts."
                + name
                + " is not set; Chain.Mode rpc needs the addresses of StorageMarket,"
                + " ComputeMarket, ProviderRegistry and TestToken (the ERC-20 deals are paid"
                + " in)");
      }
    }
    return new Deployment(
        chainId,
        contracts.get("ProviderRegistry"),
        contracts.get("StorageMarket"),
        contracts.get("ComputeMarket"),
        contracts.get("TestToken"),
        0);
  }

  @Override
  public String listeningLine() {
    return line;
  }

  /** The chain client, once started in dev or rpc mode. */
  public Optional<ChainClient> client() {
    return Optional.ofNullable(client);
  }

  /** The JSON-RPC endpoint in use. */
  public String endpoint() {
    if (dev != null) {
      return dev.anvil().rpc().toString();
    }
    return node.config().chain().rpcUrl().map(URI::toString).orElse("");
  }

  /** The dev chain's Anvil, in dev mode (tests drive its clock). */
  public Optional<io.cairn.chain.Anvil> devChain() {
    return dev == null ? Optional.empty() : Optional.of(dev.anvil());
  }

  /** How often the fee cap (Chain.MaxFee) held the node's transactions back, for metrics. */
  public Optional<io.cairn.chain.FeeCapHits> feeCapHits() {
    return client().map(ChainClient::feeCapHits);
  }

  /**
   * The proving loop's figures since start, for {@code chain status}, metrics and the dashboard.
   */
  public Optional<Map<String, Object>> provingStats() {
    if (loop == null) {
      return Optional.empty();
    }
    ProvingLoop.Stats s = loop.stats();
    return Optional.of(
        Map.of(
            "DealsAccepted", s.dealsAccepted(),
            "PeriodsProven", s.periodsProven(),
            "ProofsFailed", s.proofsFailed(),
            "DealsSettled", s.dealsSettled(),
            "DealsRefused", s.dealsRefused(),
            "LastProofMillis", s.lastProofMillis(),
            "LastError", s.lastError(),
            "SettlesFailed", s.settlesFailed()));
  }

  @Override
  public synchronized void stop() {
    if (loop != null) {
      loop.close();
      loop = null;
    }
    if (dealWorkers != null) {
      dealWorkers.shutdownNow();
      dealWorkers = null;
    }
    if (client != null) {
      client.close();
      client = null;
    }
    if (dev != null) {
      dev.close();
      dev = null;
    }
  }
}
