package io.cairn.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.storage.testing.TestData;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What two daemons with their p2p network announce on the DHT under each {@code Provide.Strategy}
 * (Kubo's values), counted by {@code stats/reprovide} and found through {@code routing/findprovs}.
 */
class ProvideStrategyRpcTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Daemon a;
  private Daemon b;

  @BeforeEach
  void start() {
    a = daemon("a");
    b = daemon("b");
  }

  @AfterEach
  void stop() {
    a.close();
    b.close();
  }

  private Daemon daemon(String name) {
    return NetworkDaemons.start(dir.resolve(name));
  }

  /** Adds 4 KiB of {@code seed}'s bytes on {@code d} with the add options {@code query}. */
  private static String add(Daemon d, String query, long seed) throws IOException {
    RawHttp add =
        RawHttp.post(
            d.apiAddress(),
            "/api/v0/add?" + query,
            "multipart/form-data; boundary=" + RpcWireTest.BOUNDARY,
            RpcWireTest.multipart("four.bin", TestData.bytes(seed, 4096)));
    assertThat(add.status()).as(add.bodyText()).isEqualTo(200);
    String[] lines = add.bodyText().strip().split("\n");
    return JSON.readTree(lines[lines.length - 1]).get("Hash").asText();
  }

  /** Adds 4 KiB in 1 KiB raw leaves on {@code d}; returns the root and the leaves. */
  private static List<String> addFourLeaves(Daemon d, long seed) throws IOException {
    String root = add(d, "chunker=size-1024&raw-leaves=true&cid-version=1", seed);
    List<String> out = new ArrayList<>(List.of(root));
    for (JsonNode r : P2pRpcTest.stream(d, "refs", root)) {
      out.add(r.get("Ref").asText());
    }
    return out;
  }

  /**
   * Provide.Strategy all (the default, as in Kubo): every block an add stores is provided, so a
   * peer finds this node through the DHT for a leaf, not only for the root.
   */
  @Test
  void underTheDefaultStrategyEveryBlockOfAnAddIsFoundThroughTheDht() throws Exception {
    P2pRpcTest.json(b, "swarm/connect", P2pRpcTest.dialAddress(a));
    P2pRpcTest.json(b, "id", P2pRpcTest.peerId(a));
    P2pRpcTest.json(a, "id", P2pRpcTest.peerId(b));
    P2pRpcTest.json(b, "swarm/disconnect", P2pRpcTest.peerId(a));
    P2pRpcTest.json(b, "swarm/connect", P2pRpcTest.dialAddress(a));

    List<String> blocks = addFourLeaves(b, 41);
    assertThat(blocks).hasSize(5);
    assertThat(P2pRpcTest.json(b, "stats/reprovide").get("TotalProvides").asLong()).isEqualTo(5);
    String leaf = blocks.get(3);
    List<JsonNode> found = P2pRpcTest.stream(a, "routing/findprovs?num-providers=1", leaf);
    assertThat(found).hasSize(1);
    assertThat(found.get(0).get("Responses").get(0).get("ID").asText())
        .isEqualTo(P2pRpcTest.peerId(b));
  }

  /**
   * Provide.Strategy roots provides only the root of an add; pinned provides every block of a
   * pinned add (by a walk after the add) and nothing of an unpinned one.
   */
  @Test
  void rootsAndPinnedStrategiesProvideWhatTheySay() throws Exception {
    b.close();
    P2pRpcTest.json(a, "config", "Provide.Strategy", "roots");
    a.close();
    a = daemon("a");
    addFourLeaves(a, 42);
    assertThat(P2pRpcTest.json(a, "stats/reprovide").get("TotalProvides").asLong()).isEqualTo(1);

    P2pRpcTest.json(a, "config", "Provide.Strategy", "pinned");
    a.close();
    a = daemon("a");
    long before = P2pRpcTest.json(a, "stats/reprovide").get("TotalProvides").asLong();
    add(a, "pin=false&chunker=size-1024&raw-leaves=true", 43);
    assertThat(P2pRpcTest.json(a, "stats/reprovide").get("TotalProvides").asLong())
        .isEqualTo(before);
    addFourLeaves(a, 44);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (P2pRpcTest.json(a, "stats/reprovide").get("TotalProvides").asLong() < before + 5
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(P2pRpcTest.json(a, "stats/reprovide").get("TotalProvides").asLong())
        .isEqualTo(before + 5);
    b = daemon("b");
  }

  /**
   * Provide.Strategy mfs provides what the mutable file system holds: nothing of an unpinned add,
   * then every block of it once {@code files cp} links it in, and the blocks MFS writes itself.
   */
  @Test
  void theMfsStrategyProvidesWhatMfsHolds() throws Exception {
    b.close();
    P2pRpcTest.json(a, "config", "Provide.Strategy", "mfs");
    a.close();
    a = daemon("a");
    long before = P2pRpcTest.json(a, "stats/reprovide").get("TotalProvides").asLong();
    String root = add(a, "pin=false&chunker=size-1024&raw-leaves=true", 45);
    assertThat(P2pRpcTest.json(a, "stats/reprovide").get("TotalProvides").asLong())
        .isEqualTo(before);

    assertThat(P2pRpcTest.post(a, "files/cp", "/ipfs/" + root, "/x.bin").status()).isEqualTo(200);
    // the 5 blocks of the linked DAG (its root at once, all by the walk) and the new MFS root
    P2pRpcTest.await(
        "the linked DAG provided", Duration.ofSeconds(10), () -> provides(a) >= before + 6);
    long linked = provides(a);
    RawHttp write =
        RawHttp.post(
            a.apiAddress(),
            "/api/v0/files/write?arg=/w.txt&create=true",
            "multipart/form-data; boundary=" + RpcWireTest.BOUNDARY,
            RpcWireTest.multipart("w.txt", TestData.bytes(46, 100)));
    assertThat(write.status()).as(write.bodyText()).isEqualTo(200);
    // the written file (a root over one leaf) and the new MFS root
    P2pRpcTest.await(
        "the written blocks provided", Duration.ofSeconds(10), () -> provides(a) >= linked + 3);
    b = daemon("b");
  }

  private static long provides(Daemon d) {
    try {
      return P2pRpcTest.json(d, "stats/reprovide").get("TotalProvides").asLong();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
