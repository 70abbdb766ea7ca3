package io.cairn.chain;

import java.io.InterruptedIOException;
import java.math.BigInteger;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.exceptions.ClientConnectionException;

/**
 * Polls the registry's and market's logs and delivers them as {@link ChainEvent}s, in block and log
 * order, each once, when they are {@code confirmations} blocks deep. It keeps the next block to
 * scan, so a failed poll is retried from the same place. Reorganisations deeper than the
 * confirmations are not undone.
 *
 * <p>Public RPC endpoints limit eth_getLogs ("block range too large", "query returned more than
 * 10000 results"), each in its own words: a range the endpoint refuses is halved and asked again at
 * once, down to one block, and after {@link #GROW_AFTER} answers in a row to queries of the whole
 * range it doubles again, up to {@link #MAX_RANGE} blocks.
 */
final class EventFollower implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventFollower.class);
  static final long MAX_RANGE = 2_000;

  /** Answered eth_getLogs in a row after which the range doubles again. */
  static final int GROW_AFTER = 10;

  private final Web3j web3;
  private final ContractAbi abi;
  private final Deployment deployment;
  private final int confirmations;
  private final Consumer<ChainEvent> listener;
  private final ScheduledExecutorService timer;
  private long next;

  /** Blocks asked for in one eth_getLogs; only the poll thread reads and writes it. */
  private long range = MAX_RANGE;

  private int answered;

  EventFollower(
      Web3j web3,
      ContractAbi abi,
      Deployment deployment,
      ChainOptions options,
      long fromBlock,
      Consumer<ChainEvent> listener) {
    if (fromBlock < 0) {
      throw new IllegalArgumentException("from block " + fromBlock + " is negative");
    }
    this.web3 = web3;
    this.abi = abi;
    this.deployment = deployment;
    this.confirmations = options.confirmations();
    this.listener = listener;
    this.next = fromBlock;
    this.timer = HeadWatch.timer("chain-events");
    long ms = options.pollInterval().toMillis();
    timer.scheduleWithFixedDelay(this::poll, 0, Math.max(1, ms), TimeUnit.MILLISECONDS);
  }

  private void poll() {
    try {
      long head =
          JsonRpc.result(web3.ethBlockNumber(), "event poll").getBlockNumber().longValueExact();
      long safe = head - confirmations + 1;
      while (safe >= next && !timer.isShutdown()) {
        long to = Math.min(safe, next + range - 1);
        EthFilter filter =
            new EthFilter(
                DefaultBlockParameter.valueOf(BigInteger.valueOf(next)),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(to)),
                List.of(deployment.registry(), deployment.market(), deployment.computeMarket()));
        EthLog logs;
        try {
          logs = JsonRpc.answer(web3.ethGetLogs(filter), "event poll");
        } catch (ChainException e) {
          // A range too wide may also time out or get an HTTP error (a response too large);
          // an unreachable endpoint is no reason to ask for less.
          if (!(e.getCause() instanceof InterruptedIOException
              || e.getCause() instanceof ClientConnectionException)) {
            throw e;
          }
          if (refused(to, e.getMessage())) {
            continue;
          }
          return;
        }
        if (logs.hasError()) {
          String error = JsonRpc.failed("event poll", "eth_getLogs", logs.getError()).getMessage();
          if (refused(to, error)) {
            continue;
          }
          return;
        }
        List<Log> sorted =
            logs.getLogs().stream()
                .map(r -> (Log) r.get())
                .sorted(Comparator.comparing(Log::getBlockNumber).thenComparing(Log::getLogIndex))
                .toList();
        for (Log log : sorted) {
          ChainEvent e = abi.decodeEvent(log);
          if (e != null) {
            deliver(e);
          }
        }
        boolean full = to - next + 1 == range;
        next = to + 1;
        if (full && ++answered >= GROW_AFTER && range < MAX_RANGE) {
          range = Math.min(MAX_RANGE, range * 2);
          answered = 0;
        }
      }
    } catch (ChainException e) {
      // "event poll: <the JSON-RPC method>: <what went wrong>"
      LOG.warn("{} (polling from block {})", e.getMessage(), next);
    } catch (RuntimeException e) {
      LOG.warn("event poll from block {} failed: {}", next, e.toString());
    }
  }

  /**
   * Halves the range after eth_getLogs of {@code next..to} failed with {@code error} (which names
   * the method); returns whether to ask again at once (false: the range was one block, the next
   * poll tries again).
   */
  private boolean refused(long to, String error) {
    answered = 0;
    long width = to - next + 1;
    if (width <= 1) {
      LOG.warn("{} (block {})", error, next);
      return false;
    }
    range = Math.max(1, width / 2);
    LOG.info("{} (blocks {}..{}): asking for {} blocks at a time", error, next, to, range);
    return true;
  }

  private void deliver(ChainEvent e) {
    try {
      listener.accept(e);
    } catch (RuntimeException ex) {
      LOG.warn("event listener failed on {} in block {}", e.name(), e.block(), ex);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
