package io.cairn.node.daemon;

import io.cairn.config.ConfigException;
import io.cairn.config.NodeConfig;
import io.cairn.config.RepoInitializer;
import io.cairn.config.RepoLock;
import io.cairn.config.RepoPaths;
import io.cairn.config.SecretFiles;
import io.cairn.node.api.ApiFile;
import io.cairn.node.api.Errors;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.http.ApiServer;
import io.cairn.node.http.ApiServerOptions;
import io.cairn.node.http.HttpRoute;
import io.cairn.node.jobs.NodeJobs;
import io.cairn.node.metrics.Metrics;
import io.cairn.node.p2p.NodeNetwork;
import io.cairn.node.pinning.PinningService;
import io.cairn.node.rpc.ImportSettings;
import io.cairn.node.rpc.Rpcs;
import io.cairn.node.webui.WebUi;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.Service;
import io.cairn.storage.Storage;
import io.cairn.storage.Storages;
import io.cairn.storage.unixfs.Mfs;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code cairn daemon}: opens the repo (creating it on first run), starts the RPC API and tells the
 * CLI where it is (the repo's {@code api} file), starts the other services in dependency order, and
 * runs until asked to stop (SIGINT, SIGTERM or {@code /api/v0/shutdown}); then stops the services
 * in reverse order and closes the repo.
 */
public final class Daemon implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

  private final RepoPaths paths;
  private final PrintStream out;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final List<Service> started = new java.util.concurrent.CopyOnWriteArrayList<>();
  private RepoLock lock;
  private Storage storage;
  private NodeJobs jobs;
  private Mfs mfs;
  private volatile NodeConfig config;
  private ApiServer api;
  private volatile boolean closing;

  /** Whether the start is still under way (guarded by this). */
  private boolean starting = true;

  /** A stop asked for while the start was under way (guarded by this). */
  private boolean stopWhenStarted;

  /** The RPC commands running and recently run ({@code diag cmds}). */
  private final io.cairn.node.api.CommandLog commandLog = new io.cairn.node.api.CommandLog();

  /** Completes once the network service has started, or will not (none, a failed start, close). */
  private final java.util.concurrent.CompletableFuture<Void> networkStarted =
      new java.util.concurrent.CompletableFuture<>();

  private Daemon(RepoPaths paths, PrintStream out) {
    this.paths = paths;
    this.out = out;
  }

  /**
   * Starts a daemon on the repo at {@code paths}; returns once every service listens.
   *
   * @param options how to start
   * @param out where the start-up lines go
   */
  public static Daemon start(RepoPaths paths, DaemonOptions options, PrintStream out) {
    Daemon d = new Daemon(paths, out);
    try {
      d.open(options);
      return d;
    } catch (RuntimeException e) {
      d.close();
      throw e;
    }
  }

  private void open(DaemonOptions options) {
    out.println("Initializing daemon...");
    if (!paths.exists()) {
      if (!options.init()) {
        throw new ConfigException(
            "no Cairn repo at " + paths.root() + "; run 'cairn init' or 'cairn daemon --init'");
      }
      out.println("No repo found at " + paths.root() + "; initializing one.");
      RepoInitializer.Result r = RepoInitializer.init(paths, options.initProfiles());
      out.println("generating ED25519 keypair...done");
      out.println("peer identity: " + r.peerId());
    }
    config = NodeConfig.load(paths).checkComplete(NodeConfig.source(paths));
    lock = RepoLock.acquireForDaemon(paths);
    SecretFiles.sharedWithOthers(paths).forEach(warning -> out.println("WARNING: " + warning));
    storage = Storages.openRepo(config.storageOptions(paths), config.peerId().toString());
    jobs =
        NodeJobs.open(
            paths,
            config,
            storage,
            ImportSettings.fromConfig(config.importDefaults()),
            NodeNetwork.fetchingOnceStarted(
                storage.blocks(), () -> service(NodeNetwork.class).orElse(null)));
    out.println("Cairn version: " + Versions.version());
    out.println("Repo version: " + Versions.REPO_VERSION);
    out.println("System version: " + Versions.system());
    out.println("Java version: " + System.getProperty("java.version"));
    out.println("PeerID: " + config.peerId());

    NodeHandle node = new DaemonNode(this);
    List<HttpRoute> routes = new ArrayList<>(options.routes().apply(node));
    api =
        new ApiServer(
            apiOptions(config, options.apiAddress()), Rpcs.all(), node, routes, options.listener());
    startService(api, options.apiAddress() == null ? "Addresses.API" : null);
    InetSocketAddress apiAddress = api.boundAddress();
    // As Kubo: the CLI may use the API from the moment it listens, not only once every service
    // (the dev chain, which takes seconds) has started.
    ApiFile.write(paths, apiAddress);
    out.println("RPC API server listening on " + Multiaddr.tcp(apiAddress));
    String base = "http://" + hostForUrl(apiAddress) + ":" + apiAddress.getPort();
    if (serves(routes, WebUi.PATH)) {
      out.println("WebUI: " + base + WebUi.PATH);
    }
    if (serves(routes, PinningService.BASE_PATH + "/pins")) {
      out.println(
          "Pinning service: "
              + base
              + PinningService.BASE_PATH
              + (config.pinningService().tokens().isEmpty()
                  ? " (no access tokens yet: cairn config PinningService.Tokens.NAME TOKEN)"
                  : ""));
    }
    if (serves(routes, Metrics.PATH)) {
      out.println("Metrics: " + base + Metrics.PATH);
    }
    List<Service> services = options.services().apply(node);
    if (services.stream().noneMatch(NodeNetwork.class::isInstance)) {
      networkStarted.complete(null);
    }
    for (Service s : services) {
      if (stopAsked()) {
        break; // a shutdown came through the API: start nothing more
      }
      startService(s, addressKey(s));
      if (s instanceof NodeNetwork) {
        networkStarted.complete(null);
      }
      if (s instanceof Listening l) {
        out.println(l.listeningLine());
      }
    }
    synchronized (this) {
      starting = false;
      if (stopWhenStarted) {
        out.println("Shutdown asked for while starting: stopping");
        out.flush();
        close();
        return;
      }
    }
    out.println("Daemon is ready");
    out.flush();
  }

  private synchronized boolean stopAsked() {
    return stopWhenStarted;
  }

  /**
   * Starts a service; when it cannot listen because its port is taken, the error names {@code
   * addressKey}, the config key that chose the address (null when the address was not from the
   * config).
   */
  private void startService(Service s, String addressKey) {
    try {
      s.start();
    } catch (RuntimeException e) {
      if (addressKey != null && isBindFailure(e)) {
        throw new IllegalStateException(addressKey + ": " + Errors.message(e), e);
      }
      throw e;
    }
    started.add(s);
    LOG.info("started {}", s.name());
  }

  /** The config key naming where {@code s} listens, if its address came from the config. */
  private String addressKey(Service s) {
    if (s instanceof NodeNetwork) {
      return "Addresses.Swarm";
    }
    if (s instanceof GatewayService g
        && g.bindAddress().equals(config.addresses().gateway().get(0).socketAddress())) {
      return "Addresses.Gateway";
    }
    return null;
  }

  private static boolean isBindFailure(Throwable t) {
    for (Throwable cur = t; cur != null; cur = cur.getCause()) {
      if (cur instanceof java.net.BindException) {
        return true;
      }
    }
    return false;
  }

  private static ApiServerOptions apiOptions(NodeConfig config, InetSocketAddress override) {
    InetSocketAddress bind =
        override != null ? override : config.addresses().api().get(0).socketAddress();
    Map<String, List<String>> auth = new LinkedHashMap<>();
    config
        .api()
        .authorizations()
        .values()
        .forEach(a -> auth.put(a.authorizationHeader(), a.allowedPaths()));
    return new ApiServerOptions(bind, config.api().httpHeaders(), auth);
  }

  private static boolean serves(List<HttpRoute> routes, String path) {
    return routes.stream().anyMatch(r -> r.matches(path));
  }

  private static String hostForUrl(InetSocketAddress a) {
    String h = a.getHostString();
    return h.contains(":") ? "[" + h + "]" : h;
  }

  public RepoPaths paths() {
    return paths;
  }

  public NodeConfig config() {
    return config;
  }

  /**
   * Reads the config file again after a command changed it, so that what the node reports from its
   * config follows; services keep the settings they started with.
   */
  public void reloadConfig() {
    config = NodeConfig.load(paths);
  }

  public Storage storage() {
    return storage;
  }

  /** The node's compute jobs. */
  public NodeJobs jobs() {
    return jobs;
  }

  /**
   * The node's mutable file system, opened by the first command that uses it (so that a root that
   * cannot be read fails the {@code files} commands, not the start), with the import settings of
   * the config as it is at each change.
   */
  public synchronized Mfs mfs() {
    if (mfs == null) {
      mfs =
          new Mfs(
              storage,
              () -> ImportSettings.fromConfig(config.importDefaults()),
              new Mfs.Hooks() {
                @Override
                public BlockStore writes(BlockStore session) {
                  return service(NodeNetwork.class)
                      .map(n -> n.announcingMfs(session))
                      .orElse(session);
                }

                @Override
                public void linked(Cid node) {
                  service(NodeNetwork.class).ifPresent(n -> n.provideMfsLinked(node));
                }
              });
    }
    return mfs;
  }

  /** Where the RPC API listens. */
  public InetSocketAddress apiAddress() {
    return api.boundAddress();
  }

  /** A running service of the given type. */
  public <T> java.util.Optional<T> service(Class<T> type) {
    return started.stream().filter(type::isInstance).map(type::cast).findFirst();
  }

  /**
   * Completes once the network service has started, or once it is known it will not (the daemon
   * runs without one, its start failed, the daemon is closing); the API answers before.
   */
  public java.util.concurrent.CompletableFuture<Void> networkStarted() {
    return networkStarted.copy();
  }

  /** The RPC commands running and recently run. */
  public io.cairn.node.api.CommandLog commandLog() {
    return commandLog;
  }

  /** Blocks until the daemon stops. */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  /**
   * Asks the daemon to stop (from any thread); returns at once. While it is still starting (the API
   * answers before the other services run), the start stops after the service being started and
   * closes the daemon, so that no service starts after the stop or is left running.
   */
  public void requestStop() {
    synchronized (this) {
      if (starting) {
        stopWhenStarted = true;
        return;
      }
    }
    Thread.ofPlatform().name("daemon-stop").start(this::close);
  }

  /**
   * Stops the services in reverse order, removes the api file (if this daemon took the repo's lock)
   * and closes the repo.
   */
  @Override
  public synchronized void close() {
    if (closing) {
      return;
    }
    closing = true;
    networkStarted.complete(null);
    if (lock != null) {
      // Only while this daemon holds the repo is the api file its own: a daemon refused because
      // another one runs must leave that one's file, or commands could no longer find it.
      ApiFile.delete(paths);
    }
    for (int i = started.size() - 1; i >= 0; i--) {
      Service s = started.get(i);
      try {
        s.stop();
        LOG.info("stopped {}", s.name());
      } catch (RuntimeException e) {
        LOG.warn("stopping {} failed: {}", s.name(), e.getMessage());
      }
    }
    started.clear();
    if (jobs != null) {
      jobs.close();
    }
    if (storage != null) {
      storage.close();
    }
    if (lock != null) {
      lock.close();
    }
    stopped.countDown();
  }

  /** A service that tells the user where it listens once started. */
  public interface Listening {
    String listeningLine();
  }
}
