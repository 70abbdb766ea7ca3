package io.cairn.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.testing.JsReference;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/** Sending transactions on a real Anvil: what a sender sees when its transaction never lands. */
@Tag("chain")
class TransactorIT {
  private static final String RECIPIENT = "0x000000000000000000000000000000000000dead";

  /**
   * A transaction the node drops from its pool before mining it is reported as dropped at once,
   * rather than after the five minutes a slow one is given, during which no other transaction of
   * the account could be sent; the next one goes out with the nonce the dropped one had.
   */
  @Test
  void aDroppedTransactionIsReportedAtOnce() throws Exception {
    try (Anvil anvil = Anvil.start(Anvil.locate(JsReference.projectRoot()), 0, null, 0)) {
      Web3j web3 = Web3j.build(new HttpService(anvil.rpc().toString()));
      try {
        Transactor tx =
            new Transactor(
                web3,
                ChainAccount.fromPrivateKey(anvil.devPrivateKeys().get(1)).credentials(),
                web3.ethChainId().send().getChainId().longValueExact(),
                Duration.ofMillis(20),
                new ContractAbi("StorageMarket"));
        DevRpc dev = new DevRpc(anvil.rpc());
        dev.call("evm_setAutomine", false);
        CompletableFuture<Object> sent =
            CompletableFuture.supplyAsync(
                () -> tx.send(RECIPIENT, "0x", BigInteger.ONE, "send native"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pending(dev) == 0 && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertThat(pending(dev)).as("transactions in the pool").isEqualTo(1);
        dev.call("anvil_dropAllTransactions");

        Throwable failure;
        try {
          sent.get(20, TimeUnit.SECONDS);
          failure = null;
        } catch (ExecutionException e) {
          failure = e.getCause();
        }
        assertThat(failure)
            .isInstanceOf(ChainException.class)
            .hasMessageStartingWith("send native: transaction 0x")
            .hasMessageContaining("was dropped before it was mined");

        dev.call("evm_setAutomine", true);
        var receipt = tx.send(RECIPIENT, "0x", BigInteger.ONE, "send native");
        assertThat(receipt.isStatusOK()).isTrue();
        assertThat(
                web3.ethGetTransactionByHash(receipt.getTransactionHash())
                    .send()
                    .getTransaction()
                    .orElseThrow()
                    .getNonce())
            .isZero();
      } finally {
        web3.shutdown();
      }
    }
  }

  private static long pending(DevRpc dev) {
    Object status = dev.call("txpool_status");
    Object n = ((Map<?, ?>) status).get("pending");
    return n instanceof String s ? Long.decode(s) : ((Number) n).longValue();
  }
}
