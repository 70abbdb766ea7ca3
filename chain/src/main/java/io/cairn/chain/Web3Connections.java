package io.cairn.chain;

import java.net.URI;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.JsonRpc2_0Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * Opens web3j clients on one shared scheduler. Left to itself, {@code Web3j.build} gives each
 * client web3j's {@code Async.defaultExecutorService()}: a pool of as many threads as there are
 * CPUs and a JVM shutdown hook that holds it until the JVM exits, so every client connected, every
 * chain ID read and every deployment left a pool and a hook behind after its {@code shutdown()}.
 *
 * <p>The scheduler only runs web3j's polling flowables ({@code blockFlowable}, {@code
 * ethLogFlowable}...), which Cairn does not use (its watches and followers have threads of their
 * own). One daemon thread, started the first time a task is scheduled, serves every client; a
 * client's {@code shutdown()} leaves it running for the others, so a flowable must be disposed of
 * by whoever subscribed to it.
 */
final class Web3Connections {
  private Web3Connections() {}

  /** A client of {@code rpc} polling every {@code pollMillis} (web3j's default: 15 s). */
  static Web3j open(URI rpc, long pollMillis) {
    return Web3j.build(new HttpService(rpc.toString()), pollMillis, Shared.SCHEDULER);
  }

  /** A client of {@code rpc} with web3j's default poll interval. */
  static Web3j open(URI rpc) {
    return open(rpc, JsonRpc2_0Web3j.DEFAULT_BLOCK_TIME);
  }

  /** Made on first use. */
  private static final class Shared {
    static final ScheduledExecutorService SCHEDULER = new SharedScheduler();
  }

  /** A scheduler that no client can stop: it ends with the JVM (its thread is a daemon). */
  private static final class SharedScheduler extends ScheduledThreadPoolExecutor {
    SharedScheduler() {
      super(1, r -> Thread.ofPlatform().daemon().name("web3j-scheduler").unstarted(r));
      setRemoveOnCancelPolicy(true);
    }

    @Override
    public void shutdown() {
      // Web3j.shutdown() of one client: the others still use it.
    }

    @Override
    public List<Runnable> shutdownNow() {
      return List.of();
    }

    @Override
    public void close() {
      // As shutdown(): ExecutorService.close() would otherwise wait for a termination never due.
    }
  }
}
