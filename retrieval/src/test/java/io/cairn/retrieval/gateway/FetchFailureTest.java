package io.cairn.retrieval.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.retrieval.p2p.bitswap.BitswapOptions;
import io.cairn.retrieval.p2p.bitswap.FetchingBlockStore;
import io.cairn.retrieval.p2p.testing.CairnPeer;
import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import io.cairn.storage.Multicodec;
import java.net.Socket;
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
    Cid absent = absent("nobody has this");
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
    Cid absent = absent("no peer to ask for this");
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

  @Test
  void aClientThatGoesAwayStopsTheFetchForIt() throws Exception {
    Cid absent = absent("the connected peer does not have this");
    try (CairnPeer other =
            CairnPeer.start(dir.resolve("other"), 1, List.of(), BitswapOptions.DEFAULTS);
        CairnPeer peer =
            CairnPeer.start(
                dir.resolve("repo"), 0, other.dialAddresses(), BitswapOptions.DEFAULTS)) {
      FetchingBlockStore online =
          new FetchingBlockStore(
              peer.storage().blocks(), peer.bitswap(), Duration.ofSeconds(60), false);
      try (TestServer s = new TestServer(online)) {
        try (Socket client = new Socket("127.0.0.1", s.port())) {
          client
              .getOutputStream()
              .write(
                  ("GET /ipfs/" + absent + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                      .getBytes(StandardCharsets.UTF_8));
          awaitWanted(peer, absent, true);
        }
        awaitWanted(peer, absent, false);
      }
    }
  }

  /** Waits, for at most 5 s, until {@code peer} wants {@code cid} or no longer does. */
  private static void awaitWanted(CairnPeer peer, Cid cid, boolean wanted)
      throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (peer.bitswap().wantlist().contains(cid) != wanted) {
      assertThat(System.nanoTime()).as("wanted: %s", wanted).isLessThan(end);
      Thread.sleep(20);
    }
  }

  /** A CID of bytes no node holds. */
  private static Cid absent(String seed) {
    return Cid.compute(
        1, Multicodec.RAW.code(), HashFunction.SHA2_256, seed.getBytes(StandardCharsets.UTF_8));
  }
}
