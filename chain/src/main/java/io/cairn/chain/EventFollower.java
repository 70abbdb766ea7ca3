package io.cairn.chain;

import java.math.BigInteger;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
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

/**
 * Polls the registry's and market's logs and delivers them as {@link ChainEvent}s, in block and log
 * order, each once, when they are {@code confirmations} blocks deep. It keeps the next block to
 * scan, so a failed poll is retried from the same place. Reorganisations deeper than the
 * confirmations are not undone.
 */
final class EventFollower implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventFollower.class);
  private static final long MAX_RANGE = 2_000;

  private final Web3j web3;
  private final ContractAbi abi;
  private final Deployment deployment;
  private final int confirmations;
  private final Consumer<ChainEvent> listener;
  private final ScheduledExecutorService timer;
  private long next;

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
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "chain-events");
              t.setDaemon(true);
              return t;
            });
    long ms = options.pollInterval().toMillis();
    timer.scheduleWithFixedDelay(this::poll, 0, Math.max(1, ms), TimeUnit.MILLISECONDS);
  }

  private void poll() {
    try {
      long head = web3.ethBlockNumber().send().getBlockNumber().longValueExact();
      long safe = head - confirmations + 1;
      while (safe >= next && !timer.isShutdown()) {
        long to = Math.min(safe, next + MAX_RANGE - 1);
        EthFilter filter =
            new EthFilter(
                DefaultBlockParameter.valueOf(BigInteger.valueOf(next)),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(to)),
                List.of(deployment.registry(), deployment.market(), deployment.computeMarket()));
        EthLog logs = web3.ethGetLogs(filter).send();
        if (logs.hasError()) {
          LOG.warn(
              "event poll of blocks {}..{} failed: {}", next, to, logs.getError().getMessage());
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
        next = to + 1;
      }
    } catch (Exception e) {
      LOG.warn("event poll from block {} failed: {}", next, e.toString());
    }
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
