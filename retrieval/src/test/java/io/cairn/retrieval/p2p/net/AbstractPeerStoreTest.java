package io.cairn.retrieval.p2p.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.retrieval.p2p.PeerStore;
import io.cairn.retrieval.p2p.testing.TestHosts;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.PeerId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@link PeerStore} contract, run by every implementation. */
abstract class AbstractPeerStoreTest {
  /** A clock the test moves forward. */
  static final class TestClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  final TestClock clock = new TestClock();
  static final HostKey KEY = HostKey.fromSeed(TestHosts.seed(4));
  static final PeerId PEER = KEY.peerId();
  static final Multiaddr A = Multiaddr.parse("/ip4/10.0.0.1/tcp/4001");
  static final Multiaddr B = Multiaddr.parse("/ip4/10.0.0.2/tcp/4001");

  abstract PeerStore store();

  @Test
  void addressesExpireAfterTheirTtlAndTheLongerTtlWins() {
    PeerStore s = store();
    s.addAddresses(PEER, List.of(A), Duration.ofMinutes(10));
    s.addAddresses(PEER, List.of(A), Duration.ofMinutes(1));
    clock.now = clock.now.plusSeconds(1);
    s.addAddresses(PEER, List.of(B), Duration.ofMinutes(1));
    assertThat(s.addresses(PEER)).containsExactly(B, A);
    clock.now = clock.now.plus(Duration.ofMinutes(5));
    assertThat(s.addresses(PEER)).containsExactly(A);
    clock.now = clock.now.plus(Duration.ofMinutes(5));
    assertThat(s.addresses(PEER)).isEmpty();
  }

  @Test
  void protocolsAgentAndKeyAreRecorded() {
    PeerStore s = store();
    s.setProtocols(PEER, List.of("/ipfs/ping/1.0.0", "/ipfs/id/1.0.0"));
    s.setProtocols(PEER, List.of("/ipfs/kad/1.0.0"));
    s.setAgentVersion(PEER, "kubo/0.30.0");
    s.setPublicKey(PEER, KEY.publicKeyProtobuf());
    assertThat(s.protocols(PEER)).containsExactly("/ipfs/kad/1.0.0");
    assertThat(s.agentVersion(PEER)).hasValue("kubo/0.30.0");
    assertThat(s.publicKey(PEER)).hasValue(KEY.publicKeyProtobuf());
    assertThat(s.peers()).containsExactly(PEER);
  }

  @Test
  void aKeyOfAnotherPeerIsRefused() {
    PeerStore s = store();
    byte[] other = HostKey.fromSeed(TestHosts.seed(8)).publicKeyProtobuf();
    assertThatThrownBy(() -> s.setPublicKey(PEER, other))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not of peer " + PEER);
  }

  @Test
  void addressesPerPeerAreBounded() {
    PeerStore s = store();
    for (int i = 0; i < 100; i++) {
      s.addAddresses(
          PEER, List.of(Multiaddr.parse("/ip4/10.0.1." + i + "/tcp/1")), Duration.ofHours(1));
    }
    assertThat(s.addresses(PEER)).hasSize(MemoryPeerStore.MAX_ADDRESSES_PER_PEER);
  }
}
