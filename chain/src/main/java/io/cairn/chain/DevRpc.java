package io.cairn.chain;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;

/** The development chain's own RPC methods ({@code anvil_mine}, {@code evm_increaseTime}). */
final class DevRpc {
  /** A response whose result is not read. */
  static final class AnyResponse extends Response<Object> {}

  /**
   * How long one call may take. {@code anvil_mine} of a few hundred blocks takes seconds on a busy
   * machine, beyond the HTTP client's default 10 s read time-out.
   */
  private static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);

  private final HttpService http;

  DevRpc(URI rpc) {
    var client =
        new OkHttpClient.Builder().readTimeout(CALL_TIMEOUT).callTimeout(CALL_TIMEOUT).build();
    this.http = new HttpService(rpc.toString(), client);
  }

  boolean answers() {
    try {
      return !new Request<>("eth_chainId", List.of(), http, AnyResponse.class).send().hasError();
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Reverts the chain to {@code snapshot} (from {@code evm_snapshot}) once the node has finished
   * with the blocks it mined: while its transaction pool still holds a transaction whose receipt is
   * already out, Anvil (1.7) is still closing that block, and a revert then can lose a transaction
   * sent after it (it stays unmined, and nothing says so) when the closing block's transactions are
   * pruned from the pool. Newer Anvils hold mining off during a revert.
   *
   * @return whether the node reverted (false for a snapshot it does not have)
   * @throws ChainException when the pool does not empty within {@code wait}
   */
  boolean revert(Object snapshot, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (!poolEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new ChainException(
            "evm_revert: the transaction pool still holds transactions after " + wait, null, null);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ChainException("evm_revert: interrupted", e);
      }
    }
    return Boolean.TRUE.equals(call("evm_revert", snapshot));
  }

  /** Reverts as {@link #revert(Object, Duration)}, waiting up to 30 s for the pool to empty. */
  boolean revert(Object snapshot) {
    return revert(snapshot, Duration.ofSeconds(30));
  }

  private boolean poolEmpty() {
    if (!(call("txpool_status") instanceof Map<?, ?> status)) {
      throw new ChainException("txpool_status answered no object", null, null);
    }
    return count(status.get("pending")) == 0 && count(status.get("queued")) == 0;
  }

  /** A count as a node gives it: a hex quantity or a JSON number. */
  private static long count(Object n) {
    return n instanceof String s ? Long.decode(s) : ((Number) n).longValue();
  }

  Object call(String method, Object... params) {
    try {
      AnyResponse r = new Request<>(method, List.of(params), http, AnyResponse.class).send();
      if (r.hasError()) {
        throw new ChainException(method + " failed: " + r.getError().getMessage(), null, null);
      }
      return r.getResult();
    } catch (IOException e) {
      throw new ChainException(method + " failed: " + e.getMessage(), e);
    }
  }
}
