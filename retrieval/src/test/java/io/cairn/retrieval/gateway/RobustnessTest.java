package io.cairn.retrieval.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.retrieval.GatewayListener;
import io.cairn.retrieval.GatewayOptions;
import io.cairn.retrieval.GatewayServer;
import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.spi.ForwardingBlockStore;
import io.cairn.storage.testing.TestData;
import io.cairn.storage.unixfs.ImportListener;
import io.cairn.storage.unixfs.ImportOptions;
import io.cairn.storage.unixfs.UnixFsImporter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Abuse a real server: malformed traffic, slow and idle clients, limits, the port in use. */
class RobustnessTest {
  private static final GatewayOptions.Limits TIGHT =
      GatewayOptions.Limits.defaults()
          .withMaxHeaderSize(4096)
          .withMaxUrlLength(2048)
          .withTimeouts(Duration.ofMillis(800), Duration.ofSeconds(3));

  /** Sends bytes, reads until the server closes or 5 s pass; returns what came back. */
  private static String exchange(int port, byte[] request) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      try {
        out.write(request);
        out.flush();
      } catch (SocketException e) {
        return ""; // closed on us while writing: a refusal too
      }
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return "";
    }
  }

  @Test
  void aBurstOfMalformedRequestsLeavesTheServerServing() throws Exception {
    BlockStore store = BlockStores.memory();
    TestContent c = new TestContent(store);
    try (TestServer s =
        new TestServer(GatewayOptions.defaults().withLimits(TIGHT), store, GatewayListener.NONE)) {
      Random random = new Random(42);
      List<byte[]> bad = new ArrayList<>();
      bad.add("GARBAGE\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      bad.add("GET\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      bad.add(
          ("GET /ipfs/" + "x".repeat(10_000) + " HTTP/1.1\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      bad.add(
          ("GET / HTTP/1.1\r\nX: " + "y".repeat(100_000) + "\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      bad.add(
          "GET /ipfs/QmNotACid HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.ISO_8859_1));
      bad.add(
          "GET /ipfs/bafy%%%/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.ISO_8859_1));
      bad.add(
          "GET /ipfs/x HTTP/1.1\r\nContent-Length: -5\r\n\r\n"
              .getBytes(StandardCharsets.ISO_8859_1));
      bad.add(
          "GET /ipfs/x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"
              .getBytes(StandardCharsets.ISO_8859_1));
      for (int i = 0; i < 10; i++) {
        byte[] garbage = new byte[1 + random.nextInt(20_000)];
        random.nextBytes(garbage);
        bad.add(garbage);
      }
      ExecutorService pool = Executors.newFixedThreadPool(32);
      List<Future<String>> answers = new ArrayList<>();
      for (int round = 0; round < 20; round++) {
        for (byte[] b : bad) {
          answers.add(pool.submit(() -> exchange(s.port(), b)));
        }
      }
      int errors = 0;
      for (Future<String> f : answers) {
        String answer = f.get(30, TimeUnit.SECONDS);
        assertThat(answer).doesNotStartWith("HTTP/1.1 5");
        if (answer.startsWith("HTTP/1.1 4")) {
          errors++;
        }
      }
      pool.shutdown();
      assertThat(errors).isGreaterThan(answers.size() / 3);
      assertThat(exchange(s.port(), bad.get(2))).startsWith("HTTP/1.1 414");
      assertThat(exchange(s.port(), bad.get(3))).startsWith("HTTP/1.1 431");
      assertThat(exchange(s.port(), bad.get(4))).startsWith("HTTP/1.1 400");
      for (int i = 0; i < 20; i++) {
        assertThat(s.get("/ipfs/" + c.files + "/hello.txt").body()).isEqualTo(TestContent.HELLO);
      }
    }
  }

  @Test
  void manyPipelinedRequestsOnOneConnectionAreAllAnsweredInOrder() throws Exception {
    BlockStore store = BlockStores.memory();
    TestContent c = new TestContent(store);
    try (TestServer s =
        new TestServer(GatewayOptions.defaults().withLimits(TIGHT), store, GatewayListener.NONE)) {
      for (int n : new int[] {17, 18, 40, 200}) {
        String one = "GET /ipfs/" + c.files + "/hello.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        String last =
            "GET /ipfs/" + c.files + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
        String out =
            exchange(s.port(), (one.repeat(n - 1) + last).getBytes(StandardCharsets.ISO_8859_1));
        List<String> statuses = new ArrayList<>();
        java.util.regex.Matcher m =
            java.util.regex.Pattern.compile("HTTP/1\\.1 (\\d{3})").matcher(out);
        while (m.find()) {
          statuses.add(m.group(1));
        }
        assertThat(statuses).as("%d pipelined requests", n).hasSize(n);
        assertThat(statuses.subList(0, n - 1)).containsOnly("200");
        assertThat(statuses.get(n - 1)).isEqualTo("301");
      }
    }
  }

  @Test
  void slowAndIdleClientsAreClosedWhileOthersAreServed() throws Exception {
    BlockStore store = BlockStores.memory();
    TestContent c = new TestContent(store);
    try (TestServer s =
        new TestServer(GatewayOptions.defaults().withLimits(TIGHT), store, GatewayListener.NONE)) {
      List<Socket> slow = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        Socket sock = new Socket("127.0.0.1", s.port());
        sock.setSoTimeout(5000);
        slow.add(sock);
        if (i % 2 == 0) {
          sock.getOutputStream().write("GET /ipfs/".getBytes(StandardCharsets.ISO_8859_1));
        }
      }
      long start = System.nanoTime();
      byte[] trickle = "Q".getBytes(StandardCharsets.ISO_8859_1);
      AtomicInteger closed = new AtomicInteger();
      for (int tick = 0; tick < 20 && closed.get() < slow.size(); tick++) {
        for (Socket sock : slow) {
          if (!sock.isClosed()) {
            try {
              sock.getOutputStream().write(trickle);
            } catch (IOException e) {
              closed.incrementAndGet();
              sock.close();
            }
          }
        }
        assertThat(s.get("/ipfs/" + c.files + "/hello.txt").statusCode()).isEqualTo(200);
        Thread.sleep(100);
      }
      for (Socket sock : slow) {
        if (!sock.isClosed()) {
          assertThat(read(sock.getInputStream())).isEqualTo(-1);
          sock.close();
        }
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
      assertThat(s.get("/ipfs/" + c.files + "/hello.txt").statusCode()).isEqualTo(200);
    }
  }

  private static int read(InputStream in) {
    try {
      return in.read();
    } catch (IOException e) {
      return -1;
    }
  }

  @Test
  void connectionsOverThePerClientLimitAreRefused() throws Exception {
    BlockStore store = BlockStores.memory();
    TestContent c = new TestContent(store);
    GatewayOptions.Limits limits = GatewayOptions.Limits.defaults().withMaxConnections(100, 4);
    try (TestServer s =
        new TestServer(GatewayOptions.defaults().withLimits(limits), store, GatewayListener.NONE)) {
      List<Socket> held = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        held.add(new Socket("127.0.0.1", s.port()));
      }
      Thread.sleep(200);
      try (Socket extra = new Socket("127.0.0.1", s.port())) {
        extra.setSoTimeout(3000);
        assertThat(read(extra.getInputStream())).isEqualTo(-1);
      }
      for (Socket h : held) {
        h.close();
      }
      Thread.sleep(200);
      assertThat(s.get("/ipfs/" + c.files + "/hello.txt").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aSlowReaderHoldsBackTheFileInsteadOfBufferingIt() throws Exception {
    AtomicInteger fetched = new AtomicInteger();
    BlockStore backing = BlockStores.memory();
    long size = 48L << 20;
    Cid file =
        new UnixFsImporter(
                backing, ImportOptions.defaults().withCidVersion(1).withChunker("size-262144"))
            .importStream("big", TestData.stream(3, size), ImportListener.NONE)
            .cid();
    ForwardingBlockStore counting =
        new ForwardingBlockStore(backing) {
          @Override
          public Optional<byte[]> get(Cid cid) {
            fetched.incrementAndGet();
            return super.get(cid);
          }
        };
    try (TestServer s = new TestServer(GatewayOptions.defaults(), counting, GatewayListener.NONE);
        Socket sock = new Socket()) {
      sock.connect(new InetSocketAddress("127.0.0.1", s.port()));
      sock.getOutputStream()
          .write(
              ("GET /ipfs/" + file + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = sock.getInputStream();
      byte[] head = new byte[4096];
      int first = in.read(head);
      assertThat(first).isPositive();
      Thread.sleep(1500);
      int whileStalled = fetched.get();
      // 192 leaves of 256 KiB: what a stalled client has pulled through must stay far below that.
      assertThat(whileStalled).isLessThan(100);
      long total = first;
      byte[] buf = new byte[1 << 20];
      int n;
      sock.setSoTimeout(30_000);
      while ((n = in.read(buf)) > 0) {
        total += n;
      }
      String headers = new String(head, 0, first, StandardCharsets.ISO_8859_1);
      assertThat(total - headers.indexOf("\r\n\r\n") - 4).isEqualTo(size);
    }
  }

  @Test
  void startReportsAPortInUseAndLifecycleCallsAreIdempotent() {
    BlockStore store = BlockStores.memory();
    try (TestServer s = new TestServer(store)) {
      InetSocketAddress taken = s.server.boundAddress();
      GatewayServer second =
          new GatewayServer(GatewayOptions.defaults(taken), store, GatewayListener.NONE);
      assertThatThrownBy(second::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("gateway address 127.0.0.1:" + taken.getPort() + " is already in use");
      second.stop();
      s.server.start();
      assertThat(s.server.boundAddress()).isEqualTo(taken);
      assertThat(s.server.name()).isEqualTo("gateway");
      s.server.stop();
      s.server.stop();
      assertThatThrownBy(s.server::boundAddress).isInstanceOf(IllegalStateException.class);
      s.server.start();
      assertThat(s.get("/ipfs/bafkqaaa").statusCode()).isEqualTo(200);
    }
  }
}
