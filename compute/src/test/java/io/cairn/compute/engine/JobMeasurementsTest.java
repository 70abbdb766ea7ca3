package io.cairn.compute.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.compute.CancellationToken;
import io.cairn.compute.JobResult;
import io.cairn.compute.JobSpec;
import io.cairn.compute.JobStatus;
import io.cairn.compute.Limits;
import io.cairn.compute.LogStream;
import io.cairn.compute.LogTap;
import io.cairn.compute.wasm.WasmFixtures;
import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.unixfs.ImportListener;
import io.cairn.storage.unixfs.ImportOptions;
import io.cairn.storage.unixfs.UnixFsExporter;
import io.cairn.storage.unixfs.UnixFsImporter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Peak memory, energy and live logs of WASM jobs. */
@Tag("compute")
class JobMeasurementsTest {
  private static final long PAGE = 65_536;

  @TempDir Path dir;
  private final BlockStore blocks = BlockStores.memory();

  private WasmJobEngine engine(Path powercap) {
    return new WasmJobEngine(
        blocks, dir.resolve("scratch"), ImportOptions.defaults(), new Rapl(powercap));
  }

  private WasmJobEngine engine() {
    return engine(dir.resolve("no-powercap"));
  }

  private Cid add(byte[] bytes) {
    return new UnixFsImporter(blocks, ImportOptions.defaults())
        .importStream("f", new ByteArrayInputStream(bytes), ImportListener.NONE)
        .cid();
  }

  private JobSpec spec(String fixture) {
    return JobSpec.wasm(add(WasmFixtures.bytes(fixture)));
  }

  private String cat(Cid cid) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new UnixFsExporter(blocks).cat(cid, 0, -1, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void peakMemoryIsTheInstancesLinearMemoryAndTheSameEveryRun() {
    JobResult grown = engine().run(spec("grow"), new CancellationToken());
    assertThat(grown.status()).isEqualTo(JobStatus.DONE);
    assertThat(grown.peakMemoryBytes()).hasValue(101 * PAGE); // 1 page declared, 100 grown
    assertThat(engine().run(spec("grow"), new CancellationToken()).peakMemoryBytes())
        .isEqualTo(grown.peakMemoryBytes());
    assertThat(engine().run(spec("hello"), new CancellationToken()).peakMemoryBytes())
        .hasValue(PAGE);
    assertThat(grown.toJson()).contains("\"peakMemory\" : " + 101 * PAGE);
  }

  @Test
  void aGrowPastTheCapKeepsThePeakBeforeIt() {
    JobResult capped =
        engine()
            .run(
                spec("grow").withLimits(Limits.DEFAULTS.withMemoryBytes(64 * PAGE)),
                new CancellationToken());
    assertThat(capped.status()).isEqualTo(JobStatus.MEMORY_LIMIT);
    assertThat(capped.peakMemoryBytes()).hasValue(PAGE);
  }

  @Test
  void aModuleThatNeverRanHasNoPeakMemory() {
    JobResult r =
        engine()
            .run(
                JobSpec.wasm(add("not wasm".getBytes(StandardCharsets.UTF_8))),
                new CancellationToken());
    assertThat(r.peakMemoryBytes()).isEmpty();
  }

  @Test
  void energyIsNotMeasuredWithoutRapl() {
    JobResult r = engine().run(spec("hello"), new CancellationToken());
    assertThat(r.energyMillijoules()).isEmpty();
    assertThat(r.toJson()).contains("\"energyMj\" : \"not measured\"");
  }

  @Test
  void energyComesFromTheRaplCounters() throws IOException {
    Path zone = Files.createDirectories(dir.resolve("powercap/intel-rapl:0"));
    Files.writeString(zone.resolve("energy_uj"), "5000000\n");
    Files.writeString(zone.resolve("max_energy_range_uj"), "262143328850\n");
    JobResult r = engine(dir.resolve("powercap")).run(spec("hello"), new CancellationToken());
    // The fake counter does not move while the job runs: it used nothing measurable.
    assertThat(r.energyMillijoules()).hasValue(0);
  }

  @Test
  void theTapSeesEachWriteInTheFileBeforeItIsTold() {
    List<String> events = new ArrayList<>();
    StringBuilder seen = new StringBuilder();
    LogTap tap =
        new LogTap() {
          private Path stdout;

          @Override
          public void opened(LogStream stream, Path file) {
            events.add("opened " + stream.label());
            if (stream == LogStream.STDOUT) {
              stdout = file;
            }
          }

          @Override
          public void wrote(LogStream stream, long size) {
            events.add("wrote " + stream.label() + " " + size);
            try {
              byte[] now = Files.readAllBytes(stdout);
              assertThat((long) now.length).isEqualTo(size);
              seen.setLength(0);
              seen.append(new String(now, StandardCharsets.UTF_8));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }

          @Override
          public void closed(LogStream stream) {
            events.add("closed " + stream.label());
          }
        };
    JobResult r = engine().run(spec("hello"), new CancellationToken(), tap);
    String stdout = cat(r.stdout());
    assertThat(stdout).isNotEmpty();
    assertThat(seen.toString()).isEqualTo(stdout);
    assertThat(events)
        .containsExactly(
            "opened stdout",
            "opened stderr",
            "wrote stdout " + stdout.length(),
            "closed stdout",
            "closed stderr");
  }
}
