package io.cairn.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.node.api.ApiCommands;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The API port's deadlines, on the same rule as the gateway's: a request head must arrive whole
 * within the request timeout of the connection opening or of the previous reply ending.
 */
class ApiTimeoutsTest {
  private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

  @AfterEach
  void stop() {
    workers.shutdownNow();
  }

  private EmbeddedChannel channel() {
    ApiServerOptions options =
        new ApiServerOptions(new InetSocketAddress("127.0.0.1", 5001), Map.of(), Map.of())
            .withTimeouts(Duration.ofSeconds(5), Duration.ofMinutes(10));
    return new EmbeddedChannel(
        new ApiInitializer(
            options,
            port ->
                new ApiChannelHandler(
                    options,
                    new ApiCommands(List.of()),
                    null,
                    List.of(),
                    workers,
                    RequestListener.NONE,
                    new RouteBodies(RouteBodies.DEFAULT_TOTAL),
                    new CommandBodies(CommandBodies.DEFAULT_TOTAL),
                    port)));
  }

  private static void send(EmbeddedChannel ch, String text) {
    ch.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
    ch.runPendingTasks();
  }

  private static void wait(EmbeddedChannel ch, int seconds) {
    ch.advanceTimeBy(seconds, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
  }

  private static String output(EmbeddedChannel ch) {
    StringBuilder b = new StringBuilder();
    for (Object o = ch.readOutbound(); o != null; o = ch.readOutbound()) {
      b.append(((ByteBuf) o).toString(StandardCharsets.ISO_8859_1));
      ((ByteBuf) o).release();
    }
    return b.toString();
  }

  @Test
  void aHeadTrickledOneLineEveryTwoSecondsIsCutOff() {
    EmbeddedChannel ch = channel();
    send(ch, "POST /api/v0/version HTTP/1.1\r\nHost: 127.0.0.1:5001\r\n");
    int lines = 0;
    while (ch.isOpen() && lines < 30) {
      wait(ch, 2);
      if (ch.isOpen()) {
        send(ch, "X-Slow-" + lines++ + ": y\r\n");
      }
    }
    assertThat(ch.isOpen()).isFalse();
    assertThat(lines).isEqualTo(2);
  }

  @Test
  void anIdleKeptAliveConnectionIsClosedAfterTheRequestTimeout() {
    EmbeddedChannel ch = channel();
    wait(ch, 4);
    send(ch, "GET /nothing HTTP/1.1\r\nHost: 127.0.0.1:5001\r\n\r\n");
    assertThat(output(ch)).startsWith("HTTP/1.1 404 Not Found");
    wait(ch, 4);
    assertThat(ch.isOpen()).isTrue();
    wait(ch, 2);
    assertThat(ch.isOpen()).isFalse();
  }
}
