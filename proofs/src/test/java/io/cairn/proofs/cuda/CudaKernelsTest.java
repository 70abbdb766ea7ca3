package io.cairn.proofs.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.proofs.HashBackend;
import io.cairn.storage.testing.JsReference;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shipped kernels, checked without a GPU: they were built from the sources as they are now,
 * every image is in the jar, and the kernel's steps (run on the CPU by commp_check.cu when they
 * were built) give the same unit roots as the CPU backend.
 */
class CudaKernelsTest {
  private static final Path SOURCES = JsReference.projectRoot().resolve("proofs/src/main/cuda");

  @Test
  void shippedKernelsAreBuiltFromTheCurrentSources() throws Exception {
    String recorded = new String(CudaKernels.read("commp.sources.sha256"), StandardCharsets.UTF_8);
    List<String> lines = recorded.lines().toList();
    assertThat(lines).hasSize(3);
    for (String line : lines) {
      String[] parts = line.split("\\s+");
      byte[] source = Files.readAllBytes(SOURCES.resolve(parts[1]));
      String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(source));
      assertThat(actual)
          .as(
              "%s changed since the kernels were built: run proofs/src/main/cuda/build.sh",
              parts[1])
          .isEqualTo(parts[0]);
    }
  }

  @Test
  void everyImageIsShipped() {
    for (int arch : CudaKernels.CUBIN_ARCHS) {
      byte[] cubin = CudaKernels.read("commp_sm" + arch + ".cubin");
      assertThat(new String(cubin, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("ELF");
    }
    String ptx = new String(CudaKernels.read("commp.ptx"), StandardCharsets.US_ASCII);
    assertThat(ptx).contains(".target sm_80").contains(".entry " + CudaKernels.ENTRY);
  }

  @Test
  void devicesTakeTheNewestCubinTheyRunElseThePtx() {
    assertThat(CudaKernels.candidates(9, 0)).containsExactly("commp_sm90.cubin", "commp.ptx");
    assertThat(CudaKernels.candidates(8, 9))
        .containsExactly("commp_sm89.cubin", "commp_sm86.cubin", "commp_sm80.cubin", "commp.ptx");
    assertThat(CudaKernels.candidates(8, 7))
        .containsExactly("commp_sm86.cubin", "commp_sm80.cubin", "commp.ptx");
    assertThat(CudaKernels.candidates(12, 0)).containsExactly("commp.ptx");
    assertThat(CudaKernels.candidates(7, 5)).isEmpty();
  }

  @Test
  void kernelStepsGiveTheCpuBackendsRoots() {
    List<String> expected =
        new String(CudaKernels.read("commp-check.txt"), StandardCharsets.US_ASCII).lines().toList();
    int unit = HashBackend.UNIT_PAYLOAD;
    byte[] payload = new byte[4 * unit];
    int x = 1;
    for (int u = 0; u < 4; u++) {
      for (int i = 0; i < unit; i++) {
        byte b = 0;
        if (u == 0 || u == 3) {
          x ^= x << 13;
          x ^= x >>> 17;
          x ^= x << 5;
          b = (byte) x;
        } else if (u == 2) {
          b = (byte) 0xFF;
        }
        payload[u * unit + i] = b;
      }
    }
    byte[] roots = new byte[4 * 32];
    try (HashBackend cpu = HashBackend.cpu(1)) {
      cpu.unitRoots(ByteBuffer.wrap(payload), roots, 0);
    }
    for (int u = 0; u < 4; u++) {
      assertThat(expected.get(u))
          .as("unit %d", u)
          .isEqualTo(HexFormat.of().formatHex(roots, 32 * u, 32 * u + 32));
    }
  }
}
