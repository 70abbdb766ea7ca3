package io.cairn.retrieval.p2p.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.retrieval.p2p.bitswap.BitswapOptions;
import io.cairn.retrieval.p2p.kad.Kademlia;
import io.cairn.retrieval.p2p.testing.CairnPeer;
import io.cairn.retrieval.p2p.testing.TestFiles;
import io.cairn.storage.Cid;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.unixfs.ImportOptions;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three Cairn peers over real TCP, each with its own RocksDB repo: A adds a file and provides its
 * root, B knows A, C knows only B. C finds A through the DHT and fetches the file from A over
 * Bitswap, which dials A with the addresses the DHT gave.
 */
@Tag("p2p")
class DhtBitswapThreeNodesIT {
  private static final long SIZE = 24L * 1024 * 1024 + 123;

  @TempDir Path tmp;

  @Test
  void thirdNodeFindsTheProviderThroughTheDhtAndFetchesOverBitswap() throws Exception {
    BitswapOptions options = BitswapOptions.DEFAULTS.withFetchTimeout(Duration.ofSeconds(30));
    Path file = TestFiles.random(tmp.resolve("src/file.bin"), SIZE, 7);
    try (CairnPeer a = CairnPeer.start(tmp.resolve("a"), 0, List.of(), options);
        CairnPeer b = CairnPeer.start(tmp.resolve("b"), 1, bootstrap(a), options);
        CairnPeer c = CairnPeer.start(tmp.resolve("c"), 2, bootstrap(b), options)) {
      b.dht().bootstrap().get(20, TimeUnit.SECONDS);
      assertThat(b.dht().routingTable()).contains(a.peerId());

      Cid root = a.add(file, ImportOptions.defaults().withCidVersion(1).withRawLeaves(true)).cid();
      assertThat(a.provide(List.of(root))).isPositive();

      c.dht().bootstrap().get(20, TimeUnit.SECONDS);
      List<Kademlia.PeerInfo> providers =
          c.dht().findProviders(root.multihash(), 1).get(20, TimeUnit.SECONDS);
      assertThat(providers).extracting(Kademlia.PeerInfo::peer).containsExactly(a.peerId());
      assertThat(providers.get(0).addresses()).isNotEmpty();

      // C asks its peers (B, which lacks the file), then the DHT's providers: A.
      try (InputStream in = c.fetchingExporter(Duration.ofSeconds(30)).open(root, 0, -1)) {
        assertThat(TestFiles.sha256(in)).isEqualTo(TestFiles.sha256(file));
      }
      assertThat(c.storage().blocks().has(root)).isTrue();
      assertThat(b.storage().blocks().has(root)).isFalse();
      assertThat(c.bitswap().ledger(a.peerId()).received()).isPositive();
      assertThat(c.bitswap().stat().peersDropped()).isZero();
    }
  }

  private static List<Multiaddr> bootstrap(CairnPeer peer) {
    return List.of(peer.dialAddresses().get(0));
  }
}
