package io.cairn.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.cairn.storage.testing.JsReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/** Sending transactions on a real Anvil: what a sender sees when its transaction never lands. */
@Tag("chain")
class TransactorIT {
  private static final String RECIPIENT = "0x000000000000000000000000000000000000dead";

  private Anvil anvil;
  private Web3j web3;
  private DevRpc dev;

  /** A fresh Anvil with automine off: what is sent stays in its pool until a block is mined. */
  @BeforeEach
  void startAnvil() {
    anvil = Anvil.start(Anvil.locate(JsReference.projectRoot()), 0, null, 0);
    web3 = Web3j.build(new HttpService(anvil.rpc().toString()));
    dev = new DevRpc(anvil.rpc());
    dev.call("evm_setAutomine", false);
  }

  @AfterEach
  void stopAnvil() {
    web3.shutdown();
    anvil.close();
  }

  /**
   * A revert waits until the node has finished with what it mined: with a transaction still in the
   * pool it does not revert (a revert then can lose the next transaction sent, on Anvil 1.7); once
   * the transaction is mined and out of the pool, it does.
   */
  @Test
  void aRevertWaitsForThePoolToEmpty() throws Exception {
    Object snapshot = dev.call("evm_snapshot");
    Transactor tx = transactor(web3, anvil);
    CompletableFuture<TransactionReceipt> sent = sendIntoPool(tx, dev);
    long before = web3.ethBlockNumber().send().getBlockNumber().longValueExact();

    assertThatThrownBy(() -> dev.revert(snapshot, Duration.ofMillis(300)))
        .isInstanceOf(ChainException.class)
        .hasMessage("evm_revert: the transaction pool still holds transactions after PT0.3S");
    assertThat(web3.ethBlockNumber().send().getBlockNumber().longValueExact()).isEqualTo(before);

    dev.call("evm_mine");
    assertThat(failureOf(sent)).isNull();
    assertThat(dev.revert(snapshot, Duration.ofSeconds(10))).isTrue();
    assertThat(web3.ethBlockNumber().send().getBlockNumber().longValueExact()).isEqualTo(before);
    assertThat(pending(dev)).isZero();
  }

  /**
   * A transaction the node drops from its pool before mining it is reported as dropped at once,
   * rather than after the five minutes a slow one is given, during which no other transaction of
   * the account could be sent; the next one goes out with the nonce the dropped one had.
   */
  @Test
  void aDroppedTransactionIsReportedAtOnce() throws Exception {
    Transactor tx = transactor(web3, anvil);
    CompletableFuture<TransactionReceipt> sent = sendIntoPool(tx, dev);
    dev.call("anvil_dropAllTransactions");

    Throwable failure = failureOf(sent);
    assertThat(failure)
        .isInstanceOf(ChainException.class)
        .hasMessageStartingWith("send native: transaction 0x")
        .hasMessageContaining("was dropped before it was mined");

    dev.call("evm_setAutomine", true);
    var receipt = tx.send(RECIPIENT, "0x", BigInteger.ONE, "send native");
    assertThat(receipt.isStatusOK()).isTrue();
    assertThat(nonce(web3, receipt)).isZero();
  }

  /**
   * A transaction priced under the next block's base fee stays pending (geth keeps it in its pool;
   * every later transaction of the account would queue behind it until the receipt timeout): it is
   * sent again with the same nonce and higher fees, the replacement is mined, and the account's
   * next transaction goes through.
   */
  @Test
  void anUnderpricedTransactionIsReplacedWithHigherFees() throws Exception {
    Transactor tx = transactor(web3, anvil);
    CompletableFuture<TransactionReceipt> sent = sendIntoPool(tx, dev);
    var first = pooled(dev);
    BigInteger firstMaxFee = Numeric.decodeQuantity((String) first.get("maxFeePerGas"));
    BigInteger firstTip = Numeric.decodeQuantity((String) first.get("maxPriorityFeePerGas"));
    // The next block's base fee jumps far above the transaction's max fee.
    BigInteger base = firstMaxFee.multiply(BigInteger.valueOf(50));
    dev.call("anvil_setNextBlockBaseFeePerGas", Numeric.encodeQuantity(base));

    var replacement = replacementOf(first, dev);
    assertThat(replacement.get("hash"))
        .as("the pooled transaction's hash")
        .isNotEqualTo(first.get("hash"));
    assertThat(replacement.get("nonce")).isEqualTo(first.get("nonce"));
    assertThat(replacement.get("gas")).isEqualTo(first.get("gas"));
    assertThat(replacement.get("input")).isEqualTo(first.get("input"));
    BigInteger maxFee = Numeric.decodeQuantity((String) replacement.get("maxFeePerGas"));
    BigInteger tip = Numeric.decodeQuantity((String) replacement.get("maxPriorityFeePerGas"));
    assertThat(maxFee)
        .isGreaterThanOrEqualTo(base)
        .isGreaterThanOrEqualTo(
            firstMaxFee.multiply(BigInteger.valueOf(9)).divide(BigInteger.valueOf(8)));
    assertThat(tip)
        .isGreaterThanOrEqualTo(
            firstTip.multiply(BigInteger.valueOf(9)).divide(BigInteger.valueOf(8)))
        .isGreaterThan(firstTip);

    dev.call("evm_mine");
    TransactionReceipt receipt = sent.get(20, TimeUnit.SECONDS);
    assertThat(receipt.isStatusOK()).isTrue();
    assertThat(receipt.getTransactionHash()).isEqualTo(replacement.get("hash"));

    dev.call("evm_setAutomine", true);
    var next = tx.send(RECIPIENT, "0x", BigInteger.ONE, "send native");
    assertThat(next.isStatusOK()).isTrue();
    assertThat(nonce(web3, next)).isOne();
  }

