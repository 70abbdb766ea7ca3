package io.cairn.node.daemon;

import io.cairn.config.IpnsConfig;
import io.cairn.config.Keystore;
import io.cairn.config.NodeConfig;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.chain.ChainService;
import io.cairn.node.http.HttpRoute;
import io.cairn.node.http.RequestListener;
import io.cairn.node.metrics.Metrics;
import io.cairn.node.p2p.NameKeys;
import io.cairn.node.p2p.NameSystems;
import io.cairn.node.p2p.NodeNetwork;
import io.cairn.node.pinning.PinningService;
import io.cairn.node.pinning.mfs.MfsPinning;
import io.cairn.node.rpc.Rpcs;
import io.cairn.node.webui.WebUi;
import io.cairn.retrieval.NameResolver;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Service;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * How to start a daemon.
 *
 * @param init whether to create the repo when there is none
 * @param initProfiles config profiles for a repo created now
 * @param apiAddress where the API listens instead of {@code Addresses.API} (tests use port 0)
 * @param routes the API port's routes besides the RPC commands, given the running node
 * @param services the services after the API server, in start order, given the running node
 * @param listener hears every API request (metrics)
 */
public record DaemonOptions(
    boolean init,
    List<String> initProfiles,
    InetSocketAddress apiAddress,
    Function<NodeHandle, List<HttpRoute>> routes,
    Function<NodeHandle, List<Service>> services,
    RequestListener listener) {
  public DaemonOptions {
    initProfiles = List.copyOf(initProfiles);
  }

  /**
   * The node {@code cairn daemon} runs: on the API port the dashboard ({@code /webui}), the Pinning
   * Service API ({@code /pinning}) and Prometheus metrics ({@code /debug/metrics/prometheus}); the
   * pinning service's worker; the MFS pinning policy of the remote services ({@link MfsPinning});
   * and garbage collection every {@code Datastore.GCPeriod} when asked.
   */
  public static DaemonOptions standard(
      boolean init, List<String> initProfiles, InetSocketAddress apiAddress, boolean enableGc) {
    return standard(init, initProfiles, apiAddress, null, enableGc);
  }

  /**
   * The daemon {@code cairn daemon} runs: the gateway, the dashboard, the pinning service and
   * metrics, and garbage collection when asked for.
   *
   * @param apiAddress where the API listens instead of {@code Addresses.API}; null for the config's
   * @param gatewayAddress where the gateway listens instead of {@code Addresses.Gateway}; null for
   *     the config's (tests use port 0 for both)
   */
  public static DaemonOptions standard(
      boolean init,
      List<String> initProfiles,
      InetSocketAddress apiAddress,
      InetSocketAddress gatewayAddress,
      boolean enableGc) {
    return standard(init, initProfiles, apiAddress, gatewayAddress, enableGc, false, false);
  }

  /**
   * As above, with the chain ({@code Chain.Mode} of the config: a dev chain, an RPC endpoint, or
   * none) and the provider's proving loop when {@code chain} is set, as {@code cairn daemon} runs;
   * {@code offline} ({@code cairn daemon --offline}, as Kubo's {@code ipfs daemon --offline})
   * starts no peer-to-peer network: nothing is fetched, and the gateway answers 404 at once for
   * content the repo does not hold.
   */
  public static DaemonOptions standard(
      boolean init,
      List<String> initProfiles,
      InetSocketAddress apiAddress,
      InetSocketAddress gatewayAddress,
      boolean enableGc,
      boolean chain,
      boolean offline) {
    return standard(
        init, initProfiles, apiAddress, gatewayAddress, enableGc, chain, offline, false);
  }

  /**
   * As above; {@code enablePubsub} ({@code cairn daemon --enable-pubsub-experiment}, as Kubo's)
   * runs pubsub whatever {@code Pubsub.Enabled} says.
   */
  public static DaemonOptions standard(
      boolean init,
      List<String> initProfiles,
      InetSocketAddress apiAddress,
      InetSocketAddress gatewayAddress,
      boolean enableGc,
      boolean chain,
      boolean offline,
      boolean enablePubsub) {
    return standard(
        init,
        initProfiles,
        apiAddress,
        gatewayAddress,
        enableGc,
        chain,
        offline,
        enablePubsub,
        false);
  }

  /**
   * As above; {@code enableNamesysPubsub} ({@code cairn daemon --enable-namesys-pubsub}, as Kubo's)
   * publishes and resolves IPNS names over pubsub whatever {@code Ipns.UsePubsub} says, which runs
   * pubsub too.
   */
  public static DaemonOptions standard(
      boolean init,
      List<String> initProfiles,
      InetSocketAddress apiAddress,
      InetSocketAddress gatewayAddress,
      boolean enableGc,
      boolean chain,
      boolean offline,
      boolean enablePubsub,
      boolean enableNamesysPubsub) {
    Metrics metrics = new Metrics(Rpcs.all().paths());
    AtomicReference<PinningService> pinning = new AtomicReference<>();
    return new DaemonOptions(
        init,
        initProfiles,
        apiAddress,
        node -> {
          pinning.set(PinningService.create(node));
          return List.of(WebUi.route(node), pinning.get().route(), metrics.route(node));
        },
        node -> {
          List<Service> services = new ArrayList<>();
          BlockStore gatewayBlocks = node.storage().blocks();
          NameResolver names = NameSystems.create(node.storage(), null);
          if (!offline) {
            NodeNetwork network =
                new NodeNetwork(
                    overridden(node.config(), enablePubsub, enableNamesysPubsub),
                    node.storage(),
                    null,
                    NameKeys.held(() -> node.key(Keystore.SELF), node::keystore));
            services.add(network);
            gatewayBlocks = network.gatewayBlocks(node.config().gateway().noFetch());
            names = network.nameResolver();
          }
          services.add(
              new GatewayService(
                  GatewayService.options(
                      node.config(),
                      gatewayAddress != null
                          ? gatewayAddress
                          : node.config().addresses().gateway().get(0).socketAddress()),
                  gatewayBlocks,
                  metrics::gatewayRequestDone,
                  names));
          services.add(pinning.get());
          services.add(
              MfsPinning.of(
                  node, MfsPinning.pollInterval(System.getenv(MfsPinning.POLL_INTERVAL_ENV))));
          if (enableGc) {
            services.add(new GcService(node.storage(), node.config().datastore().gcPeriod()));
          }
          if (chain) {
            services.add(new ChainService(node, ChainService.home()));
            services.add(new io.cairn.node.market.MarketService(node));
          }
          return services;
        },
        metrics);
  }

  /** The config with the daemon's flags applied: they turn pubsub and IPNS over pubsub on. */
  private static NodeConfig overridden(
      NodeConfig config, boolean enablePubsub, boolean enableNamesysPubsub) {
    NodeConfig c = enablePubsub ? config.withPubsub(config.pubsub().enable()) : config;
    return enableNamesysPubsub ? c.withIpns(new IpnsConfig(true)) : c;
  }
}
