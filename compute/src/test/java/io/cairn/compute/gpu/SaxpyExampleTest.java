package io.cairn.compute.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cairn.compute.CancellationToken;
import io.cairn.compute.JobResult;
import io.cairn.compute.JobSpec;
import io.cairn.compute.JobStatus;
import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import io.cairn.storage.unixfs.ImportOptions;
import io.cairn.storage.unixfs.UnixFsExporter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Example 4: SAXPY ({@code compute/examples/gpu}) over float inputs by CID, checked against the
 * same computation on the CPU. The tests tagged {@code gpu} need a machine with an NVIDIA GPU and
 * skip elsewhere.
 */
class SaxpyExampleTest {
  static final Path EXAMPLE = Path.of("examples", "gpu");

  @TempDir Path scratch;
  private final BlockStore blocks = BlockStores.memory();

  private GpuRunner runner() {
    return new GpuRunner(blocks, ImportOptions.defaults(), scratch);
  }

  private static void assumeGpu() {
    GpuAvailability gpu = GpuRunner.available();
    assumeTrue(gpu.usable(), gpu::detail);
  }

  private Cid ptx() throws IOException {
    return GpuJobs.add(blocks, Files.readAllBytes(EXAMPLE.resolve("saxpy.ptx")));
  }

  /** The committed PTX was built from the committed sources (build.sh records their SHA-256). */
  @Test
  void ptxIsBuiltFromTheseSources() throws IOException {
    for (String line : Files.readAllLines(EXAMPLE.resolve("saxpy.sources.sha256"))) {
      String[] parts = line.split("\\s+", 2);
      byte[] source = Files.readAllBytes(EXAMPLE.resolve(parts[1].strip()));
      assertThat(HexFormat.of().formatHex(HashFunction.SHA2_256.digest(source)))
          .as("SHA-256 of %s: rebuild with compute/examples/gpu/build.sh", parts[1])
          .isEqualTo(parts[0]);
    }
    assertThat(Files.readString(EXAMPLE.resolve("saxpy.ptx"), StandardCharsets.US_ASCII))
        .contains(".visible .entry saxpy(");
  }

  /** The spec shown in the README is the one the GPU test runs. */
  @Test
  void readmeSpecIsTheTestedOne() throws IOException {
    String readme = Files.readString(EXAMPLE.resolve("README.md"));
    int start = readme.indexOf("```json\n") + "```json\n".length();
    String json = readme.substring(start, readme.indexOf("```", start));
    Cid module = ptx();
    Cid x = GpuJobs.add(blocks, new byte[] {1});
    Cid y = GpuJobs.add(blocks, new byte[] {2});
    JobSpec shown =
        JobSpec.fromJson(
            json.replace("<CID of saxpy.ptx>", module.toString())
                .replace("<CID of x.f32>", x.toString())
                .replace("<CID of y.f32>", y.toString()));

    assertThat(shown)
        .isEqualTo(
            GpuJobs.saxpy(
                module, x, y, 1_000_000, 1.75f, GpuJobs.limits(Duration.ofSeconds(60), 64L << 20)));
  }

  @Tag("gpu")
  @Test
  void saxpyOnTheGpuMatchesTheCpu() throws IOException {
    assumeGpu();
    int n = 1_000_003;
    float a = 1.75f;
    Random random = new Random(42);
    float[] x = new float[n];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) random.nextGaussian();
      y[i] = (float) random.nextGaussian();
    }
    Cid xs = GpuJobs.add(blocks, GpuJobs.floats(x));
    Cid ys = GpuJobs.add(blocks, GpuJobs.floats(y));
    JobSpec spec =
        GpuJobs.saxpy(ptx(), xs, ys, n, a, GpuJobs.limits(Duration.ofSeconds(120), 64L << 20));

    JobResult result = runner().run(spec, new CancellationToken());

    assertThat(result.status()).isEqualTo(JobStatus.DONE);
    assertThat(result.gpuTimeNanos()).isPresent();
    Cid out = new UnixFsExporter(blocks).resolve(result.outputRoot(), "out");
    float[] gpu = GpuJobs.floats(GpuJobs.cat(blocks, out));
    float[] cpu = new float[n];
    for (int i = 0; i < n; i++) {
      cpu[i] = Math.fma(a, x[i], y[i]); // the PTX's fma.rn.f32: one rounding, as on the GPU
    }
    assertThat(gpu).containsExactly(cpu);
    System.out.printf(
        "saxpy n=%d on %s: GPU time %d ns, wall %s%n",
        n, GpuRunner.available().detail(), result.gpuTimeNanos().getAsLong(), result.wallTime());
  }

  @Tag("gpu")
  @Test
  void malformedPtxIsAClearFailure() {
    assumeGpu();
    Cid bad =
        GpuJobs.add(
            blocks,
            ".version 7.0\n.target sm_75\nthis is not PTX\n".getBytes(StandardCharsets.US_ASCII));
    Cid x = GpuJobs.add(blocks, GpuJobs.floats(new float[16]));

    JobResult result =
        runner()
            .run(
                GpuJobs.saxpy(bad, x, x, 16, 1f, GpuJobs.limits(Duration.ofSeconds(60), 1 << 20)),
                new CancellationToken());

    assertThat(result.status().label())
        .startsWith("failed: the PTX module does not load: cuModuleLoadData failed: CUDA_ERROR_");
    assertThat(result.outputRoot()).isNull();
  }

  @Tag("gpu")
  @Test
  void unknownKernelIsAClearFailure() throws IOException {
    assumeGpu();
    Cid x = GpuJobs.add(blocks, GpuJobs.floats(new float[16]));
    JobSpec spec =
        GpuJobs.saxpy(ptx(), x, x, 16, 1f, GpuJobs.limits(Duration.ofSeconds(60), 1 << 20));
    var launch = spec.cuda();
    JobSpec renamed =
        new JobSpec(
            spec.engine(),
            spec.module(),
            null,
            new io.cairn.compute.CudaLaunch("daxpy", launch.grid(), launch.block(), launch.args()),
            List.of(),
            spec.env(),
            spec.inputs(),
            spec.limits(),
            null);

    JobResult result = runner().run(renamed, new CancellationToken());

    assertThat(result.status().label())
        .startsWith("failed: the PTX module has no kernel 'daxpy': cuModuleGetFunction failed: ");
  }
}