  /**
   * The first version is mined while its replacement is on its way: the node refuses the
   * replacement ("nonce too low") and the send ends with the first version's receipt, not a
   * failure. A proxy in front of Anvil reports a next base fee over the transaction's max fee (so
   * it is replaced) and mines a block just before it forwards the replacement.
   */
  @Test
  void aVersionMinedBeforeItsReplacementIsTheResult() throws Exception {
    List<String> sentHashes = new CopyOnWriteArrayList<>();
    List<String> refusals = new CopyOnWriteArrayList<>();
    RpcProxy proxy =
        RpcProxy.start(
            anvil.rpc(),
            (request, node) -> {
              if (request.contains("\"eth_feeHistory\"")) {
                return RpcProxy.result(
                    request,
                    "{\"oldestBlock\":\"0x0\",\"baseFeePerGas\":"
                        + "[\"0x3b9aca00\",\"0xe8d4a51000\"],\"gasUsedRatio\":[0.0]}");
              }
              if (!request.contains("\"eth_sendRawTransaction\"")) {
                return null;
              }
              boolean replacement = !sentHashes.isEmpty();
              if (replacement) {
                node.forward("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"evm_mine\"}");
              }
              String answer = node.forward(request);
              (replacement ? refusals : sentHashes).add(answer);
              return answer;
            });
    Web3j proxied = Web3j.build(new HttpService(proxy.uri().toString()));
    try {
      Transactor tx = transactor(proxied, anvil);

      TransactionReceipt receipt =
          CompletableFuture.supplyAsync(
                  () -> tx.send(RECIPIENT, "0x", BigInteger.ONE, "send native"))
              .get(20, TimeUnit.SECONDS);

      assertThat(receipt.isStatusOK()).isTrue();
      assertThat(sentHashes).hasSize(1);
      assertThat(sentHashes.getFirst()).contains(receipt.getTransactionHash());
      assertThat(refusals).hasSize(1);
      assertThat(refusals.getFirst()).contains("nonce too low");
    } finally {
      proxied.shutdown();
      proxy.close();
    }
  }

  /**
   * A first send whose fees would cost more than the cap in the worst case (max fee per gas × gas
   * limit) goes out with its max fee lowered to the cap over the gas limit, as Lotus's capGasFee
   * does; it is still mined while the base fee is under that.
   */
  @Test
  void aFirstSendIsPricedWithinTheFeeCap() throws Exception {
    BigInteger base = latestBaseFee(web3);
    // Room for one and a half base fees per gas of a plain transfer's gas limit (46,250): under
    // the twice the base fee plus the tip a first send offers.
    BigInteger cap = base.multiply(BigInteger.valueOf(3 * 46_250L)).shiftRight(1);
    Transactor tx = transactor(web3, anvil, cap, Duration.ofMinutes(5));
    CompletableFuture<TransactionReceipt> sent = sendIntoPool(tx, dev);
    var pooled = pooled(dev);
    BigInteger maxFee = Numeric.decodeQuantity((String) pooled.get("maxFeePerGas"));
    BigInteger tip = Numeric.decodeQuantity((String) pooled.get("maxPriorityFeePerGas"));
    BigInteger gas = Numeric.decodeQuantity((String) pooled.get("gas"));
    assertThat(maxFee.multiply(gas)).as("max fee × gas limit").isLessThanOrEqualTo(cap);
    assertThat(maxFee).isEqualTo(cap.divide(gas)).isGreaterThanOrEqualTo(base);
    assertThat(tip).isLessThanOrEqualTo(maxFee);

    dev.call("evm_mine");
    assertThat(sent.get(20, TimeUnit.SECONDS).isStatusOK()).isTrue();
  }

