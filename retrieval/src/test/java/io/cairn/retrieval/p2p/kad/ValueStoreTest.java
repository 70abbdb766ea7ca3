package io.cairn.retrieval.p2p.kad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.PeerId;
import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.Storages;
import io.cairn.storage.codec.KeyProtobuf;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValueStoreTest {
  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private final NumberValidator numbers = new NumberValidator();
  private final Validators validators = new Validators();
  private Storage storage;

  @BeforeEach
  void open() {
    validators.register("num", numbers);
    storage = Storages.open(StorageOptions.defaults(dir));
  }

  @AfterEach
  void close() {
    storage.close();
  }

  private ValueStore store(long max) {
    return new ValueStore(storage.table("dht-values"), validators, clock, max);
  }

  private static long held(ValueStore s, byte[] key) {
    return NumberValidator.number(s.get(key).orElseThrow().value());
  }

  @Test
  void aKeyKeepsItsBestValueAndRefusesAnOlderOne() {
    ValueStore s = store(10);
    byte[] k = NumberValidator.key("a");
    s.put(k, NumberValidator.value(5));
    s.put(k, NumberValidator.value(7));
    s.put(k, NumberValidator.value(7)); // the same again refreshes it

    assertThatThrownBy(() -> s.put(k, NumberValidator.value(6)))
        .isInstanceOf(ValueStore.Refused.class)
        .hasMessageContaining("newer");
    assertThat(held(s, k)).isEqualTo(7);
    assertThat(s.size()).isEqualTo(1);
  }

  @Test
  void invalidValuesUnknownNamespacesAndOversizedValuesAreRefusedByName() {
    ValueStore s = store(10);
    assertThatThrownBy(() -> s.put(NumberValidator.key("a"), "x".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .isNotInstanceOf(ValueStore.Refused.class)
        .hasMessageContaining("not a number");
    // Refused without blame: records of other namespaces are not this node's to keep.
    assertThatThrownBy(() -> s.put("/other/a".getBytes(StandardCharsets.UTF_8), new byte[1]))
        .isInstanceOf(ValueStore.Refused.class)
        .hasMessageContaining("namespace 'other'");
    assertThatThrownBy(() -> s.put("nons".getBytes(StandardCharsets.UTF_8), new byte[1]))
        .isInstanceOf(ValueStore.Refused.class)
        .hasMessageContaining("must start with /namespace/");
    byte[] big = new byte[ValueStore.MAX_VALUE_BYTES + 1];
    Arrays.fill(big, (byte) '1');
    assertThatThrownBy(() -> s.put(NumberValidator.key("b"), big))
        .hasMessageContaining("over the limit");
    assertThat(s.size()).isZero();
  }

  @Test
  void aRecordIsDroppedAfterItsMaximumAgeOrOnceItNoLongerValidates() {
    ValueStore s = store(10);
    byte[] a = NumberValidator.key("a");
    byte[] b = NumberValidator.key("b");
    s.put(a, NumberValidator.value(1));
    clock.advance(Duration.ofHours(30));
    s.put(b, NumberValidator.value(100));
    clock.advance(Duration.ofHours(7)); // a is 37 h old, b 7 h

    assertThat(s.get(a)).isEmpty();
    assertThat(held(s, b)).isEqualTo(100);

    numbers.expiredFrom = 50; // b's record has now expired
    assertThat(s.sweep()).isEqualTo(1);
    assertThat(s.get(b)).isEmpty();
    assertThat(s.size()).isZero();
  }

  @Test
  void aFullStoreRefusesNewKeysButStillTakesNewerValuesOfHeldOnes() {
    ValueStore s = store(2);
    s.put(NumberValidator.key("a"), NumberValidator.value(1));
    s.put(NumberValidator.key("b"), NumberValidator.value(1));

    assertThatThrownBy(() -> s.put(NumberValidator.key("c"), NumberValidator.value(1)))
        .isInstanceOf(ValueStore.Refused.class)
        .hasMessageContaining("full");
    s.put(NumberValidator.key("a"), NumberValidator.value(2));
    assertThat(held(s, NumberValidator.key("a"))).isEqualTo(2);
  }

  @Test
  void recordsAndTheirCountSurviveAReopen() {
    store(10).put(NumberValidator.key("a"), NumberValidator.value(3));
    ValueStore again = store(10);
    assertThat(again.size()).isEqualTo(1);
    assertThat(held(again, NumberValidator.key("a"))).isEqualTo(3);
  }

  @Test
  void publicKeyRecordsAreCheckedAgainstThePeerTheirKeyNames() {
    ValueStore s = store(10);
    byte[] pub = new byte[32];
    pub[0] = 1;
    byte[] keyProto = KeyProtobuf.encode(KeyProtobuf.ED25519, pub);
    PeerId peer = PeerId.fromPublicKey(keyProto);
    byte[] key = pkKey(peer);
    s.put(key, keyProto);
    assertThat(s.get(key).orElseThrow().value()).isEqualTo(keyProto);

    byte[] other = pub.clone();
    other[0] = 2;
    assertThatThrownBy(() -> s.put(key, KeyProtobuf.encode(KeyProtobuf.ED25519, other)))
        .hasMessageContaining("not of the peer its key names");
    assertThatThrownBy(() -> s.put(key, new byte[] {1, 2, 3}))
        .hasMessageContaining("not a public key");
  }

  static byte[] pkKey(PeerId peer) {
    byte[] prefix = "/pk/".getBytes(StandardCharsets.US_ASCII);
    byte[] mh = peer.multihash().bytes();
    byte[] out = Arrays.copyOf(prefix, prefix.length + mh.length);
    System.arraycopy(mh, 0, out, prefix.length, mh.length);
    return out;
  }
}
