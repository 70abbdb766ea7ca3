package io.cairn.retrieval.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.retrieval.p2p.bitswap.BitswapOptions;
import io.cairn.retrieval.p2p.bitswap.FetchingBlockStore;
import io.cairn.retrieval.p2p.testing.CairnPeer;
import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import io.cairn.storage.Multicodec;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Content the gateway must fetch and cannot: the path gateway spec's 504 (with Retry-After) when no
 * peer sent it in time, or at once when there is no peer to ask, 404 when the node is offline and
 * so cannot fetch it at all. A real peer with no others: its Bitswap asks nobody.
 */
class FetchFailureTest {
  @TempDir Path dir;

  @Test
  void contentNoPeerSendsInTimeIs504AndOfflineIs404() throws Exception {
    Cid absent =
        Cid.compute(
            1,
            Multicodec.RAW.code(),
            HashFunction.SHA2_256,
            "nobody has this".getBytes(StandardCharsets.UTF_8));
    try (CairnPeer peer =
        CairnPeer.start(dir.resolve("repo"), 0, List.of(), BitswapOptions.DEFAULTS)) {
      FetchingBlockStore online =
          new FetchingBlockStore(
              peer.storage().blocks(), peer.bitswap(), Duration.ofMillis(300), false);
      try (TestServer s = new TestServer(online)) {
        for (String path : List.of("/ipfs/" + absent, "/ipfs/" + absent + "?format=raw")) {
          HttpResponse<byte[]> r = s.get(path);
          assertThat(r.statusCode()).as(path).isEqualTo(504);
          assertThat(r.headers().firstValue("Retry-After")).as(path).hasValue("30");
          assertThat(new String(r.body(), StandardCharsets.UTF_8))
              .contains(absent.toString())
              .contains("was not found on the network within 300 ms");
        }
      }
      FetchingBlockStore offline =
          new FetchingBlockStore(
              peer.storage().blocks(), peer.bitswap(), Duration.ofMillis(300), true);
      try (TestServer s = new TestServer(offline)) {
        HttpResponse<byte[]> r = s.get("/ipfs/" + absent);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(new String(r.body(), StandardCharsets.UTF_8))
            .contains("is not in the repo, and the node is offline");
      }
    }
  }

  @Test
  void contentWithNoPeerToAskIs504AtOnceRatherThanAtTheFetchTimeOut() throws Exception {
    Cid absent =
        Cid.compute(
            1,
            Multicodec.RAW.code(),
            HashFunction.SHA2_256,
            "no peer to ask for this".getBytes(StandardCharsets.UTF_8));
    try (CairnPeer peer =
        CairnPeer.start(dir.resolve("repo"), 0, List.of(), BitswapOptions.DEFAULTS)) {
      FetchingBlockStore online =
          new FetchingBlockStore(
              peer.storage().blocks(), peer.bitswap(), Duration.ofSeconds(60), false);
      try (TestServer s = new TestServer(online)) {
        long start = System.nanoTime();
        HttpResponse<byte[]> r = s.get("/ipfs/" + absent);
        long took = System.nanoTime() - start;

        assertThat(r.statusCode()).isEqualTo(504);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("30");
        assertThat(new String(r.body(), StandardCharsets.UTF_8))
            .contains(absent.toString())
            .contains("no peer is connected to ask for it, and the provider search found none");
        assertThat(Duration.ofNanos(took)).isLessThan(Duration.ofSeconds(10));
      }
    }
  }
}
