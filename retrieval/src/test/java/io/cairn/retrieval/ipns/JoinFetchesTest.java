package io.cairn.retrieval.ipns;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.PeerId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The bounds on fetches for joining peers: concurrency, waiting capacity, one per name and peer.
 */
class JoinFetchesTest {
  private static PeerId peer(int i) {
    return PeerId.fromPublicKey(TestSigners.ed25519(i).publicKeyProtobuf());
  }

  @Test
  void runsAFewAtATimeKeepsABoundedQueueAndNoDuplicates() {
    List<CompletableFuture<Void>> started = new ArrayList<>();
    List<PeerId> asked = new ArrayList<>();
    JoinFetches fetches =
        new JoinFetches(
            2,
            3,
            (name, peer) -> {
              CompletableFuture<Void> f = new CompletableFuture<>();
              started.add(f);
              asked.add(peer);
              return f;
            });
    PeerId name = peer(100);
    for (int i = 0; i < 2; i++) {
      assertThat(fetches.add(name, peer(i))).isTrue();
    }
    assertThat(fetches.add(name, peer(0))).isFalse(); // running already
    for (int i = 2; i < 5; i++) {
      assertThat(fetches.add(name, peer(i))).isTrue(); // waits
    }
    assertThat(fetches.add(name, peer(4))).isFalse(); // waiting already
    assertThat(fetches.add(name, peer(5))).isFalse(); // the queue is full
    assertThat(fetches.dropped()).isEqualTo(1);
    assertThat(started).hasSize(2);

    started.get(0).complete(null);
    started.get(1).completeExceptionally(new IllegalStateException("no answer"));
    assertThat(started).hasSize(4);
    started.get(2).complete(null);
    started.get(3).complete(null);
    assertThat(started).hasSize(5);
    started.get(4).complete(null);
    assertThat(asked).containsExactly(peer(0), peer(1), peer(2), peer(3), peer(4));
    assertThat(fetches.add(name, peer(0))).isTrue(); // done: a later join fetches again

    fetches.close();
    assertThat(fetches.add(name, peer(7))).isFalse();
  }
}
