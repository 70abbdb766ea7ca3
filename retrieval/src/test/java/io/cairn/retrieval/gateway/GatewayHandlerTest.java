package io.cairn.retrieval.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.retrieval.GatewayListener;
import io.cairn.retrieval.GatewayOptions;
import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The connection handlers, driven through Netty's EmbeddedChannel. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayHandlerTest {
  private final BlockStore store = BlockStores.memory();
  private TestContent c;
  private Gateway gateway;

  @BeforeAll
  void content() {
    c = new TestContent(store);
    gateway = new Gateway(GatewayOptions.defaults(), store, io.cairn.retrieval.NameResolver.NONE);
  }

  private EmbeddedChannel channel(int permits) {
    HttpDecoderConfig config =
        new HttpDecoderConfig().setMaxInitialLineLength(512).setMaxHeaderSize(2048);
    return new EmbeddedChannel(
        new HttpServerCodec(config, GatewayInitializer.PIPELINE_DEPTH),
        new RequestDeadline(Duration.ofSeconds(5)),
        new KeepAlive(),
        new GatewayHandler(
            gateway, Runnable::run, new Semaphore(permits), GatewayListener.NONE, 1_000_000_000L));
  }

  private static void send(EmbeddedChannel ch, String bytes) {
    ch.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
    ch.runPendingTasks();
  }

  /** Everything written so far, as text. */
  private static String output(EmbeddedChannel ch) {
    StringBuilder b = new StringBuilder();
    Object o;
    while ((o = ch.readOutbound()) != null) {
      ByteBuf buf = (ByteBuf) o;
      b.append(buf.toString(StandardCharsets.ISO_8859_1));
      buf.release();
    }
    return b.toString();
  }

  private static List<String> statusLines(String out) {
    List<String> lines = new ArrayList<>();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("HTTP/1\\.1 \\d{3} [^\r]*").matcher(out);
    while (m.find()) {
      lines.add(m.group());
    }
    return lines;
  }

  private String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  }

  @Test
  void answersARequestFromAWorker() {
    EmbeddedChannel ch = channel(4);
    send(ch, get("/ipfs/" + c.files + "/hello.txt"));
    String out = output(ch);
    assertThat(statusLines(out)).containsExactly("HTTP/1.1 200 OK");
    assertThat(out).endsWith("\r\n\r\nhello world\n");
    assertThat(ch.isOpen()).isTrue();
  }

  @Test
  void aNotModifiedAnswerKeepsTheConnectionOpen() {
    EmbeddedChannel ch = channel(4);
    String etag = "\"" + c.resolve(c.files, "hello.txt") + "\"";
    send(
        ch,
        "GET /ipfs/"
            + c.files
            + "/hello.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nIf-None-Match: "
            + etag
            + "\r\n\r\n");
    String first = output(ch);
    assertThat(statusLines(first)).containsExactly("HTTP/1.1 304 Not Modified");
    assertThat(first.toLowerCase(java.util.Locale.ROOT)).doesNotContain("connection: close");
    assertThat(ch.isOpen()).isTrue();
    send(ch, get("/ipfs/" + c.files + "/hello.txt"));
    String second = output(ch);
    assertThat(statusLines(second)).containsExactly("HTTP/1.1 200 OK");
    assertThat(second).endsWith("\r\n\r\nhello world\n");
  }

  @Test
  void answersPipelinedRequestsInOrder() {
    EmbeddedChannel ch = channel(4);
    send(
        ch,
        get("/ipfs/" + c.files + "/hello.txt")
            + get("/ipfs/QmBad")
            + get("/ipfs/" + c.files + "/sub"));
    ch.runPendingTasks();
    assertThat(statusLines(output(ch)))
        .containsExactly(
            "HTTP/1.1 200 OK", "HTTP/1.1 400 Bad Request", "HTTP/1.1 301 Moved Permanently");
  }

  @Test
  void answersManyPipelinedRequestsInOrder() {
    EmbeddedChannel ch = channel(4);
    int n = 3 * GatewayHandler.MAX_PIPELINED;
    send(ch, get("/ipfs/" + c.files + "/hello.txt").repeat(n));
    for (int i = 0; i < n; i++) {
      ch.runPendingTasks();
    }
    assertThat(statusLines(output(ch))).hasSize(n).containsOnly("HTTP/1.1 200 OK");
    assertThat(ch.isOpen()).isTrue();
    assertThat(ch.config().isAutoRead()).isTrue();
  }

  @Test
  void refusesPipelinedRequestsBeyondTheQueueWithAStatusInTheirTurn() {
    EmbeddedChannel ch = channel(4);
    send(ch, get("/ipfs/" + c.files + "/hello.txt").repeat(GatewayHandler.MAX_QUEUED + 10));
    for (int i = 0; i <= GatewayHandler.MAX_QUEUED + 1; i++) {
      ch.runPendingTasks();
    }
    List<String> statuses = statusLines(output(ch));
    assertThat(statuses).hasSize(GatewayHandler.MAX_QUEUED + 2);
    assertThat(statuses.subList(0, GatewayHandler.MAX_QUEUED + 1)).containsOnly("HTTP/1.1 200 OK");
    assertThat(statuses.get(GatewayHandler.MAX_QUEUED + 1))
        .isEqualTo("HTTP/1.1 429 Too Many Requests");
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void aMalformedRequestPipelinedBehindOthersIsRefusedInItsTurn() {
    EmbeddedChannel ch = channel(4);
    send(ch, get("/ipfs/" + c.files + "/hello.txt").repeat(2) + "GARBAGE\r\n\r\n");
    for (int i = 0; i < 3; i++) {
      ch.runPendingTasks();
    }
    assertThat(statusLines(output(ch)))
        .containsExactly("HTTP/1.1 200 OK", "HTTP/1.1 200 OK", "HTTP/1.1 400 Bad Request");
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void streamsLargeBodiesInChunks() {
    EmbeddedChannel ch = channel(4);
    send(ch, get("/ipfs/" + c.files + "/big.bin"));
    String out = output(ch);
    assertThat(out).contains("content-length: " + TestContent.BIG.length);
    byte[] body = out.substring(out.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.ISO_8859_1);
    assertThat(body).isEqualTo(TestContent.BIG);
  }

  @Test
  void malformedRequestsGet400AndTheConnectionCloses() {
    for (String garbage :
        List.of(
            "GARBAGE\r\n\r\n",
            "GET\r\n\r\n",
            "\u0001\u0002\u00ff\u00fe binary \u0000\r\n\r\n",
            "GET /x HTTP/1.1\r\nBad Header Line\r\n\r\n")) {
      EmbeddedChannel ch = channel(4);
      send(ch, garbage);
      String out = output(ch);
      assertThat(statusLines(out)).as(garbage).containsExactly("HTTP/1.1 400 Bad Request");
      assertThat(ch.isOpen()).as(garbage).isFalse();
    }
  }

  @Test
  void otherHttpVersionsGet505() {
    EmbeddedChannel ch = channel(4);
    send(ch, "GET /x HTTP/9.9\r\nHost: x\r\n\r\n");
    assertThat(statusLines(output(ch))).containsExactly("HTTP/1.1 505 HTTP Version Not Supported");
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void oversizedHeadersGet431() {
    EmbeddedChannel ch = channel(4);
    send(ch, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(4000) + "\r\n\r\n");
    assertThat(statusLines(output(ch)))
        .containsExactly("HTTP/1.1 431 Request Header Fields Too Large");
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void overlongRequestLinesGet414() {
    EmbeddedChannel ch = channel(4);
    send(ch, "GET /ipfs/" + "a".repeat(1000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(statusLines(output(ch))).containsExactly("HTTP/1.1 414 Request-URI Too Long");
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void tooManyRequestsInProgressGet429() {
    EmbeddedChannel ch = channel(0);
    send(ch, get("/ipfs/" + c.files + "/hello.txt"));
    String out = output(ch);
    assertThat(statusLines(out)).containsExactly("HTTP/1.1 429 Too Many Requests");
    assertThat(out).containsIgnoringCase("retry-after: 1");
  }

  @Test
  void requestsWithBodiesAreAnsweredThenTheConnectionCloses() {
    EmbeddedChannel ch = channel(4);
    send(ch, "POST /ipfs/x HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
    String out = output(ch);
    assertThat(statusLines(out)).containsExactly("HTTP/1.1 405 Method Not Allowed");
    assertThat(out).containsIgnoringCase("allow: GET, HEAD, OPTIONS");
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void clientsThatDoNotFinishTheirRequestAreClosed() {
    EmbeddedChannel ch = channel(4);
    send(ch, "GET /ipfs/" + c.files + " HTTP/1.1\r\nHost: x\r\nX-Slow: ");
    ch.advanceTimeBy(4, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertThat(ch.isOpen()).isTrue();
    ch.advanceTimeBy(2, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void keepAliveConnectionsGetTheTimeoutAfterEachResponse() {
    EmbeddedChannel ch = channel(4);
    ch.advanceTimeBy(4, TimeUnit.SECONDS);
    send(ch, get("/ipfs/" + c.files + "/hello.txt"));
    assertThat(statusLines(output(ch))).hasSize(1);
    ch.advanceTimeBy(4, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertThat(ch.isOpen()).isTrue();
    ch.advanceTimeBy(2, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void idleConnectionsAreClosed() {
    EmbeddedChannel ch = new EmbeddedChannel(new IdleCloser(Duration.ofSeconds(3)));
    ch.advanceTimeBy(2, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertThat(ch.isOpen()).isTrue();
    ch.advanceTimeBy(2, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void connectionsOverTheLimitAreClosedOnArrival() {
    ConnectionLimiter limiter = new ConnectionLimiter(10, 2);
    EmbeddedChannel a = new EmbeddedChannel(limiter);
    EmbeddedChannel b = new EmbeddedChannel(limiter);
    EmbeddedChannel third = new EmbeddedChannel(limiter);
    assertThat(a.isOpen()).isTrue();
    assertThat(b.isOpen()).isTrue();
    assertThat(third.isOpen()).isFalse();
    assertThat(limiter.open()).isEqualTo(2);
    a.close();
    EmbeddedChannel fourth = new EmbeddedChannel(limiter);
    assertThat(fourth.isOpen()).isTrue();
    assertThat(limiter.open()).isEqualTo(2);
  }
}