  /**
   * A send the cap cannot pay for at the current base fee is refused before anything is sent,
   * naming the cap, rather than left in the pool where it would hold up the account's next ones.
   */
  @Test
  void aSendTheFeeCapCannotPayForIsRefusedBeforeItIsSent() {
    dev.call("evm_setAutomine", true);
    Transactor tx = transactor(web3, anvil, BigInteger.valueOf(1_000), Duration.ofMinutes(5));

    Throwable failure =
        catchThrowable(() -> tx.send(RECIPIENT, "0x", BigInteger.ONE, "send native"));

    assertThat(failure)
        .isInstanceOf(ChainException.class)
        .hasMessageStartingWith("send native: not sent")
        .hasMessageContaining("fee cap (Chain.MaxFee) of 1000 wei")
        .hasMessageContaining("nothing was spent");
    assertThat(pending(dev)).isZero();
    assertThat(tx.feeCapHits()).isEqualTo(new FeeCapHits(1, 0));
  }

  /**
   * When the base fee rises, a replacement is priced within the cap; when it rises past what the
   * cap allows, no further replacement is sent: the transaction waits at its last fees, the wait
   * ends with an error that names the cap, and it is still mined once the base fee falls back.
   */
  @Test
  void replacementsStopAtTheFeeCapAndTheTransactionWaitsAtItsLastFees() throws Exception {
    // What a first send offers here: sent once without a cap, then dropped.
    Transactor probe = transactor(web3, anvil, BigInteger.ZERO, Duration.ofMinutes(5));
    CompletableFuture<TransactionReceipt> probed = sendIntoPool(probe, dev);
    var probedTx = pooled(dev);
    BigInteger firstMaxFee = Numeric.decodeQuantity((String) probedTx.get("maxFeePerGas"));
    BigInteger gas = Numeric.decodeQuantity((String) probedTx.get("gas"));
    dev.call("anvil_dropAllTransactions");
    assertThatThrownBy(() -> probed.get(20, TimeUnit.SECONDS))
        .hasCauseInstanceOf(ChainException.class);

    // The cap allows twenty times the first max fee per gas.
    BigInteger capPerGas = firstMaxFee.multiply(BigInteger.valueOf(20));
    BigInteger cap = capPerGas.multiply(gas);
    Transactor tx = transactor(web3, anvil, cap, Duration.ofSeconds(5));
    CompletableFuture<TransactionReceipt> sent = sendIntoPool(tx, dev);
    var first = pooled(dev);
    assertThat(Numeric.decodeQuantity((String) first.get("maxFeePerGas"))).isEqualTo(firstMaxFee);

    // Ten times: a replacement wants over twenty (twice the base fee), and is sent at the cap.
    dev.call(
        "anvil_setNextBlockBaseFeePerGas",
        Numeric.encodeQuantity(firstMaxFee.multiply(BigInteger.TEN)));
    var atCap = replacementOf(first, dev);
    assertThat(atCap.get("hash")).isNotEqualTo(first.get("hash"));
    assertThat(atCap.get("nonce")).isEqualTo(first.get("nonce"));
    assertThat(Numeric.decodeQuantity((String) atCap.get("maxFeePerGas"))).isEqualTo(capPerGas);

    // A hundred times: the cap leaves no room for another replacement.
    dev.call(
        "anvil_setNextBlockBaseFeePerGas",
        Numeric.encodeQuantity(firstMaxFee.multiply(BigInteger.valueOf(100))));
    Throwable failure = failureOf(sent);
    assertThat(failure)
        .isInstanceOf(ChainException.class)
        .hasMessageStartingWith("send native: transaction 0x")
        .hasMessageContaining("not mined within")
        .hasMessageContaining("fee cap (Chain.MaxFee) of " + cap + " wei")
        .hasMessageContaining("still pending");
    assertThat(pooled(dev).get("hash")).as("the pooled version").isEqualTo(atCap.get("hash"));
    // withheld once, however many polls found it stuck since
    assertThat(tx.feeCapHits()).isEqualTo(new FeeCapHits(0, 1));

    // The base fee falls back: the version at the cap is mined.
    dev.call("anvil_setNextBlockBaseFeePerGas", Numeric.encodeQuantity(firstMaxFee));
    dev.call("evm_mine");
    assertThat(pending(dev)).isZero();
    var mined = web3.ethGetTransactionReceipt((String) atCap.get("hash")).send();
    assertThat(mined.getTransactionReceipt().orElseThrow().isStatusOK()).isTrue();
  }

