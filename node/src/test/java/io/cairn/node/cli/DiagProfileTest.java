package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn diag profile|sys}: the daemon's diagnostics in one zip, and the system, as Kubo's.
 */
@ExtendWith(Cli.StopDaemons.class)
class DiagProfileTest {
  @TempDir Path dir;

  @Test
  void theZipHoldsTheVersionThreadsHeapAndARecordingThatJfrReads() throws Exception {
    Cli cli = Cli.init(dir.resolve("repo"), Cli.Mode.DAEMON);
    Path zip = dir.resolve("p.zip");

    assertThat(cli.ok("diag", "profile", "--profile-time", "1s", "-o", zip.toString()).out())
        .isEqualTo("Wrote profiles to: " + zip + "\n");

    Map<String, byte[]> entries = unzip(Files.readAllBytes(zip));
    assertThat(entries.keySet())
        .containsExactly("version.json", "threads.txt", "heap-histogram.txt", "profile.jfr");
    assertThat(new ObjectMapper().readTree(entries.get("version.json")).get("Version").asText())
        .isNotEmpty();
    assertThat(new String(entries.get("threads.txt"), StandardCharsets.UTF_8))
        .contains("Full thread dump")
        .contains("java.lang.Thread.State");
    assertThat(new String(entries.get("heap-histogram.txt"), StandardCharsets.UTF_8))
        .contains("java.lang.String");
    Path jfr = dir.resolve("profile.jfr");
    Files.write(jfr, entries.get("profile.jfr"));
    assertThat(RecordingFile.readAllEvents(jfr)).isNotEmpty();
    assertThat(dir.resolve("p.zip.part")).doesNotExist();
  }

  @Test
  void collectorsPickWhatIsWrittenAndBadOptionsAreRefusedByName() throws IOException {
    Cli cli = Cli.init(dir.resolve("repo"), Cli.Mode.DAEMON);
    Path zip = dir.resolve("two.zip");
    cli.ok("diag", "profile", "--collectors", "threads,version", "-o", zip.toString());
    assertThat(unzip(Files.readAllBytes(zip)).keySet())
        .containsExactly("version.json", "threads.txt");

    Path bad = dir.resolve("bad.zip");
    assertThat(cli.fails("diag", "profile", "--collectors", "cpu", "-o", bad.toString()))
        .contains("unknown collector 'cpu': one of version, threads, heap, jfr");
    assertThat(cli.fails("diag", "profile", "--profile-time", "0", "-o", bad.toString()))
        .contains("the jfr collector needs a profile time above 0");
    assertThat(cli.fails("diag", "profile", "--profile-time", "soon", "-o", bad.toString()))
        .contains("failed to parse profile duration \"soon\"");
    assertThat(bad).doesNotExist();
    assertThat(dir.resolve("bad.zip.part")).doesNotExist();

    Cli local = Cli.init(dir.resolve("other"), Cli.Mode.IN_PROCESS);
    assertThat(local.fails("diag", "profile", "-o", bad.toString()))
        .contains("needs a running daemon");
  }

  /** Kubo's diag sys keys, with the JVM's runtime; offline without a daemon. */
  @Test
  void sysTellsTheSystemTheRepoDiskAndWhetherTheNetworkRuns() throws IOException {
    Cli daemon = Cli.init(dir.resolve("repo"), Cli.Mode.DAEMON);
    var sys = new ObjectMapper().readTree(daemon.ok("diag", "sys").out());
    assertThat(sys.fieldNames())
        .toIterable()
        .containsExactly("cairn_version", "diskinfo", "environment", "memory", "net", "runtime");
    assertThat(sys.at("/diskinfo/total_space").asLong())
        .isGreaterThanOrEqualTo(sys.at("/diskinfo/free_space").asLong())
        .isPositive();
    assertThat(sys.at("/runtime/numcpu").asInt()).isPositive();
    assertThat(sys.at("/memory/heap_max").asLong()).isPositive();
    assertThat(sys.at("/net/interface_addresses").toString()).contains("/ip4/127.0.0.1");
    Cli local = Cli.init(dir.resolve("other"), Cli.Mode.IN_PROCESS);
    assertThat(
            new ObjectMapper()
                .readTree(local.ok("diag", "sys").out())
                .at("/net/online")
                .asBoolean())
        .isFalse();
  }

  private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        out.put(e.getName(), in.readAllBytes());
      }
    }
    return out;
  }
}
