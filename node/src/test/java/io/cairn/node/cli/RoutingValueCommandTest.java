package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.config.Identity;
import io.cairn.node.daemon.Daemon;
import io.cairn.node.daemon.IpnsTestRecords;
import io.cairn.node.daemon.NetworkDaemons;
import io.cairn.retrieval.ipns.IpnsRecord;
import io.cairn.storage.PeerId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubo's {@code routing get} and {@code routing put} in the CLI: raw values out, records in from a
 * file or stdin, against a daemon with its network (no peers, so puts need {@code
 * --allow-offline}), and Kubo's offline error without a daemon.
 */
class RoutingValueCommandTest {
  @TempDir Path dir;

  @Test
  void getWritesTheRecordAndPutStoresAnotherKeysRecord() throws IOException {
    try (Daemon daemon = NetworkDaemons.start(dir.resolve("repo"))) {
      Cli cli = new Cli(dir.resolve("repo"), Cli.Mode.IN_PROCESS);
      PeerId self = daemon.config().peerId();
      Path text = Files.writeString(dir.resolve("hello.txt"), "hello routing");
      String cid = cli.ok("add", "-Q", text.toString()).out().strip();
      cli.ok("name", "publish", "--allow-offline", cid);

      byte[] raw = cli.ok("routing", "get", "/ipns/" + self.toBase36()).stdout();
      IpnsRecord record = IpnsRecord.decode(raw);
      record.validate(self, Instant.now());
      assertThat(record.value()).isEqualTo("/ipfs/" + cid);
      assertThat(cli.ok("routing", "get", "--enc=json", "/ipns/" + self).json().get("Type").asInt())
          .isEqualTo(5);
      // as Kubo's help suggests: routing get | name inspect
      assertThat(
              cli.okWithInput(raw, "name", "inspect", "--dump=false", "--verify", self.toString())
                  .out())
          .contains(" Valid: true\n");

      Identity other = IpnsTestRecords.key((byte) 5);
      IpnsRecord foreign = IpnsTestRecords.fresh((byte) 5, "/ipfs/" + cid, 1);
      Path file = Files.write(dir.resolve("foreign.ipns"), foreign.bytes());
      String key = "/ipns/" + other.peerId().toBase36();
      assertThat(cli.fails("routing", "put", key, file.toString()))
          .startsWith("no DHT peer took the value of " + key);
      assertThat(cli.ok("routing", "put", "--allow-offline", key, file.toString()).out())
          .isEqualTo(other.peerId() + "\n");
      assertThat(cli.ok("name", "resolve", "--dhtt=2s", other.peerId().toBase36()).out())
          .isEqualTo("/ipfs/" + cid + "\n");
      // from stdin; the record of another name is refused with the reason
      assertThat(
              cli.failsWithInput(
                  foreign.bytes(), "routing", "put", "--allow-offline", "/ipns/" + self))
          .startsWith("invalid value for /ipns/" + self + ": ");
      assertThat(cli.fails("routing", "get", "/ipfs/" + cid))
          .startsWith("invalid key \"/ipfs/" + cid + "\"");
    }
  }

  @Test
  void withoutADaemonGetAndPutSayTheyNeedTheNetwork() throws IOException {
    Cli cli = Cli.init(dir.resolve("repo"), Cli.Mode.IN_PROCESS);
    String self = cli.ok("id", "-f", "<id>").out();
    assertThat(cli.fails("routing", "get", "/ipns/" + self))
        .isEqualTo("this action must be run in online mode, try running 'cairn daemon' first");
    Path file = Files.write(dir.resolve("v"), new byte[] {1});
    assertThat(cli.fails("routing", "put", "/ipns/" + self, file.toString()))
        .isEqualTo("can't put while offline: pass `--allow-offline` to override");
  }

  /**
   * {@code routing put --allow-offline} without a network keeps the value in the repo, as Kubo's
   * offline router does, checked as any put; the DHT serves it once the daemon runs.
   */
  @Test
  void anOfflinePutIsKeptForTheDhtToServe() throws IOException {
    Cli cli = Cli.init(dir.resolve("repo"), Cli.Mode.IN_PROCESS);
    Identity other = IpnsTestRecords.key((byte) 6);
    IpnsRecord record = IpnsTestRecords.fresh((byte) 6, "/ipfs/bafkqaaa", 3);
    Path file = Files.write(dir.resolve("other.ipns"), record.bytes());
    String key = "/ipns/" + other.peerId().toBase36();
    assertThat(cli.ok("routing", "put", "--allow-offline", key, file.toString()).out())
        .isEqualTo(other.peerId() + "\n");
    IpnsRecord older = IpnsTestRecords.fresh((byte) 6, "/ipfs/bafkqaaa", 2);
    assertThat(cli.failsWithInput(older.bytes(), "routing", "put", "--allow-offline", key))
        .startsWith("invalid value for " + key + ": ");
    assertThat(cli.failsWithInput(new byte[] {1}, "routing", "put", "--allow-offline", key))
        .startsWith("invalid value for " + key + ": ");
    try (Daemon daemon = NetworkDaemons.start(dir.resolve("repo"))) {
      assertThat(cli.ok("routing", "get", key).stdout()).isEqualTo(record.bytes());
    }
  }
}
