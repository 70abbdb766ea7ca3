package io.cairn.chain;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Following the markets' events through an RPC endpoint that limits eth_getLogs' block range, or
 * fails.
 */
@Tag("chain")
class EventFollowerIT {
  /** The widest range the endpoint answers, as public providers limit it. */
  private static final long LIMIT = 8;

  private static final Pattern FROM = Pattern.compile("\"fromBlock\":\"(0x[0-9a-f]+)\"");
  private static final Pattern TO = Pattern.compile("\"toBlock\":\"(0x[0-9a-f]+)\"");

  /** One eth_getLogs request the endpoint saw. */
  private record Query(long from, long to, boolean refused) {
    long width() {
      return to - from + 1;
    }
  }

  /**
   * Ranges the endpoint refuses are halved until it answers, so events beyond them arrive (the same
   * too-wide range was retried forever); after a run of answers the range grows again, and the
   * blocks answered follow one another with none skipped or scanned twice.
   */
  @Test
  void aRefusedRangeIsHalvedUntilTheEndpointAnswersAndGrowsBackAfterwards() throws Exception {
    try (DevChain chain = new DevChain(MarketParams.dev())) {
      long early =
          chain.provider.registerProvider(DevChain.offer("12D3KooWEarly"), DevChain.ETHER).block();
      chain.anvil.mine(300);
      long late =
          chain.client.registerProvider(DevChain.offer("12D3KooWLate"), DevChain.ETHER).block();

      List<Query> queries = new CopyOnWriteArrayList<>();
      List<ChainEvent> events = new CopyOnWriteArrayList<>();
      try (RpcProxy proxy = limitingProxy(chain.rpc(), queries);
          ChainClient watcher = chain.connect(3, proxy.uri())) {
        AutoCloseable follow = watcher.follow(0, events::add);
        try {
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
          while (registered(events).size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
          }
        } finally {
          follow.close();
        }
        assertThat(registered(events)).containsExactly(early, late);
      }

      List<Query> answered = queries.stream().filter(q -> !q.refused()).toList();
      assertThat(queries.getFirst().width()).isGreaterThan(LIMIT);
      long next = 0;
      for (Query q : answered) {
        assertThat(q.from()).as("the first block of " + q).isEqualTo(next);
        next = q.to() + 1;
      }
      assertThat(next).isGreaterThan(late);
      // The range grows again after answers: a refused query follows an answered one.
      boolean grew = false;
      for (int i = 1; i < queries.size(); i++) {
        grew |= queries.get(i).refused() && !queries.get(i - 1).refused();
      }
      assertThat(grew).as("a wider range tried after answers: " + queries).isTrue();
    }
  }

  /**
   * A poll that fails says which JSON-RPC call did: a JSON-RPC error answer to eth_blockNumber (was
   * an unclear decode error), and one to eth_getLogs for a single block.
   */
  @Test
  void aFailedPollNamesTheJsonRpcMethodThatFailed() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(EventFollower.class);
    ListAppender<ILoggingEvent> seen = new ListAppender<>();
    seen.start();
    logger.addAppender(seen);
    AtomicReference<String> failing = new AtomicReference<>("none");
    try (DevChain chain = new DevChain(MarketParams.dev());
        RpcProxy proxy = RpcProxy.failing(chain.rpc(), failing);
        ChainClient watcher = chain.connect(3, proxy.uri())) {
      failing.set("eth_blockNumber");
      AutoCloseable follow = watcher.follow(0, e -> {});
      try {
        assertThat(awaitWarning(seen, "eth_blockNumber"))
            .startsWith("event poll: eth_blockNumber failed: eth_blockNumber is down");
        failing.set("eth_getLogs");
        assertThat(awaitWarning(seen, "eth_getLogs"))
            .startsWith("event poll: eth_getLogs failed: eth_getLogs is down (block ");
      } finally {
        follow.close();
      }
    } finally {
      logger.detachAppender(seen);
    }
  }

  /** The first warning logged that mentions {@code text}, waiting up to 10 s for it. */
  private static String awaitWarning(ListAppender<ILoggingEvent> seen, String text)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      for (ILoggingEvent e : List.copyOf(seen.list)) {
        if (e.getLevel() == Level.WARN && e.getFormattedMessage().contains(text)) {
          return e.getFormattedMessage();
        }
      }
      Thread.sleep(20);
    }
    List<ILoggingEvent> all = List.copyOf(seen.list);
    throw new AssertionError(
        "no warning mentions "
            + text
            + "; the last: "
            + all.subList(Math.max(0, all.size() - 3), all.size()));
  }

  private static List<Long> registered(List<ChainEvent> events) {
    List<Long> blocks = new ArrayList<>();
    for (ChainEvent e : events) {
      if (e.name().equals("ProviderRegistered")) {
        blocks.add(e.block());
      }
    }
    return blocks;
  }

  private static long block(Pattern field, String request) {
    Matcher m = field.matcher(request);
    assertThat(m.find()).as(request).isTrue();
    return Long.decode(m.group(1));
  }

  /** A proxy to {@code rpc} that refuses eth_getLogs over more than {@link #LIMIT} blocks. */
  private static RpcProxy limitingProxy(URI rpc, List<Query> queries) throws IOException {
    return RpcProxy.start(
        rpc,
        (request, node) -> {
          if (!request.contains("\"eth_getLogs\"")) {
            return null;
          }
          long from = block(FROM, request);
          long to = block(TO, request);
          boolean refused = to - from + 1 > LIMIT;
          queries.add(new Query(from, to, refused));
          return refused
              ? RpcProxy.error(
                  request, -32005, "block range too large: at most " + LIMIT + " blocks")
              : null;
        });
  }
}
