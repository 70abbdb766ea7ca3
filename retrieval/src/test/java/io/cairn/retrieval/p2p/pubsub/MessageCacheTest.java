package io.cairn.retrieval.p2p.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MessageCacheTest {
  private static PubsubMessage message(int seq, String topic) {
    return new PubsubMessage(
        Keys.peer(1), new byte[0], new byte[] {(byte) seq}, List.of(topic), null, null);
  }

  @Test
  void gossipsTheLastWindowsAndForgetsPastTheHistory() {
    MessageCache c = new MessageCache(3, 2, 1 << 20);
    PubsubMessage a = message(1, "t");
    c.put(a, new byte[10]);
    c.put(message(2, "other"), new byte[10]);
    c.shift();
    PubsubMessage b = message(3, "t");
    c.put(b, new byte[10]);
    assertThat(c.gossipIds("t")).containsExactly(b.id(), a.id());
    c.shift();
    assertThat(c.gossipIds("t")).containsExactly(b.id()); // a's window is no longer gossiped
    assertThat(c.contains(a.id())).isTrue(); // but still answers IWANT
    c.shift();
    assertThat(c.contains(a.id())).isFalse();
    assertThat(c.contains(b.id())).isTrue();
    assertThat(c.size()).isEqualTo(1);
  }

  @Test
  void isBoundedInBytesOldestFirst() {
    MessageCache c = new MessageCache(5, 3, 25);
    PubsubMessage a = message(1, "t");
    PubsubMessage b = message(2, "t");
    PubsubMessage d = message(3, "t");
    c.put(a, new byte[10]);
    c.put(b, new byte[10]);
    c.put(d, new byte[10]);
    assertThat(c.contains(a.id())).isFalse();
    assertThat(c.contains(b.id())).isTrue();
    assertThat(c.bytes()).isEqualTo(20);
    assertThat(c.gossipIds("t")).containsExactly(b.id(), d.id());
  }

  @Test
  void answersOnePeerAtMostRetransmissionTimes() {
    MessageCache c = new MessageCache(5, 3, 1 << 20);
    PubsubMessage a = message(1, "t");
    c.put(a, new byte[] {7});
    for (int i = 0; i < 2; i++) {
      assertThat(c.forIwant(a.id(), Keys.peer(2), 2)).containsExactly(7);
    }
    assertThat(c.forIwant(a.id(), Keys.peer(2), 2)).isNull();
    assertThat(c.forIwant(a.id(), Keys.peer(3), 2)).isNotNull();
    c.forget(Keys.peer(2));
    assertThat(c.forIwant(a.id(), Keys.peer(2), 2)).isNotNull();
  }
}
