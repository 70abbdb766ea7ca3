package io.cairn.retrieval.p2p.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SeenCacheTest {
  private final AtomicLong now = new AtomicLong();

  @Test
  void remembersAnIdForItsTtlFromFirstSight() {
    SeenCache seen = new SeenCache(Duration.ofSeconds(120), 100, now::get);
    assertThat(seen.add("a")).isTrue();
    now.addAndGet(Duration.ofSeconds(100).toNanos());
    assertThat(seen.add("a")).isFalse();
    now.addAndGet(Duration.ofSeconds(20).toNanos());
    assertThat(seen.contains("a")).isFalse();
    assertThat(seen.add("a")).isTrue();
  }

  @Test
  void forgetsTheOldestPastItsBound() {
    SeenCache seen = new SeenCache(Duration.ofSeconds(120), 3, now::get);
    for (String id : new String[] {"a", "b", "c", "d"}) {
      assertThat(seen.add(id)).isTrue();
    }
    assertThat(seen.size()).isEqualTo(3);
    assertThat(seen.contains("a")).isFalse();
    assertThat(seen.contains("d")).isTrue();
  }
}
