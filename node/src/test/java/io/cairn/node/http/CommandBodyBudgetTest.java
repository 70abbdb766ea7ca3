package io.cairn.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiCommands;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.BodyPart;
import io.cairn.node.api.NodeHandle;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Request bodies stream to RPC commands, each connection reading ahead of its command up to {@link
 * BodyStream#HIGH_WATER}; all connections together read ahead only as far as the budget they share,
 * so that many slow uploads at once do not each hold {@code HIGH_WATER}, while one upload alone
 * still reads ahead as far as before and an upload that comes when the budget is spent is slowed,
 * not refused.
 */
class CommandBodyBudgetTest {
  private static final int MIB = 1 << 20;
  private static final String BOUNDARY = "cairnboundary";

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final CountDownLatch release = new CountDownLatch(1);
  private ApiServer server;

  /** Counts the bytes of its upload's parts; {@code slow} waits for the test before it reads. */
  private final class Count implements ApiCommand {
    private final String path;
    private final boolean slow;

    Count(String path, boolean slow) {
      this.path = path;
      this.slow = slow;
    }

    @Override
    public String path() {
      return path;
    }

    @Override
    public void run(ApiRequest req, ApiResponse res, NodeHandle node) throws Exception {
      if (slow && !release.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test did not let the command read");
      }
      long bytes = 0;
      for (Iterator<BodyPart> parts = req.requiredBody("file"); parts.hasNext(); ) {
        try (InputStream in = parts.next().content().open()) {
          bytes += in.transferTo(OutputStream.nullOutputStream());
        }
      }
      res.emitOnce(Map.of("Bytes", bytes));
    }
  }

  @AfterEach
  void stop() {
    release.countDown();
    if (server != null) {
      server.stop();
    }
  }

  private void start(long commandBodyBudget) {
    server =
        new ApiServer(
            new ApiServerOptions(new InetSocketAddress("127.0.0.1", 0), Map.of(), Map.of()),
            new ApiCommands(List.of(new Count("slow", true), new Count("fast", false))),
            null,
            List.of(),
            RequestListener.NONE,
            RouteBodies.DEFAULT_TOTAL,
            commandBodyBudget);
    server.start();
  }

  /** Uploads one file (chunked, as a client that streams a file sends it). */
  private CompletableFuture<HttpResponse<String>> upload(String command, byte[] content) {
    byte[] head =
        ("--"
                + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] tail = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    List<byte[]> pieces = new ArrayList<>();
    pieces.add(head);
    for (int off = 0; off < content.length; off += 64 * 1024) {
      pieces.add(Arrays.copyOfRange(content, off, Math.min(content.length, off + 64 * 1024)));
    }
    pieces.add(tail);
    HttpRequest req =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:" + server.boundAddress().getPort() + "/api/v0/" + command))
            .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
            .POST(HttpRequest.BodyPublishers.ofByteArrays(pieces))
            .build();
    return http.sendAsync(req, HttpResponse.BodyHandlers.ofString());
  }

  /** The most the bodies held, once it has not grown for a second (10 s at most). */
  private long settledPeak() throws InterruptedException {
    long peak = 0;
    long grewAt = System.nanoTime();
    long deadline = grewAt + 10_000_000_000L;
    while (System.nanoTime() - grewAt < 1_000_000_000L && System.nanoTime() < deadline) {
      long held = server.commandBodyBytes();
      if (held > peak) {
        peak = held;
        grewAt = System.nanoTime();
      }
      Thread.sleep(10);
    }
    return peak;
  }

  @Test
  void manySlowUploadsHoldTheSharedBudgetNotHighWaterEach() throws Exception {
    long budget = 4L * MIB;
    start(budget);
    int uploads = 12;
    byte[] content = new byte[6 * MIB];
    List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
    for (int i = 0; i < uploads; i++) {
      slow.add(upload("slow", content));
    }
    long peak = settledPeak();
    // Past the budget each connection holds its floor and what one socket read brought.
    assertThat(peak)
        .as("bytes of command bodies held by %d uploads", uploads)
        .isGreaterThanOrEqualTo(budget)
        .isLessThanOrEqualTo(budget + uploads * (BodyStream.FLOOR + 64 * 1024));

    // With the budget spent, another upload is slowed to what its command takes, not refused.
    HttpResponse<String> fast = upload("fast", new byte[8 * MIB]).get(60, TimeUnit.SECONDS);
    assertThat(fast.statusCode()).isEqualTo(200);
    assertThat(fast.body()).contains("\"Bytes\":" + 8 * MIB);

    release.countDown();
    for (CompletableFuture<HttpResponse<String>> f : slow) {
      HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"Bytes\":" + content.length);
    }
    assertThat(server.commandBodyBytes()).isZero();
  }

  @Test
  void oneUploadAloneReadsAheadToHighWater() throws Exception {
    start(CommandBodies.DEFAULT_TOTAL);
    CompletableFuture<HttpResponse<String>> f = upload("slow", new byte[8 * MIB]);
    long peak = settledPeak();
    assertThat(peak)
        .isGreaterThan(BodyStream.HIGH_WATER)
        .isLessThanOrEqualTo(BodyStream.HIGH_WATER + 64 * 1024);
    release.countDown();
    assertThat(f.get(60, TimeUnit.SECONDS).body()).contains("\"Bytes\":" + 8 * MIB);
    assertThat(server.commandBodyBytes()).isZero();
  }
}
