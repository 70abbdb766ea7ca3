package io.cairn.compute.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.BlockStores;
import io.cairn.storage.unixfs.ImportOptions;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Preparing a module (parse, metering, compilation) is bounded by the node's heap. */
class CompileBudgetTest {
  private static final byte[] SEED = "seed".getBytes(StandardCharsets.UTF_8);

  @TempDir Path scratch;

  /**
   * A valid module whose code section would take more than the node allows (a quarter of this JVM's
   * heap) is refused before it is parsed. Without the bound it was parsed and compiled: about 200
   * bytes of heap per byte of code, before fuel metering starts and whatever the job's limits, so a
   * module of 15 MB ran a 1 GiB heap out of memory.
   */
  @Test
  void aModuleTooLargeToCompileWithinTheNodesHeapIsRefusedBeforeItIsParsed() {
    long budget = Runtime.getRuntime().maxMemory() / 4;
    int functions = (int) (budget / CompileBudget.HEAP_PER_CODE_BYTE / 30_000) + 1;
    byte[] module = module(functions, 10_000);
    long code = CompileBudget.codeSectionBytes(module);
    assertThat(code * CompileBudget.HEAP_PER_CODE_BYTE).isGreaterThan(budget);

    WasmOutcome outcome =
        new WasmRunner(BlockStores.memory(), ImportOptions.defaults(), scratch)
            .run(WasmJob.command(module, Map.of(), SEED).withArgs(List.of("main")));

    assertThat(outcome.status().toString())
        .startsWith(
            "host-error: the module's code section has "
                + code
                + " bytes; compiling it would take about ")
        .endsWith("bytes of the node's heap, and this node allows " + budget);
    assertThat(outcome.peakMemoryBytes()).isEmpty();
  }

  @Test
  void theEstimateReadsTheCodeSectionFromTheHeadersAlone() {
    byte[] module = module(3, 100);
    // each body: its size (2 bytes), no locals, 100 x (i32.const 1; drop), end: 304 bytes
    assertThat(CompileBudget.codeSectionBytes(module)).isEqualTo(1 + 3 * 304);
    assertThat(CompileBudget.estimate(module))
        .isEqualTo(913 * CompileBudget.HEAP_PER_CODE_BYTE + 3L * module.length);
    assertThat(CompileBudget.codeSectionBytes(WasmFixtures.bytes("hello"))).isPositive();
    // Cut anywhere, the headers are read as far as they go and nothing is thrown.
    for (int cut = 0; cut < module.length; cut += 7) {
      assertThat(CompileBudget.codeSectionBytes(Arrays.copyOf(module, cut))).isBetween(0L, 913L);
    }
    byte[] endless = {0, 'a', 's', 'm', 1, 0, 0, 0, 10, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
    assertThat(CompileBudget.codeSectionBytes(endless)).isZero();
  }

  @Test
  void modulesPreparedAtOnceNeverReserveMoreThanTheBudget() throws Exception {
    CompileBudget budget = new CompileBudget(1 << 20);
    assertThat(budget.refusal(new byte[0], (1 << 20) + 1)).isPresent();
    assertThat(budget.refusal(new byte[0], 1 << 20)).isEmpty();
    budget.reserve(768 << 10);
    CompletableFuture<Void> second =
        CompletableFuture.runAsync(
            () -> {
              try {
                budget.reserve(512 << 10);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
              budget.release(512 << 10);
            });
    Thread.sleep(300);
    assertThat(second).isNotDone();
    budget.release(768 << 10);
    second.get(30, TimeUnit.SECONDS);
  }

  /**
   * A module of {@code functions} functions {@code () -> ()}, the first exported as {@code _start},
   * each {@code ops} times {@code i32.const 1; drop}.
   */
  static byte[] module(int functions, int ops) {
    ByteArrayOutputStream m = new ByteArrayOutputStream();
    m.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
    section(m, 1, new byte[] {1, 0x60, 0, 0});
    ByteArrayOutputStream f = new ByteArrayOutputStream();
    leb(f, functions);
    f.writeBytes(new byte[functions]);
    section(m, 3, f.toByteArray());
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    e.writeBytes(new byte[] {1, 6});
    e.writeBytes("_start".getBytes(StandardCharsets.US_ASCII));
    e.writeBytes(new byte[] {0, 0});
    section(m, 7, e.toByteArray());
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(0); // no locals
    for (int i = 0; i < ops; i++) {
      body.writeBytes(new byte[] {0x41, 1, 0x1a});
    }
    body.write(0x0b);
    byte[] b = body.toByteArray();
    ByteArrayOutputStream c = new ByteArrayOutputStream();
    leb(c, functions);
    for (int i = 0; i < functions; i++) {
      leb(c, b.length);
      c.writeBytes(b);
    }
    section(m, 10, c.toByteArray());
    return m.toByteArray();
  }

  static void section(ByteArrayOutputStream m, int id, byte[] body) {
    m.write(id);
    leb(m, body.length);
    m.writeBytes(body);
  }

  static void leb(ByteArrayOutputStream out, long value) {
    long v = value;
    do {
      int b = (int) (v & 0x7F);
      v >>>= 7;
      out.write(v == 0 ? b : b | 0x80);
    } while (v != 0);
  }
}
