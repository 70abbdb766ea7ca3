package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.node.daemon.IpnsTestRecords;
import io.cairn.retrieval.ipns.IpnsRecord;
import io.cairn.storage.PeerId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/** Kubo's {@code name inspect}: its text, {@code --verify}, {@code --dump} and stdin. */
@BothModes
class NameInspectCommandTest {
  @Parameter Cli.Mode mode;

  @TempDir Path tmp;
  Cli cli;

  @BeforeEach
  void init() {
    cli = Cli.init(tmp.resolve("repo"), mode);
  }

  private static String row(String label, Object value) {
    return String.format("%-16s%s%n", label, value);
  }

  @Test
  void printsKubosTextWithAndWithoutVerify() throws IOException {
    IpnsRecord r =
        IpnsTestRecords.record(
            (byte) 3, "/ipfs/bafkqaaa", 42, Instant.parse("2100-01-02T03:04:05.25Z"), true);
    Path file = Files.write(tmp.resolve("record"), r.bytes());
    String fields =
        row("Value:", "\"/ipfs/bafkqaaa\"")
            + row("Validity Type:", 0)
            + row("Validity:", "\"2100-01-02T03:04:05.25Z\"")
            + row("Sequence:", 42)
            + row("TTL:", "5m0s")
            + row("Protobuf Size:", r.bytes().length)
            + row("Signature Type:", "V1+V2");
    PeerId owner = IpnsTestRecords.key((byte) 3).peerId();

    assertThat(cli.ok("name", "inspect", "--dump=false", file.toString()).out())
        .isEqualTo(fields + "\nThis record was not verified. Pass '--verify k51...' to verify.\n");
    assertThat(
            cli.ok("name", "inspect", "--dump=false", "--verify", owner.toString(), file.toString())
                .out())
        .isEqualTo(
            fields
                + "\nValidation results:\n"
                + " Valid: true\n"
                + " Name:  "
                + owner.toBase36()
                + "\n");
    PeerId other = IpnsTestRecords.key((byte) 4).peerId();
    String wrong =
        cli.ok("name", "inspect", "--dump=false", "--verify=" + other.toBase36(), file.toString())
            .out();
    assertThat(wrong)
        .contains("\nValidation results:\n Valid:  false\n Reason: IPNS record's signatureV2")
        .endsWith(" Name:   " + other.toBase36() + "\n");

    // from stdin, with the hex dump (Go's hex.Dump)
    String dumped = cli.okWithInput(r.bytes(), "name", "inspect").out();
    assertThat(dumped).startsWith(fields).contains("\nHex Dump:\n00000000  0a ");
    String last = dumped.lines().reduce((a, b) -> b).orElseThrow();
    assertThat(last).hasSize(8 + 2 + 16 * 3 + 2 + (r.bytes().length % 16) + 2).endsWith("|");
    assertThat(
            cli.ok("name", "inspect", "--enc=json", file.toString()).json().get("PbSize").asInt())
        .isEqualTo(r.bytes().length);
  }

  @Test
  void aMalformedRecordIsOneClearError() throws IOException {
    Path file = Files.writeString(tmp.resolve("junk"), "not a record");
    assertThat(cli.fails("name", "inspect", file.toString()))
        .startsWith("not a valid IPNS record: ");
  }
}
