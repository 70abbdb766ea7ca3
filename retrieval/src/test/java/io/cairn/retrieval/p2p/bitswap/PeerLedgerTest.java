package io.cairn.retrieval.p2p.bitswap;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.retrieval.p2p.bitswap.BitswapMessage.Want;
import io.cairn.storage.Block;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerLedgerTest {
  private final PeerLedger ledger = new PeerLedger(new TestNet().newHost().self(), 3);

  private static Cid cid(int i) {
    return Block.create(Multicodec.RAW, new byte[] {(byte) i}).cid();
  }

  /** The index shared by all ledgers holds a CID exactly while some peer's wantlist does. */
  @Test
  void sharedIndexFollowsEveryWayAWantEnds() {
    WantedBlocks wanted = new WantedBlocks();
    TestNet net = new TestNet();
    PeerLedger one = new PeerLedger(net.newHost().self(), 2, wanted);
    PeerLedger two = new PeerLedger(net.newHost().self(), 2, wanted);
    one.update(List.of(Want.block(cid(1), 1), Want.have(cid(2), 1)), false);
    two.update(List.of(Want.block(cid(1), 1)), false);
    assertThat(wanted.size()).isEqualTo(2);

    one.update(List.of(Want.cancel(cid(1))), false);
    assertThat(wanted.wanted(cid(1))).isTrue(); // two still wants it
    two.close();
    assertThat(wanted.wanted(cid(1))).isFalse();

    // Answered DONT_HAVE: kept, still wanted; then dropped at the cap for a new want.
    List<Want> taken = one.startDrain(10, Long.MAX_VALUE);
    one.answered(taken.get(0), false);
    one.endDrain(0);
    one.update(List.of(Want.block(cid(3), 1), Want.block(cid(4), 1)), false);
    assertThat(wanted.wanted(cid(2))).isFalse();
    assertThat(wanted.wanted(cid(3))).isTrue();

    // Resolved by the block: no longer wanted.
    taken = one.startDrain(10, Long.MAX_VALUE);
    one.answered(taken.get(0), true);
    one.endDrain(0);
    assertThat(wanted.wanted(cid(3))).isFalse();

    // A full wantlist replaces the rest.
    one.update(List.of(Want.have(cid(5), 1)), true);
    assertThat(wanted.wanted(cid(4))).isFalse();
    assertThat(wanted.wanted(cid(5))).isTrue();
    assertThat(wanted.size()).isEqualTo(1);
  }

  @Test
  void refusesWantsBeyondTheCapAndCountsThem() {
    ledger.update(
        List.of(
            Want.have(cid(1), 1), Want.have(cid(2), 1), Want.have(cid(3), 1), Want.have(cid(4), 1)),
        false);
    // A want already queued may be updated even at the cap.
    ledger.update(List.of(Want.block(cid(1), 1)), false);

    assertThat(ledger.wantlist()).containsExactly(cid(1), cid(2), cid(3));
    assertThat(ledger.wantsRefused()).isEqualTo(1);
  }

  @Test
  void wantCancelledWhileBeingServedIsNotPutBack() {
    ledger.update(List.of(Want.block(cid(1), 1), Want.block(cid(2), 1)), false);
    List<Want> taken = ledger.startDrain(10, Long.MAX_VALUE);

    ledger.update(List.of(Want.cancel(cid(2))), false);
    ledger.requeue(taken.subList(1, 2));

    assertThat(ledger.isWithdrawn(cid(2))).isTrue();
    assertThat(ledger.isWithdrawn(cid(1))).isFalse();
    // cid(1) is being answered and stays wanted until the answer ends it.
    assertThat(ledger.wantlist()).containsExactly(cid(1));
    ledger.endDrain(0);
    assertThat(ledger.isWithdrawn(cid(2))).isFalse();
    assertThat(ledger.startDrain(10, Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void fullWantlistReplacesTheQueueAndWithdrawsWhatIsBeingServed() {
    ledger.update(List.of(Want.block(cid(1), 1), Want.block(cid(2), 1)), false);
    List<Want> taken = ledger.startDrain(1, Long.MAX_VALUE);

    ledger.update(List.of(Want.have(cid(3), 1)), true);

    assertThat(taken).extracting(Want::cid).containsExactly(cid(1));
    assertThat(ledger.isWithdrawn(cid(1))).isTrue();
    assertThat(ledger.wantlist()).containsExactly(cid(3));
  }

  @Test
  void answerEndsAWantOnlyWhenItGaveTheBlockOrHave() {
    ledger.update(
        List.of(Want.have(cid(1), 1), Want.block(cid(2), 1), Want.have(cid(3), 1)), false);
    List<Want> taken = ledger.startDrain(10, Long.MAX_VALUE);
    // The peer asks for cid(3) as a block while its want-have is being answered.
    ledger.update(List.of(Want.block(cid(3), 1)), false);

    ledger.answered(taken.get(0), false);
    ledger.answered(taken.get(1), true);
    ledger.answered(taken.get(2), true);
    ledger.endDrain(0);

    assertThat(ledger.wantlist()).containsExactly(cid(1), cid(3));
    assertThat(ledger.startDrain(10, Long.MAX_VALUE)).containsExactly(Want.block(cid(3), 1));
  }

  @Test
  void atTheCapANewWantDropsTheWantAnsweredFirstAndNeverOneNotYetAnswered() {
    ledger.update(List.of(Want.have(cid(1), 1), Want.have(cid(2), 1), Want.have(cid(3), 1)), false);
    List<Want> taken = ledger.startDrain(10, Long.MAX_VALUE);
    // Answered DONT_HAVE in the order 3, 1, 2: all three stay wanted.
    ledger.answered(taken.get(2), false);
    ledger.answered(taken.get(0), false);
    ledger.answered(taken.get(1), false);
    ledger.endDrain(0);

    ledger.update(List.of(Want.have(cid(4), 1), Want.have(cid(5), 1)), false);
    assertThat(ledger.wantlist()).containsExactly(cid(2), cid(4), cid(5));
    // cid(4) and cid(5) are not answered yet: only cid(2) can make room, then nothing.
    ledger.update(List.of(Want.have(cid(6), 1), Want.have(cid(7), 1)), false);

    assertThat(ledger.wantlist()).containsExactly(cid(4), cid(5), cid(6));
    assertThat(ledger.wantsRefused()).isEqualTo(1);
  }

  @Test
  void noSecondDrainWhileOneRunsOrTooMuchIsInFlight() {
    ledger.update(List.of(Want.block(cid(1), 1), Want.block(cid(2), 1)), false);

    assertThat(ledger.startDrain(1, 100)).hasSize(1);
    assertThat(ledger.startDrain(1, 100)).isEmpty();
    ledger.endDrain(100);
    assertThat(ledger.startDrain(1, 100)).isEmpty();
    ledger.written(100);
    assertThat(ledger.startDrain(1, 100)).hasSize(1);
  }
}
