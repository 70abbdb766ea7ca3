package io.cairn.retrieval.p2p.testing;

import io.cairn.retrieval.P2pHosts;
import io.cairn.retrieval.P2pNode;
import io.cairn.retrieval.P2pOptions;
import io.cairn.retrieval.p2p.Connection;
import io.cairn.retrieval.p2p.Host;
import io.cairn.retrieval.p2p.ProtocolBinding;
import io.cairn.retrieval.p2p.net.PeerStores;
import io.cairn.storage.PeerId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * N real Cairn libp2p hosts on 127.0.0.1 (free ports, seeded identities), each with Identify and
 * Ping, for tests of protocols over the real transport. Close it to stop them all.
 *
 * <pre>{@code
 * try (TestHosts hosts = TestHosts.start(2, h -> h.host().register(myBinding(h)))) {
 *   Connection c = hosts.connect(0, 1);
 *   ...
 * }
 * }</pre>
 */
public final class TestHosts implements AutoCloseable {
  private final List<P2pNode> nodes;

  private TestHosts(List<P2pNode> nodes) {
    this.nodes = nodes;
  }

  /** Starts {@code n} hosts with default limits; {@code setup} runs on each (register bindings). */
  public static TestHosts start(int n, Consumer<P2pNode> setup) {
    return start(n, P2pOptions.loopback(), setup);
  }

  /** Starts {@code n} hosts with {@code options} (listening on 127.0.0.1 only). */
  public static TestHosts start(int n, P2pOptions options, Consumer<P2pNode> setup) {
    List<P2pNode> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        P2pNode node = P2pHosts.start(options, seed(i), PeerStores.memory());
        nodes.add(node);
        setup.accept(node);
      }
    } catch (RuntimeException e) {
      nodes.forEach(P2pNode::close);
      throw e;
    }
    return new TestHosts(nodes);
  }

  /** The Ed25519 seed of host {@code i}: fixed, so peer IDs are the same in every run. */
  public static byte[] seed(int i) {
    byte[] seed = new byte[32];
    for (int j = 0; j < seed.length; j++) {
      seed[j] = (byte) (31 * i + j + 1);
    }
    return seed;
  }

  public P2pNode get(int i) {
    return nodes.get(i);
  }

  public int size() {
    return nodes.size();
  }

  /** Connects host {@code from} to host {@code to} and waits (10 s at most). */
  public Connection connect(int from, int to) {
    try {
      return nodes
          .get(from)
          .host()
          .connect(nodes.get(to).peerId(), nodes.get(to).host().listenAddresses())
          .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(
          "host " + from + " cannot connect to host " + to + ": " + e, e);
    }
  }

  /**
   * The connection {@code host} holds to {@code peer}, once it has one (10 s at most): the side
   * that ends its handshake last (a TLS or Noise listener) registers the connection a moment after
   * the dialer's side.
   */
  public static Optional<Connection> awaitConnection(Host host, PeerId peer)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (host.connection(peer).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return host.connection(peer);
  }

  /** A binding that echoes every byte back and half-closes when the opener does. */
  public static ProtocolBinding echo(String protocolId) {
    return new EchoBinding(protocolId);
  }

  @Override
  public void close() {
    nodes.forEach(P2pNode::close);
  }
}