  /**
   * A JSON-RPC error answer names the call it served and the method that failed: on the send path
   * (estimate, send, receipt) and the call path.
   */
  @Test
  void aJsonRpcErrorNamesTheMethodAndTheCall() throws Exception {
    dev.call("evm_setAutomine", true);
    for (String method :
        List.of(
            "eth_estimateGas",
            "eth_getTransactionCount",
            "eth_maxPriorityFeePerGas",
            "eth_sendRawTransaction",
            "eth_getTransactionReceipt",
            "eth_call")) {
      RpcProxy proxy =
          RpcProxy.start(
              anvil.rpc(),
              (request, node) ->
                  request.contains("\"" + method + "\"")
                      ? RpcProxy.error(request, -32005, "request rate exceeded")
                      : null);
      Web3j proxied = Web3j.build(new HttpService(proxy.uri().toString()));
      try {
        Transactor tx = transactor(proxied, anvil);
        Throwable failure =
            failureOf(
                CompletableFuture.supplyAsync(
                    () ->
                        method.equals("eth_call")
                            ? tx.call(RECIPIENT, "0x70a08231", "balanceOf")
                            : tx.send(RECIPIENT, "0x", BigInteger.ONE, "send native")));
        assertThat(failure)
            .as(method)
            .isInstanceOf(ChainException.class)
            .hasMessage(
                (method.equals("eth_call") ? "balanceOf" : "send native")
                    + ": "
                    + method
                    + " failed: request rate exceeded");
      } finally {
        proxied.shutdown();
        proxy.close();
      }
    }
  }

  private static Transactor transactor(Web3j web3, Anvil anvil) throws IOException {
    return transactor(web3, anvil, ChainOptions.DEFAULT_MAX_FEE, Duration.ofMinutes(5));
  }

  private static Transactor transactor(
      Web3j web3, Anvil anvil, BigInteger maxFee, Duration receiptTimeout) {
    try {
      return new Transactor(
          web3,
          ChainAccount.fromPrivateKey(anvil.devPrivateKeys().get(1)).credentials(),
          web3.ethChainId().send().getChainId().longValueExact(),
          Duration.ofMillis(20),
          new ContractAbi("StorageMarket"),
          maxFee,
          receiptTimeout);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static BigInteger latestBaseFee(Web3j web3) throws IOException {
    return web3.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false)
        .send()
        .getBlock()
        .getBaseFeePerGas();
  }

  /** Starts sending 1 wei and waits until the transaction is in the pool (automine off). */
  private static CompletableFuture<TransactionReceipt> sendIntoPool(Transactor tx, DevRpc dev)
      throws InterruptedException {
    CompletableFuture<TransactionReceipt> sent =
        CompletableFuture.supplyAsync(
            () -> tx.send(RECIPIENT, "0x", BigInteger.ONE, "send native"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (pending(dev) == 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(pending(dev)).as("transactions in the pool").isEqualTo(1);
    return sent;
  }

  private static BigInteger nonce(Web3j web3, TransactionReceipt receipt) throws IOException {
    return web3.ethGetTransactionByHash(receipt.getTransactionHash())
        .send()
        .getTransaction()
        .orElseThrow()
        .getNonce();
  }

  /** What the send ended with, waiting for it at most 20 s: null when it succeeded. */
  private static Throwable failureOf(CompletableFuture<?> sent) throws Exception {
    try {
      sent.get(20, TimeUnit.SECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  /** The pooled transaction once {@code first} has left the pool (10 s at most). */
  private static Map<?, ?> replacementOf(Map<?, ?> first, DevRpc dev) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (first.get("hash").equals(pooled(dev).get("hash")) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return pooled(dev);
  }

  /** The one transaction in the pool, as {@code txpool_content} gives it. */
  private static Map<?, ?> pooled(DevRpc dev) {
    Map<?, ?> byAccount = (Map<?, ?>) ((Map<?, ?>) dev.call("txpool_content")).get("pending");
    assertThat(byAccount).hasSize(1);
    Map<?, ?> byNonce = (Map<?, ?>) byAccount.values().iterator().next();
    assertThat(byNonce).hasSize(1);
    return (Map<?, ?>) byNonce.values().iterator().next();
  }

  private static long pending(DevRpc dev) {
    Object status = dev.call("txpool_status");
    Object n = ((Map<?, ?>) status).get("pending");
    return n instanceof String s ? Long.decode(s) : ((Number) n).longValue();
  }
}
