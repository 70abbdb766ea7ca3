package io.cairn.retrieval.p2p.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.retrieval.p2p.PeerStore;
import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.Storages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on RocksDB's {@code peers} table, and what survives a restart. */
class TablePeerStoreTest extends AbstractPeerStoreTest {
  @TempDir Path dir;
  private Storage storage;

  @Override
  PeerStore store() {
    storage = Storages.open(StorageOptions.defaults(dir.resolve("repo")));
    return PeerStores.persistent(storage.table("peers"), clock);
  }

  @AfterEach
  void close() throws Exception {
    if (storage != null) {
      storage.close();
    }
  }

  @Test
  void everythingButExpiredAddressesSurvivesARestart() throws Exception {
    PeerStore s = store();
    s.addAddresses(PEER, List.of(A), Duration.ofMinutes(10));
    s.addAddresses(PEER, List.of(B), Duration.ofMinutes(1));
    s.setProtocols(PEER, List.of("/ipfs/kad/1.0.0"));
    s.setAgentVersion(PEER, "helia/5");
    storage.close();
    clock.now = clock.now.plus(Duration.ofMinutes(2));
    PeerStore reopened = store();
    assertThat(reopened.peers()).containsExactly(PEER);
    assertThat(reopened.addresses(PEER)).containsExactly(A);
    assertThat(reopened.protocols(PEER)).containsExactly("/ipfs/kad/1.0.0");
    assertThat(reopened.agentVersion(PEER)).hasValue("helia/5");
  }
}
