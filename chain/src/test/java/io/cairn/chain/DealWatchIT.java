package io.cairn.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A deal watch ({@link ChainClient#awaitDealLeavesOpen}) whose chain goes away or answers errors
 * while it waits: the waiter learns it promptly, from an error that names the JSON-RPC method,
 * rather than at its own time-out.
 */
@Tag("chain")
class DealWatchIT {
  /** The deal each test opens and nobody accepts, so the watch waits. */
  private static final BigInteger DEAL = BigInteger.ONE;

  private static final String WHAT = "waiting for deal 1 to leave Open: ";

  /** Far beyond any block these tests mine. */
  private static final long NEVER = 1L << 40;

  /**
   * The chain's node stops answering mid-wait (its endpoint refuses connections): the watch fails
   * within seconds, naming the method and saying the chain is unreachable (web3j's block filter
   * logged each failed eth_getFilterChanges and polled on, so the watch waited for ever).
   */
  @Test
  void aWatchFailsPromptlyWhenTheChainGoesAwayMidWait() throws Exception {
    try (DevChain chain = chainWithOpenDeal()) {
      RpcProxy proxy = RpcProxy.start(chain.rpc(), (request, node) -> null);
      try (ChainClient watcher = chain.connect(3, proxy.uri())) {
        CompletableFuture<DealInfo> watch =
            waiting(chain, watcher.awaitDealLeavesOpen(DEAL, NEVER));
        proxy.close();
        failure(watch).hasMessageStartingWith(WHAT + "eth_blockNumber: chain unreachable: ");
      } finally {
        proxy.close();
      }
    }
  }

  /**
   * The chain's node answers every request with a JSON-RPC error mid-wait: the watch fails at once
   * with the node's words and the method (web3j's block filter logged them and polled on). And each
   * read the watch makes, answered with an error from the start, fails the watch with an error that
   * names its JSON-RPC method: the head (eth_blockNumber) and the deal (eth_call).
   */
  @Test
  void aWatchWhoseReadsAreAnsweredWithErrorsFailsAtOnceNamingTheMethod() throws Exception {
    AtomicReference<String> failing = new AtomicReference<>("none");
    try (DevChain chain = chainWithOpenDeal();
        RpcProxy proxy = RpcProxy.failing(chain.rpc(), failing);
        ChainClient watcher = chain.connect(3, proxy.uri())) {
      CompletableFuture<DealInfo> waiting =
          waiting(chain, watcher.awaitDealLeavesOpen(DEAL, NEVER));
      failing.set(".*");
      failure(waiting).hasMessage(WHAT + "eth_blockNumber failed: eth_blockNumber is down");

      for (String method : List.of("eth_blockNumber", "eth_call")) {
        failing.set(method);
        CompletableFuture<DealInfo> watch = watcher.awaitDealLeavesOpen(DEAL, NEVER);
        chain.anvil.mine(1);
        failure(watch)
            .hasMessageStartingWith(WHAT)
            .hasMessageEndingWith("%s failed: %s is down", method, method);
      }
    }
  }

  /**
   * A short outage (polls that get no answer, one fewer than fail a watch) is asked again at the
   * next poll: the watch goes on and completes, with the deal still open, once a block after its
   * last arrives.
   */
  @Test
  void aWatchOutlivesAShortOutageAndEndsAfterItsLastBlock() throws Exception {
    AtomicInteger toDrop = new AtomicInteger();
    // The JSON-RPC ids of the requests dropped: the HTTP client sends a request again at once
    // when a reused connection closes unanswered, with the same id, and that is still one poll.
    Set<String> dropped = new HashSet<>();
    try (DevChain chain = chainWithOpenDeal();
        RpcProxy proxy =
            RpcProxy.start(
                chain.rpc(),
                (request, node) -> {
                  String id = RpcProxy.id(request);
                  synchronized (dropped) {
                    if (dropped.contains(id) || dropped.size() < toDrop.get()) {
                      dropped.add(id);
                      throw new IOException("dropped"); // the connection closes unanswered
                    }
                  }
                  return null;
                });
        ChainClient watcher = chain.connect(3, proxy.uri())) {
      long last = chain.client.blockNumber() + 5; // past it after waiting's 3 blocks and 3 more
      CompletableFuture<DealInfo> watch = waiting(chain, watcher.awaitDealLeavesOpen(DEAL, last));
      toDrop.set(HeadWatch.UNREACHABLE_POLLS - 1);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (droppedSoFar(dropped) < toDrop.get() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(droppedSoFar(dropped)).as("polls dropped").isEqualTo(toDrop.get());
      assertThat(watch).as("a watch after polls that got no answer").isNotDone();
      chain.anvil.mine(3);
      DealInfo d = watch.get(10, TimeUnit.SECONDS);
      assertThat(d.id()).isEqualTo(DEAL);
      assertThat(d.state()).isEqualTo(DealState.OPEN);
    }
  }

  private static int droppedSoFar(Set<String> dropped) {
    synchronized (dropped) {
      return dropped.size();
    }
  }

  /**
   * Closing the client while a watch waits ends the watch with an error saying so (it waited for
   * ever: closing web3j stopped its block filter's polling without telling the subscriber).
   */
  @Test
  void closingTheClientEndsAWaitingWatch() throws Exception {
    try (DevChain chain = chainWithOpenDeal()) {
      ChainClient watcher = chain.connect(3);
      CompletableFuture<DealInfo> watch = waiting(chain, watcher.awaitDealLeavesOpen(DEAL, NEVER));
      watcher.close();
      failure(watch).hasMessage(WHAT + "the chain client was closed");
    }
  }

  /** A fresh chain on which the client has opened {@link #DEAL}. */
  private static DevChain chainWithOpenDeal() {
    DevChain chain = new DevChain(MarketParams.dev());
    try {
      chain.registerProvider();
      DealTerms terms =
          new DealTerms(
              DevChain.piece(7, 100_000).cid(), 1, DevChain.ETHER, chain.provider.address(), true);
      assertThat(chain.client.openDeal(terms).id()).isEqualTo(DEAL);
      return chain;
    } catch (RuntimeException | AssertionError e) {
      chain.close();
      throw e;
    }
  }

  /** The error {@code watch} fails with, which must come within 10 s. */
  private static AbstractThrowableAssert<?, ? extends Throwable> failure(
      CompletableFuture<DealInfo> watch) {
    return assertThatThrownBy(() -> watch.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(ChainException.class);
  }

  /** {@code watch}, once it has seen new blocks and still waits: the wait is under way. */
  private static CompletableFuture<DealInfo> waiting(
      DevChain chain, CompletableFuture<DealInfo> watch) throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      chain.anvil.mine(1);
      Thread.sleep(200);
    }
    assertThat(watch).as("a watch of a deal that stays open").isNotDone();
    return watch;
  }
}
