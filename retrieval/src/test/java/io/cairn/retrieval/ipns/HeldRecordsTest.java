package io.cairn.retrieval.ipns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.PeerId;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class HeldRecordsTest {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  private static final class Clock implements InstantSource {
    volatile Instant now = NOW;

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final Clock clock = new Clock();

  private static PeerId name(Signer s) {
    return PeerId.fromPublicKey(s.publicKeyProtobuf());
  }

  private static IpnsRecord record(Signer s, String value, long seq, Duration lifetime) {
    return IpnsRecord.create(s, value, seq, NOW.plus(lifetime), Duration.ofMinutes(5), true);
  }

  @Test
  void aRecordIsKeptOnlyIfValidForItsName() {
    HeldRecords held = new HeldRecords(8, clock);
    Signer a = TestSigners.ed25519(1);
    Signer b = TestSigners.ed25519(2);
    IpnsRecord ofB = record(b, "/ipfs/bafkqaaa", 1, Duration.ofHours(1));
    assertThatThrownBy(() -> held.offer(name(a), ofB))
        .isInstanceOf(IpnsException.class)
        .hasMessageContaining("does not verify");
    clock.now = NOW.plus(Duration.ofHours(2));
    assertThatThrownBy(() -> held.offer(name(b), ofB))
        .isInstanceOf(IpnsException.class)
        .hasMessageContaining("expired");
    assertThat(held.size()).isZero();
  }

  @Test
  void theBestRecordWinsBySequenceThenValidity() {
    HeldRecords held = new HeldRecords(8, clock);
    Signer a = TestSigners.ed25519(1);
    PeerId n = name(a);
    IpnsRecord seq2 = record(a, "/ipfs/bafkqaaa", 2, Duration.ofHours(1));
    IpnsRecord seq1Longer = record(a, "/ipfs/bafkqaaib", 1, Duration.ofHours(9));
    IpnsRecord seq2Longer = record(a, "/ipfs/bafkqaaib", 2, Duration.ofHours(3));
    assertThat(held.offer(n, seq2)).isEqualTo(HeldRecords.Outcome.NEWER);
    assertThat(held.offer(n, seq1Longer)).isEqualTo(HeldRecords.Outcome.KEPT_HELD);
    assertThat(held.offer(n, seq2)).isEqualTo(HeldRecords.Outcome.KEPT_HELD);
    assertThat(held.get(n)).contains(seq2);
    assertThat(held.offer(n, seq2Longer)).isEqualTo(HeldRecords.Outcome.NEWER);
    assertThat(held.get(n)).contains(seq2Longer);
  }

  @Test
  void expiredRecordsAreDroppedAndTheCountIsBounded() {
    HeldRecords held = new HeldRecords(2, clock);
    Signer a = TestSigners.ed25519(1);
    Signer b = TestSigners.ed25519(2);
    Signer c = TestSigners.ed25519(3);
    held.offer(name(a), record(a, "/ipfs/bafkqaaa", 1, Duration.ofMinutes(10)));
    held.offer(name(b), record(b, "/ipfs/bafkqaaa", 1, Duration.ofHours(1)));
    held.get(name(a)); // a is now the most recently used
    held.offer(name(c), record(c, "/ipfs/bafkqaaa", 1, Duration.ofHours(1)));
    assertThat(held.size()).isEqualTo(2);
    assertThat(held.get(name(b))).isEmpty();
    assertThat(held.get(name(a))).isPresent();
    clock.now = NOW.plus(Duration.ofMinutes(11));
    assertThat(held.get(name(a))).isEmpty();
    assertThat(held.size()).isEqualTo(1);
  }
}
