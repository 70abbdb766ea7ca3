package io.cairn.retrieval;

import io.cairn.storage.AddressMask;
import io.cairn.storage.Multiaddr;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the libp2p host runs.
 *
 * @param listen TCP multiaddrs to listen on ({@code /ip4/0.0.0.0/tcp/4001}, {@code /ip6/::/tcp/0});
 *     empty for a host that only dials
 * @param agentVersion what Identify announces, such as {@code cairn/0.1.0}
 * @param limits the connection manager's limits
 * @param security the security protocols a connection may use, the preferred first: a dialer
 *     proposes them in this order, a listener accepts any of them
 * @param addrFilters networks never dialed nor accepted from ({@code Swarm.AddrFilters}); {@link
 *     P2pNode#updateAddressFilters} changes them while the host runs
 * @param announce which addresses the host tells peers ({@code Addresses.Announce}, {@code
 *     AppendAnnounce}, {@code NoAnnounce})
 */
public record P2pOptions(
    List<Multiaddr> listen,
    String agentVersion,
    Limits limits,
    List<Security> security,
    List<AddressMask> addrFilters,
    AnnouncePolicy announce) {
  /** Kubo's default order: TLS first, Noise where the peer lacks TLS (Helia, js-libp2p). */
  public static final List<Security> DEFAULT_SECURITY = List.of(Security.TLS, Security.NOISE);

  /** A libp2p security protocol. */
  public enum Security {
    /** {@code /tls/1.0.0}: TLS 1.3 with the libp2p certificate extension. */
    TLS("/tls/1.0.0"),
    /** {@code /noise}: Noise XX with ChaCha20-Poly1305. */
    NOISE("/noise");

    private final String protocolId;

    Security(String protocolId) {
      this.protocolId = protocolId;
    }

    /** The multistream-select protocol ID, such as {@code /tls/1.0.0}. */
    public String protocolId() {
      return protocolId;
    }
  }

  public P2pOptions {
    listen = List.copyOf(Objects.requireNonNull(listen, "listen"));
    for (Multiaddr a : listen) {
      if (!(a.has("ip4") || a.has("ip6")) || !a.has("tcp") || a.components().size() != 2) {
        throw new IllegalArgumentException(
            "listen address '"
                + a
                + "' must be /ip4/<address>/tcp/<port> or /ip6/<address>/tcp/<port>");
      }
    }
    Objects.requireNonNull(agentVersion, "agentVersion");
    if (agentVersion.isBlank()) {
      throw new IllegalArgumentException("the agent version must not be empty");
    }
    Objects.requireNonNull(limits, "limits");
    security = List.copyOf(Objects.requireNonNull(security, "security"));
    if (security.isEmpty()) {
      throw new IllegalArgumentException("at least one security protocol (TLS or Noise) is needed");
    }
    if (security.stream().distinct().count() != security.size()) {
      throw new IllegalArgumentException("security protocols listed twice: " + security);
    }
    addrFilters = List.copyOf(Objects.requireNonNull(addrFilters, "addrFilters"));
    Objects.requireNonNull(announce, "announce");
  }

  /** Options without address filters, announcing the listen addresses. */
  public P2pOptions(
      List<Multiaddr> listen, String agentVersion, Limits limits, List<Security> security) {
    this(listen, agentVersion, limits, security, List.of(), AnnouncePolicy.LISTEN_ADDRESSES);
  }

  public P2pOptions(List<Multiaddr> listen, String agentVersion, Limits limits) {
    this(listen, agentVersion, limits, DEFAULT_SECURITY);
  }

  /** Listens on {@code listen} with the default limits and agent version. */
  public static P2pOptions listening(List<Multiaddr> listen) {
    return new P2pOptions(listen, defaultAgentVersion(), Limits.defaults());
  }

  /** One listener on 127.0.0.1 on a free port (tests, local tools). */
  public static P2pOptions loopback() {
    return listening(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")));
  }

  public P2pOptions withLimits(Limits newLimits) {
    return new P2pOptions(listen, agentVersion, newLimits, security, addrFilters, announce);
  }

  /** These options with only {@code protocols}, in this order of preference. */
  public P2pOptions withSecurity(List<Security> protocols) {
    return new P2pOptions(listen, agentVersion, limits, protocols, addrFilters, announce);
  }

  /** These options with {@code masks} as the address filters. */
  public P2pOptions withAddrFilters(List<AddressMask> masks) {
    return new P2pOptions(listen, agentVersion, limits, security, masks, announce);
  }

  /** These options with {@code policy} deciding which addresses are announced. */
  public P2pOptions withAnnounce(AnnouncePolicy policy) {
    return new P2pOptions(listen, agentVersion, limits, security, addrFilters, policy);
  }

  /** {@code cairn/<version>}, the version from the jar's manifest ({@code dev} when unpackaged). */
  public static String defaultAgentVersion() {
    String v = P2pOptions.class.getPackage().getImplementationVersion();
    return "cairn/" + (v == null ? "dev" : v);
  }

  /**
   * The connection manager's limits.
   *
   * @param maxConnections connections open at once, handshaking ones included
   * @param maxConnectionsPerPeer secured connections to one peer
   * @param maxStreamsPerConnection streams open at once on one connection, each direction; a stream
   *     this side closed counts until the peer closes it too (or the close timeout resets it)
   * @param maxPendingDials dials in progress at once
   * @param maxBufferedBytes received bytes all connections may hold before protocols read them
   * @param idleTimeout a connection without streams for this long is closed
   * @param handshakeTimeout the time a new connection has to finish its security handshake and
   *     Yamux negotiation
   * @param dialTimeout the time a TCP connect may take
   * @param maxPendingWriteBytes bytes one connection may hold waiting for the socket (the peer does
   *     not read them); past it the peer is dropped
   * @param streamCloseTimeout the time a peer has to close a stream this side closed before it is
   *     reset and forgotten
   * @param maxHandshaking inbound connections still in their handshakes at once; connections this
   *     node dials are not counted, nor refused for inbound ones
   * @param maxHandshakingPerAddress inbound connections still in their handshakes from one IP
   *     address
   */
  public record Limits(
      int maxConnections,
      int maxConnectionsPerPeer,
      int maxStreamsPerConnection,
      int maxPendingDials,
      long maxBufferedBytes,
      Duration idleTimeout,
      Duration handshakeTimeout,
      Duration dialTimeout,
      long maxPendingWriteBytes,
      Duration streamCloseTimeout,
      int maxHandshaking,
      int maxHandshakingPerAddress) {
    public Limits {
      positive("maxConnections", maxConnections);
      positive("maxConnectionsPerPeer", maxConnectionsPerPeer);
      positive("maxStreamsPerConnection", maxStreamsPerConnection);
      positive("maxPendingDials", maxPendingDials);
      positive("maxBufferedBytes", maxBufferedBytes);
      positive("idleTimeout", idleTimeout);
      positive("handshakeTimeout", handshakeTimeout);
      positive("dialTimeout", dialTimeout);
      positive("maxPendingWriteBytes", maxPendingWriteBytes);
      positive("streamCloseTimeout", streamCloseTimeout);
      positive("maxHandshaking", maxHandshaking);
      positive("maxHandshakingPerAddress", maxHandshakingPerAddress);
    }

    /** 8 MiB: four times the socket's high water mark, which writers stop at. */
    static final long DEFAULT_MAX_PENDING_WRITE_BYTES = 8L * 1024 * 1024;

    /** 5 minutes, as go-yamux waits. */
    static final Duration DEFAULT_STREAM_CLOSE_TIMEOUT = Duration.ofMinutes(5);

    public static Limits defaults() {
      return new Limits(
          900,
          2,
          256,
          64,
          256L * 1024 * 1024,
          Duration.ofMinutes(2),
          Duration.ofSeconds(15),
          Duration.ofSeconds(10),
          DEFAULT_MAX_PENDING_WRITE_BYTES,
          DEFAULT_STREAM_CLOSE_TIMEOUT,
          64,
          8);
    }

    public Limits withMaxConnections(int n) {
      return with(n, null, null, null, null, null, null);
    }

    public Limits withMaxStreamsPerConnection(int n) {
      return with(null, n, null, null, null, null, null);
    }

    public Limits withHandshakeTimeout(Duration d) {
      return with(null, null, d, null, null, null, null);
    }

    public Limits withMaxPendingWriteBytes(long n) {
      return with(null, null, null, n, null, null, null);
    }

    public Limits withStreamCloseTimeout(Duration d) {
      return with(null, null, null, null, d, null, null);
    }

    public Limits withIdleTimeout(Duration d) {
      return with(null, null, null, null, null, null, d);
    }

    public Limits withMaxHandshaking(int total, int perAddress) {
      return with(null, null, null, null, null, new int[] {total, perAddress}, null);
    }

    /** A copy with the non-null values replaced. */
    private Limits with(
        Integer connections,
        Integer streams,
        Duration handshake,
        Long pendingWrite,
        Duration closeTimeout,
        int[] handshaking,
        Duration idle) {
      return new Limits(
          connections != null ? connections : maxConnections,
          maxConnectionsPerPeer,
          streams != null ? streams : maxStreamsPerConnection,
          maxPendingDials,
          maxBufferedBytes,
          idle != null ? idle : idleTimeout,
          handshake != null ? handshake : handshakeTimeout,
          dialTimeout,
          pendingWrite != null ? pendingWrite : maxPendingWriteBytes,
          closeTimeout != null ? closeTimeout : streamCloseTimeout,
          handshaking != null ? handshaking[0] : maxHandshaking,
          handshaking != null ? handshaking[1] : maxHandshakingPerAddress);
    }

    private static void positive(String name, long value) {
      if (value <= 0) {
        throw new IllegalArgumentException("p2p limit " + name + " must be positive, not " + value);
      }
    }

    private static void positive(String name, Duration value) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(
            "p2p limit " + name + " must be a positive duration, not " + value);
      }
    }
  }
}
