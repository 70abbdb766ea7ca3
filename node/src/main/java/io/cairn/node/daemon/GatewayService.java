package io.cairn.node.daemon;

import io.cairn.config.GatewayConfig;
import io.cairn.config.NodeConfig;
import io.cairn.retrieval.GatewayListener;
import io.cairn.retrieval.GatewayOptions;
import io.cairn.retrieval.GatewayServer;
import io.cairn.retrieval.NameResolver;
import io.cairn.retrieval.PublicGateway;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.Service;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HTTP gateway as a daemon service, configured from {@code Addresses.Gateway} and {@code
 * Gateway.*}.
 */
public final class GatewayService implements Service, Daemon.Listening {
  private final GatewayServer server;
  private final InetSocketAddress bind;

  public GatewayService(NodeConfig config, BlockStore blocks, GatewayListener listener) {
    this(options(config, config.addresses().gateway().get(0).socketAddress()), blocks, listener);
  }

  public GatewayService(GatewayOptions options, BlockStore blocks, GatewayListener listener) {
    this(options, blocks, listener, NameResolver.NONE);
  }

  /** A gateway whose {@code /ipns/} paths {@code names} resolves. */
  public GatewayService(
      GatewayOptions options, BlockStore blocks, GatewayListener listener, NameResolver names) {
    this.server = new GatewayServer(options, blocks, listener, names);
    this.bind = options.bind();
  }

  /** Where the gateway is asked to listen (port 0 for any free one). */
  public InetSocketAddress bindAddress() {
    return bind;
  }

  /** The gateway options of a node config, listening on {@code bind}. */
  public static GatewayOptions options(NodeConfig config, InetSocketAddress bind) {
    GatewayConfig g = config.gateway();
    Map<String, PublicGateway> publicGateways =
        new LinkedHashMap<>(GatewayOptions.DEFAULT_PUBLIC_GATEWAYS);
    g.disabledPublicGateways().forEach(publicGateways::remove);
    g.publicGateways()
        .forEach(
            (host, p) -> publicGateways.put(host, new PublicGateway(p.paths(), p.useSubdomains())));
    return GatewayOptions.defaults(bind)
        .withExtraHeaders(g.httpHeaders())
        .withPublicGateways(publicGateways)
        .withDeserializedResponses(g.deserializedResponses())
        .withNoDnsLink(g.noDnsLink());
  }

  @Override
  public String name() {
    return "gateway";
  }

  @Override
  public void start() {
    server.start();
  }

  @Override
  public void stop() {
    server.stop();
  }

  public InetSocketAddress boundAddress() {
    return server.boundAddress();
  }

  @Override
  public String listeningLine() {
    return "Gateway server listening on " + Multiaddr.tcp(server.boundAddress());
  }
}
