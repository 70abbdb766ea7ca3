package io.cairn.retrieval.p2p.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.retrieval.p2p.bitswap.BitswapOptions;
import io.cairn.retrieval.p2p.testing.CairnPeer;
import io.cairn.retrieval.p2p.testing.JsPeer;
import io.cairn.retrieval.p2p.testing.TestFiles;
import io.cairn.retrieval.p2p.testing.TestHosts;
import io.cairn.storage.Cid;
import io.cairn.storage.unixfs.AddedEntry;
import io.cairn.storage.unixfs.GetListener;
import io.cairn.storage.unixfs.ImportOptions;
import io.cairn.storage.unixfs.UnixFsExporter;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Helia ({@code helia}, {@code @helia/bitswap}, {@code @helia/unixfs} on js-libp2p) and a Cairn
 * peer (TCP host, Bitswap and the DHT over RocksDB) exchange a 100 MiB file and a directory both
 * ways over Bitswap 1.2.0 ({@code interop/p2p-helia.mjs}). Each side checks every block against its
 * CID as it arrives; the test compares the bytes read back with the source files.
 */
@Tag("p2p")
@Tag("interop")
class HeliaBitswapIT {
  private static final long BIG = 100L * 1024 * 1024;
  private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path tmp;

  @Test
  void heliaFetchesFromCairnAndCairnFetchesFromHelia() throws Exception {
    Path big = TestFiles.random(tmp.resolve("src/big.bin"), BIG, 11);
    Path dir = TestFiles.tree(tmp.resolve("src/tree"), 12);
    String bigSha = TestFiles.sha256(big);
    Map<String, String> dirDigests = TestFiles.digests(dir);

    try (CairnPeer cairn = CairnPeer.start(tmp.resolve("repo"), 0, List.of(), bitswapOptions());
        JsPeer helia = JsPeer.start("p2p-helia.mjs")) {
      helia.call("dial", Map.of("addr", cairn.dialAddresses().get(0).toString()));
      // Helia proposes Noise first (its default order); Cairn's side of the handshake may end a
      // moment after Helia's
      assertThat(TestHosts.awaitConnection(cairn.node().host(), helia.peerId()))
          .hasValueSatisfying(c -> assertThat(c.security()).isEqualTo("/noise"));

      // Cairn -> Helia: a CIDv0 file of dag-pb leaves, a CIDv1 directory with raw leaves.
      AddedEntry file = cairn.add(big, ImportOptions.defaults());
      AddedEntry tree = cairn.add(dir, ImportOptions.defaults().withCidVersion(1));
      JsonNode cat = helia.call("cat", Map.of("cid", file.cid().toString()));
      assertThat(cat.get("size").asLong()).isEqualTo(BIG);
      assertThat(cat.get("sha256").asText()).isEqualTo(bigSha);
      assertThat(heliaTree(helia, tree.cid())).isEqualTo(dirDigests);
      assertThat(cairn.bitswap().stat().blocksSent()).isPositive();

      // Helia -> Cairn, over a connection Cairn dials this time (proposing TLS first, which
      // Helia takes): Helia's defaults (CIDv1, raw leaves, 1 MiB chunks), on fresh files.
      cairn.node().host().disconnect(helia.peerId()).get(10, TimeUnit.SECONDS);
      assertThat(
              cairn
                  .node()
                  .host()
                  .connect(helia.peerId(), helia.addresses())
                  .get(10, TimeUnit.SECONDS)
                  .security())
          .isEqualTo("/tls/1.0.0");
      Path big2 = TestFiles.random(tmp.resolve("src/big2.bin"), BIG, 13);
      Path dir2 = TestFiles.tree(tmp.resolve("src/tree2"), 14);
      Cid fileCid =
          Cid.parse(helia.call("addFile", Map.of("path", big2.toString())).get("cid").asText());
      Cid dirCid =
          Cid.parse(helia.call("addDir", Map.of("path", dir2.toString())).get("cid").asText());
      assertThat(cairn.storage().blocks().has(fileCid)).isFalse();
      UnixFsExporter exporter = cairn.fetchingExporter(FETCH_TIMEOUT);
      try (InputStream in = exporter.open(fileCid, 0, -1)) {
        assertThat(TestFiles.sha256(in)).isEqualTo(TestFiles.sha256(big2));
      }
      Path out = tmp.resolve("out");
      exporter.get(dirCid, out, GetListener.NONE);
      assertThat(TestFiles.digests(out)).isEqualTo(TestFiles.digests(dir2));
      // Everything fetched was hash-checked and stored: the DAGs now read offline.
      assertThat(cairn.storage().blocks().has(fileCid)).isTrue();
      Path offline = tmp.resolve("offline");
      new UnixFsExporter(cairn.storage().blocks()).get(dirCid, offline, GetListener.NONE);
      assertThat(TestFiles.digests(offline)).isEqualTo(TestFiles.digests(dir2));
      assertThat(cairn.bitswap().stat().blocksReceived()).isPositive();
      assertThat(cairn.bitswap().stat().peersDropped()).isZero();
      assertThat(cairn.node().metrics().drops()).isEmpty();
    }
  }

