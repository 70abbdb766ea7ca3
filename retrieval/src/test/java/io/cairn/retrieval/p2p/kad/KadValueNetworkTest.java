package io.cairn.retrieval.p2p.kad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.Storages;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PUT_VALUE and GET_VALUE over a network of in-process nodes. */
class KadValueNetworkTest {
  private static final int NODES = 30;

  @TempDir Path dir;
  private Storage storage;
  private KadTestNet net;
  private final Map<Kademlia, NumberValidator> validators = new HashMap<>();

  @BeforeEach
  void open() {
    storage = Storages.open(StorageOptions.defaults(dir));
    net = new KadTestNet(7, storage, new MutableClock(Instant.parse("2026-01-01T00:00:00Z")));
    net.grow(NODES);
    net.nodes.forEach(this::register);
  }

  @AfterEach
  void close() {
    net.close();
    storage.close();
  }

  private KadTestNet.Node register(KadTestNet.Node n) {
    NumberValidator v = new NumberValidator();
    n.dht().registerValidator("num", v);
    validators.put(n.dht(), v);
    return n;
  }

  private static <T> T await(CompletableFuture<T> f) throws Exception {
    return f.get(60, TimeUnit.SECONDS); // a guard against a hang, not a timing assertion
  }

  /** A node that knows only {@code via}. */
  private KadTestNet.Node newcomerKnowing(KadTestNet.Node via) throws Exception {
    KadTestNet.Node c = register(net.add(List.of(), 2));
    await(c.host().connect(via.host().self(), List.of(via.host().address())));
    return c;
  }

  private long misbehaviours() {
    return net.nodes.stream().mapToLong(n -> n.dht().misbehaviours()).sum();
  }

  private static long number(Optional<byte[]> v) {
    return NumberValidator.number(v.orElseThrow());
  }

  @Test
  void aPutReachesTheKClosestPeersAndANodeThatKnowsOnePeerGetsIt() throws Exception {
    byte[] key = NumberValidator.key("x");
    int took = await(net.nodes.get(3).dht().putValue(key, NumberValidator.value(5)));

    assertThat(took).isEqualTo(RoutingTable.K);
    long holders = net.nodes.stream().filter(n -> n.dht().localValue(key).isPresent()).count();
    assertThat(holders).isEqualTo(RoutingTable.K + 1); // the k closest and the publisher

    KadTestNet.Node reader = newcomerKnowing(net.nodes.get(11));
    assertThat(number(await(reader.dht().getValue(key, 16)))).isEqualTo(5);
    assertThat(number(reader.dht().localValue(key))).isEqualTo(5); // kept where it was found
  }

  @Test
  void aNewerValueReplacesTheOldAndAnOlderPutIsRefusedWithoutBlame() throws Exception {
    byte[] key = NumberValidator.key("y");
    await(net.nodes.get(3).dht().putValue(key, NumberValidator.value(5)));
    assertThat(await(net.nodes.get(4).dht().putValue(key, NumberValidator.value(7))))
        .isEqualTo(RoutingTable.K);

    KadTestNet.Node late = newcomerKnowing(net.nodes.get(20));
    long before = misbehaviours();
    assertThat(await(late.dht().putValue(key, NumberValidator.value(6)))).isZero();
    assertThat(misbehaviours()).isEqualTo(before);

    assertThat(number(await(net.nodes.get(25).dht().getValue(key, 16)))).isEqualTo(7);
    assertThatThrownBy(() -> net.nodes.get(3).dht().putValue(key, NumberValidator.value(6)))
        .hasMessageContaining("cannot replace a newer record");
  }

  @Test
  void aGetReturnsTheBestOfTheValuesPeersHold() throws Exception {
    byte[] key = NumberValidator.key("z");
    net.nodes.get(8).dht().engine().values().put(key, NumberValidator.value(3));
    net.nodes.get(9).dht().engine().values().put(key, NumberValidator.value(9));
    net.nodes.get(10).dht().engine().values().put(key, NumberValidator.value(4));

    KadTestNet.Node reader = newcomerKnowing(net.nodes.get(1));
    assertThat(number(await(reader.dht().getValue(key, 16)))).isEqualTo(9);

    // The closest peers that answered without the best value (an older one, or none) are sent it.
    List<KadTestNet.Node> closest =
        net.nodes.stream()
            .filter(n -> n.dht() != reader.dht())
            .sorted(
                (x, y) ->
                    KadKey.of(key)
                        .compareDistance(KadKey.of(x.host().self()), KadKey.of(y.host().self())))
            .limit(RoutingTable.K)
            .toList();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (closest.stream().anyMatch(n -> !holds(n, key, 9)) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(closest).allMatch(n -> holds(n, key, 9));
  }

  private static boolean holds(KadTestNet.Node n, byte[] key, long value) {
    return n.dht().localValue(key).map(NumberValidator::number).orElse(-1L) == value;
  }

  @Test
  void valuesThatDoNotValidateAreNeitherKeptNorReturned() throws Exception {
    byte[] key = NumberValidator.key("w");
    await(net.nodes.get(3).dht().putValue(key, NumberValidator.value(60)));
    KadTestNet.Node reader = newcomerKnowing(net.nodes.get(12));
    validators.get(reader.dht()).expiredFrom = 50; // to the reader, 60 has expired

    assertThat(await(reader.dht().getValue(key, 16))).isEmpty();
    assertThat(reader.dht().localValue(key)).isEmpty();
  }

  @Test
  void aPeerThatPutsAnInvalidRecordIsBlamedAndNothingIsStored() throws Exception {
    byte[] key = NumberValidator.key("v");
    KadTestNet.Node from = net.nodes.get(2);
    KadTestNet.Node to = net.nodes.get(6);
    KadMessage bad =
        new KadMessage(
            KadMessage.Type.PUT_VALUE,
            key,
            new KadMessage.Record(key, "not-a-number".getBytes(), null),
            List.of(),
            List.of(),
            0);
    long before = to.dht().misbehaviours();

    assertThatThrownBy(() -> await(from.dht().lookups().queries().query(to.host().self(), bad)))
        .isInstanceOf(ExecutionException.class);
    assertThat(to.dht().misbehaviours()).isEqualTo(before + 1);
    assertThat(to.dht().localValue(key)).isEmpty();
  }

  @Test
  void aPutOfAnotherNamespaceIsRefusedWithoutBlame() throws Exception {
    byte[] key = "/other/v".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    KadTestNet.Node to = net.nodes.get(6);
    KadMessage put =
        new KadMessage(
            KadMessage.Type.PUT_VALUE,
            key,
            new KadMessage.Record(key, new byte[] {1}, null),
            List.of(),
            List.of(),
            0);
    long before = to.dht().misbehaviours();

    assertThatThrownBy(
            () -> await(net.nodes.get(2).dht().lookups().queries().query(to.host().self(), put)))
        .isInstanceOf(ExecutionException.class);
    assertThat(to.dht().misbehaviours()).isEqualTo(before);
    assertThatThrownBy(() -> net.nodes.get(2).dht().putValue(key, new byte[] {1}))
        .hasMessageContaining("namespace 'other'");
  }

  @Test
  void aGetInANamespaceWithoutValidatorFailsAtOnce() {
    assertThatThrownBy(() -> net.nodes.get(0).dht().getValue("/nope/a".getBytes(), 1))
        .hasMessageContaining("namespace 'nope'");
  }
}
