package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.retrieval.p2p.tunnel.TunnelListener;
import io.cairn.retrieval.p2p.tunnel.Tunnels;
import io.cairn.storage.Multiaddr;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * What the {@code p2p/*} commands (Kubo's libp2p stream mounting) share: the gate on {@code
 * Experimental.Libp2pStreamMounting}, Kubo's checks of protocols and ports, and the foreground mode
 * of {@code p2p listen} and {@code p2p forward}.
 */
final class TunnelRpcs {
  /** Kubo's error when {@code Experimental.Libp2pStreamMounting} is false. */
  static final String NOT_ENABLED = "libp2p stream mounting not enabled";

  /** Kubo's {@code P2PProtoPrefix}: the protocols a tunnel may use without the option. */
  static final String PREFIX = "/x/";

  static final String ALLOW_CUSTOM = "allow-custom-protocol";
  static final String FOREGROUND = "foreground";

  private TunnelRpcs() {}

  static List<ApiCommand> all() {
    return List.of(
        new P2pListenRpc(),
        new P2pForwardRpc(),
        new P2pLsRpc(),
        new P2pCloseRpc(),
        new P2pStreamLsRpc(),
        new P2pStreamCloseRpc());
  }

  /**
   * The running tunnels, as Kubo's {@code p2pGetNode}: first the config's gate (read again for each
   * command, so a {@code config} change applies at once), then the daemon's network.
   */
  static Tunnels tunnels(NodeHandle node, ApiRequest req) {
    if (!node.config().experimental().libp2pStreamMounting()) {
      throw new ApiException(ApiException.Kind.NORMAL, NOT_ENABLED);
    }
    return P2pRpcs.network(node, req).tunnels();
  }

  /** Kubo's refusal of a protocol outside {@code /x/} unless {@code --allow-custom-protocol}. */
  static void checkProtocol(ApiRequest req, String protocol) {
    if (!req.flag(false, ALLOW_CUSTOM) && !protocol.startsWith(PREFIX)) {
      throw new ApiException(
          ApiException.Kind.NORMAL, "protocol name must be within '" + PREFIX + "' namespace");
    }
  }

  /** Kubo's {@code checkPort}: the address has a TCP or UDP port, and it is not 0. */
  static void checkPort(Multiaddr target) {
    String port =
        target
            .valueOf("tcp")
            .or(() -> target.valueOf("udp"))
            .orElseThrow(
                () ->
                    new ApiException(
                        ApiException.Kind.NORMAL, "address does not contain tcp or udp protocol"));
    if (Integer.parseInt(port) == 0) {
      throw new ApiException(ApiException.Kind.NORMAL, "port can not be 0");
    }
  }

  /** Runs a tunnel operation; its refusal becomes the command's error, in its words. */
  static <T> T run(Supplier<T> operation) {
    try {
      return operation.get();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new ApiException(ApiException.Kind.NORMAL, e.getMessage(), e);
    }
  }

  /**
   * With {@code --foreground}, Kubo's {@code P2PForegroundOutput}: {@code active} at once, then
   * waits until the caller goes (the listener is then closed, silently) or the listener is closed
   * ({@code p2p close}, the daemon stopping), which says {@code closing}.
   */
  static void foreground(
      ApiRequest req,
      ApiResponse res,
      Tunnels tunnels,
      TunnelListener listener,
      String protocol,
      String address)
      throws InterruptedException {
    if (!req.flag(false, FOREGROUND, "f")) {
      return;
    }
    res.emit(status("active", protocol, address));
    CompletableFuture<Void> closed = listener.done().toCompletableFuture();
    CompletableFuture<?> gone = req.cancellation().signal().toCompletableFuture();
    try {
      CompletableFuture.anyOf(closed, gone).get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("waiting for the listener failed", e);
    } finally {
      if (!closed.isDone()) {
        tunnels.close(l -> l == listener);
      }
    }
    if (!gone.isDone()) {
      res.emit(status("closing", protocol, address));
    }
  }

  private static Map<String, Object> status(String status, String protocol, String address) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Status", status);
    m.put("Protocol", protocol);
    m.put("Address", address);
    return m;
  }
}
