package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.compute.Receipt;
import io.cairn.compute.SignedReceipt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/**
 * {@code cairn job}: WASM jobs run by the node's queue, their logs and outputs, and receipts that
 * verify (and a changed one that does not).
 */
@BothModes
class JobCommandTest {
  @Parameter Cli.Mode mode;

  @TempDir Path tmp;
  Cli cli;

  @BeforeEach
  void init() {
    cli = Cli.init(tmp.resolve("repo"), mode);
  }

  private Path fixture(String name) {
    Path file = tmp.resolve(name + ".wasm");
    try (InputStream in = JobCommandTest.class.getResourceAsStream("/wasm/" + name + ".wasm")) {
      Files.write(file, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  private JsonNode runWaiting(String... args) {
    String[] line = new String[args.length + 4];
    line[0] = "--enc=json";
    line[1] = "job";
    line[2] = "run";
    line[3] = "--wait";
    System.arraycopy(args, 0, line, 4, args.length);
    return cli.ok(line).json();
  }

  @Test
  void helloWorldRunsToDoneAndItsStdoutIsTheLog() {
    JsonNode job = runWaiting("--wasm", fixture("hello").toString());
    assertThat(job.path("State").asText()).isEqualTo("done");
    assertThat(job.path("Status").asText()).isEqualTo("done");
    String id = job.path("Id").asText();
    assertThat(cli.ok("job", "logs", id).out()).isEqualTo("hello\n");
    assertThat(cli.ok("job", "status", id).out())
        .contains("State:   done")
        .contains("Memory:  65536 bytes (peak)")
        .containsPattern("Energy:  (\\d+ mJ|not measured)\n");
    assertThat(cli.ok("job", "result", id).out()).contains("PeakMemoryBytes: 65536");
    assertThat(cli.ok("job", "ls").out()).contains(id + " done wasm");
  }

  @Test
  void outputsOfAJobWithAnInputAreSavedByGetAndItsReceiptVerifies() throws Exception {
    Path data = Files.writeString(tmp.resolve("data.txt"), "0123456789");
    String input = cli.ok("add", "-q", data.toString()).out().strip();
    JsonNode job =
        runWaiting("--wasm", fixture("copy").toString(), "--input", "in=" + input, "--arg", "3");
    assertThat(job.path("State").asText()).isEqualTo("done");
    String id = job.path("Id").asText();

    Path out = tmp.resolve("out");
    cli.ok("job", "get", id, "-o", out.toString());
    assertThat(Files.readString(out.resolve("out"))).isEqualTo("3456789");

    String receipt = job.path("Receipt").asText();
    assertThat(receipt).startsWith("bafy");
    assertThat(cli.ok("job", "verify", receipt).out())
        .contains("Signatures: valid")
        .contains("receipt verified");

    // The same receipt with another time: its signatures no longer cover it.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    assertThat(cli.runInto(bytes, new byte[0], "block", "get", receipt).exit()).isZero();
    SignedReceipt signed = SignedReceipt.fromDagCbor(bytes.toByteArray());
    Receipt r = signed.receipt();
    // What the receipt signs includes the job's peak memory (copy.wasm declares two pages).
    assertThat(r.result().peakMemoryBytes()).hasValue(2 * 65536);
    SignedReceipt tampered =
        new SignedReceipt(
            new Receipt(r.spec(), r.result(), r.peerId(), r.time().plusSeconds(1)),
            signed.ed25519Key(),
            signed.ed25519Signature(),
            signed.mlDsaKey(),
            signed.mlDsaSignature());
    Path file = Files.write(tmp.resolve("tampered.cbor"), tampered.toDagCbor());
    String bad = cli.ok("block", "put", "--cid-codec", "dag-cbor", file.toString()).out().strip();
    assertThat(bad).isEqualTo(tampered.cid().toString());
    assertThat(cli.fails("job", "verify", bad))
        .isEqualTo(
            "receipt " + bad + " does not verify: receipt's Ed25519 signature does not verify");
  }

  @Test
  void anInfiniteLoopTimesOutWhileTheNodeKeepsServing() {
    Run run =
        cli.run("job", "run", "--wait", "--wasm", fixture("loop").toString(), "--timeout", "2s");
    assertThat(run.error()).isEqualTo("job 1 ended timeout");
    assertThat(run.out()).contains("Status:  timeout");
    assertThat(cli.ok("id").out()).contains("ID");
  }

  @Test
  void aJobWithoutWaitIsQueuedAndCanBeCancelled() throws Exception {
    String module = cli.ok("add", "-q", fixture("loop").toString()).out().strip();
    JsonNode job = cli.ok("--enc=json", "job", "run", "--wasm", module).json();
    assertThat(job.path("State").asText()).isIn("queued", "running");
    if (mode == Cli.Mode.DAEMON) {
      String id = job.path("Id").asText();
      // The daemon answers other requests while the job loops.
      assertThat(cli.ok("id").out()).contains("ID");
      cli.ok("job", "cancel", id);
      String state = "running";
      while (state.equals("running") || state.equals("queued")) {
        Thread.sleep(50);
        state = cli.ok("--enc=json", "job", "status", id).json().path("State").asText();
      }
      assertThat(state).isEqualTo("cancelled");
    }
  }

  @Test
  void aBadModuleCidIsRefusedByName() {
    assertThat(cli.fails("job", "run", "--wasm", "not-a-cid"))
        .startsWith("'not-a-cid' is not a CID");
    assertThat(cli.fails("job", "status", "42")).isEqualTo("no job 42 here");
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
