package io.cairn.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Following the markets' events through an RPC endpoint that limits eth_getLogs' block range. */
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
          ChainClient watcher =
              ChainClient.connect(
                  new ChainOptions(proxy.uri(), chain.deployment, 1, Duration.ofMillis(20)),
                  ChainAccount.fromPrivateKey(chain.keys.get(3)))) {
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
