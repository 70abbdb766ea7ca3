package io.cairn.node.daemon;

import static io.cairn.node.daemon.P2pRpcTest.dialAddress;
import static io.cairn.node.daemon.P2pRpcTest.json;
import static io.cairn.node.daemon.P2pRpcTest.post;
import static io.cairn.node.daemon.P2pRpcTest.upload;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.storage.Cid;
import io.cairn.storage.rocksdb.DamagedRepo;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubo's {@code repo verify --heal}: a block corrupted on disk is removed and fetched again from a
 * peer that has it; with no peer to give it, the block stays removed and the command fails, naming
 * it.
 */
class RepoHealTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CORRUPT =
      " was corrupt (block in storage has different hash than requested)";

  @TempDir Path dir;
  private Daemon a;
  private Daemon b;

  @AfterEach
  void stop() {
    NetworkDaemons.closeAll(a, b);
  }

  @Test
  void aCorruptBlockIsRemovedAndFetchedAgainFromAPeer() throws Exception {
    byte[] data = "a block worth healing\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    a = NetworkDaemons.start(dir.resolve("a"));
    String cid = add(a, data);
    a.close();
    DamagedRepo.overwriteBlock(dir.resolve("a/datastore"), Cid.parse(cid), new byte[40]);
    a = NetworkDaemons.start(dir.resolve("a"));

    // No peer has it: removed, not healed, and the command fails with Kubo's summary.
    RawHttp lonely = post(a, "repo/verify?heal=true&heal-timeout=1s");
    assertThat(lonely.bodyText())
        .contains("block " + cid + CORRUPT + ", removed, failed to heal (");
    assertThat(lonely.trailers().get("x-stream-error"))
        .isEqualTo("verify complete, 1 blocks corrupt, 1 removed, 1 failed to heal");

    // Stored again and corrupted again, with a peer that has the block this time.
    assertThat(add(a, data)).isEqualTo(cid);
    b = NetworkDaemons.start(dir.resolve("b"));
    assertThat(add(b, data)).isEqualTo(cid);
    a.close();
    DamagedRepo.overwriteBlock(dir.resolve("a/datastore"), Cid.parse(cid), new byte[40]);
    a = NetworkDaemons.start(dir.resolve("a"));
    json(a, "swarm/connect", dialAddress(b));

    RawHttp healed = post(a, "repo/verify?heal=true");
    assertThat(healed.status()).isEqualTo(200);
    assertThat(healed.trailers()).doesNotContainKey("x-stream-error");
    assertThat(healed.bodyText())
        .contains("\"block " + cid + CORRUPT + ", removed, healed\"")
        .contains("\"verify complete, 1 blocks corrupt, 1 removed, 1 healed\"");
    assertThat(post(a, "repo/verify").bodyText())
        .contains("verify complete, all blocks validated.");
    assertThat(post(a, "cat?offline=true", cid).body()).isEqualTo(data);

    assertThat(post(a, "repo/verify?heal=true&heal-timeout=soon").bodyText())
        .contains("invalid heal-timeout");
  }

  private static String add(Daemon d, byte[] data) throws Exception {
    RawHttp r = upload(d, "/api/v0/add?cid-version=1&pin=false", "file", data);
    return JSON.readTree(r.body()).get("Hash").asText();
  }
}