  @Test
  void cairnFindsHeliaThroughTheDhtAndFetchesFromIt() throws Exception {
    Path dir = TestFiles.tree(tmp.resolve("src/tree"), 21);
    try (CairnPeer a = CairnPeer.start(tmp.resolve("a"), 0, List.of(), bitswapOptions());
        JsPeer helia = JsPeer.start("p2p-helia.mjs")) {
      helia.call("dial", Map.of("addr", a.dialAddresses().get(0).toString()));
      Cid root =
          Cid.parse(helia.call("addDir", Map.of("path", dir.toString())).get("cid").asText());
      // Helia announces the root to the DHT servers it knows: A.
      helia.call("provide", Map.of("cid", root.toString()));

      // B knows only A; the DHT names Helia, which B dials and fetches from over Bitswap.
      try (CairnPeer b =
          CairnPeer.start(
              tmp.resolve("b"), 1, List.of(a.dialAddresses().get(0)), bitswapOptions())) {
        b.dht().bootstrap().get(20, TimeUnit.SECONDS);
        Path out = tmp.resolve("out");
        b.fetchingExporter(FETCH_TIMEOUT).get(root, out, GetListener.NONE);
        assertThat(TestFiles.digests(out)).isEqualTo(TestFiles.digests(dir));
        assertThat(b.bitswap().ledger(helia.peerId()).blocksReceived()).isPositive();
        assertThat(a.storage().blocks().has(root)).isFalse();
      }
    }
  }

  @Test
  void heliaFindsCairnThroughTheDhtAndFetchesFromIt() throws Exception {
    Path dir = TestFiles.tree(tmp.resolve("src/tree"), 31);
    try (CairnPeer a = CairnPeer.start(tmp.resolve("a"), 0, List.of(), bitswapOptions());
        CairnPeer b =
            CairnPeer.start(
                tmp.resolve("b"), 1, List.of(a.dialAddresses().get(0)), bitswapOptions());
        JsPeer helia = JsPeer.start("p2p-helia.mjs")) {
      b.dht().bootstrap().get(20, TimeUnit.SECONDS);
      // Helia knows only B; A adds the tree and provides its root.
      helia.call("dial", Map.of("addr", b.dialAddresses().get(0).toString()));
      Cid root = a.add(dir, ImportOptions.defaults().withCidVersion(1)).cid();
      assertThat(a.provide(List.of(root))).isPositive();

      assertThat(heliaTree(helia, root)).isEqualTo(TestFiles.digests(dir));
      assertThat(a.bitswap().ledger(helia.peerId()).blocksSent()).isPositive();
      assertThat(b.storage().blocks().has(root)).isFalse();
    }
  }

  private static BitswapOptions bitswapOptions() {
    return BitswapOptions.DEFAULTS.withFetchTimeout(FETCH_TIMEOUT);
  }

  /** Helia reads a directory and every file under it; the digests as TestFiles gives them. */
  private static Map<String, String> heliaTree(JsPeer helia, Cid root) throws Exception {
    Map<String, String> out = new TreeMap<>();
    for (JsonNode e : helia.call("tree", Map.of("cid", root.toString())).get("entries")) {
      String path = e.get("path").asText();
      out.put(
          path,
          e.get("type").asText().equals("directory")
              ? "dir"
              : e.get("size").asLong() + " " + e.get("sha256").asText());
    }
    return out;
  }
}
