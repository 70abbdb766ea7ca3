package io.cairn.chain;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.ClientConnectionException;
import org.web3j.utils.Convert;
import org.web3j.utils.Numeric;

/**
 * Sends EIP-1559 transactions signed by one account and waits for their receipts; makes calls. Gas
 * is estimated first, so a transaction that would revert fails here with the decoded error and
 * costs nothing; one that reverts once mined is replayed as a call at its block to name the error.
 * Sending is serialised so nonces follow one another; a transaction the node drops before mining it
 * fails as dropped rather than holding up the account's next ones until the receipt timeout. One
 * left pending because its fees are too low (the base fee rose above its max fee, or blocks go by
 * without it) is sent again with the same nonce and higher fees, a bounded number of times, and the
 * wait ends with whichever of the versions is mined.
 */
final class Transactor {
  private static final Logger LOG = LoggerFactory.getLogger(Transactor.class);

  /** EIP-7825's cap on a transaction's gas. */
  private static final BigInteger MAX_GAS = BigInteger.valueOf(1L << 24);

  /** How long a send waits for its receipt. */
  static final Duration RECEIPT_TIMEOUT = Duration.ofMinutes(5);

  /** Polls in a row in which the node does not know a sent transaction before it counts dropped. */
  private static final int UNKNOWN_POLLS = 3;

  /** Blocks mined without a pending transaction before it is sent again with higher fees. */
  private static final int STUCK_BLOCKS = 3;

  /** How many times one transaction is sent again with higher fees. */
  private static final int MAX_REPLACEMENTS = 10;

  private final Web3j web3;
  private final Credentials credentials;
  private final long chainId;
  private final Duration poll;
  private final ContractAbi abi;

  /** The most one transaction may cost in fees (max fee per gas × gas limit), in wei; 0: none. */
  private final BigInteger maxFee;

  private final AtomicLong refusedAtCap = new AtomicLong();
  private final AtomicLong withheldAtCap = new AtomicLong();

  private final Duration receiptTimeout;

  /** A transactor with the {@link ChainOptions#DEFAULT_MAX_FEE default fee cap}. */
  Transactor(Web3j web3, Credentials credentials, long chainId, Duration poll, ContractAbi abi) {
    this(web3, credentials, chainId, poll, abi, ChainOptions.DEFAULT_MAX_FEE, RECEIPT_TIMEOUT);
  }

  Transactor(
      Web3j web3,
      Credentials credentials,
      long chainId,
      Duration poll,
      ContractAbi abi,
      BigInteger maxFee,
      Duration receiptTimeout) {
    this.web3 = web3;
    this.credentials = credentials;
    this.chainId = chainId;
    this.poll = poll;
    this.abi = abi;
    this.maxFee = maxFee;
    this.receiptTimeout = receiptTimeout;
  }

  String from() {
    return Addresses.check(credentials.getAddress(), "account");
  }

  /**
   * Sends a transaction ({@code to == null}: a contract creation) and waits for its receipt. Its
   * fees stay within the fee cap: a send the cap cannot pay for at the latest block's base fee is
   * refused before anything is sent.
   */
  synchronized TransactionReceipt send(String to, String data, BigInteger value, String what) {
    BigInteger wei = value == null ? BigInteger.ZERO : value;
    Transaction call =
        Transaction.createFunctionCallTransaction(from(), null, null, null, to, wei, data);
    var estimate = JsonRpc.answer(web3.ethEstimateGas(call), what);
    if (estimate.hasError()) {
      throw revert(what, "eth_estimateGas", estimate.getError());
    }
    BigInteger gas =
        estimate
            .getAmountUsed()
            .multiply(BigInteger.valueOf(5))
            .shiftRight(2)
            .add(BigInteger.valueOf(20_000))
            .min(MAX_GAS);
    BigInteger nonce =
        JsonRpc.result(web3.ethGetTransactionCount(from(), DefaultBlockParameterName.PENDING), what)
            .getTransactionCount();
    EthBlock.Block head =
        JsonRpc.result(web3.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false), what)
            .getBlock();
    BigInteger base = Optional.ofNullable(head.getBaseFeePerGas()).orElse(BigInteger.ZERO);
    Fees fees = withinCap(Fees.initial(base, suggestedTip(what)), gas, base, head, what);
    RawTransaction tx =
        RawTransaction.createTransaction(
            chainId, nonce, gas, to == null ? "" : to, wei, data, fees.tip(), fees.maxFee());
    var sent = JsonRpc.answer(web3.ethSendRawTransaction(sign(tx)), what);
    if (sent.hasError()) {
      throw revert(what, "eth_sendRawTransaction", sent.getError());
    }
    TransactionReceipt receipt =
        await(new Pending(tx, sent.getTransactionHash(), fees, head.getNumber()), what);
    if (!receipt.isStatusOK()) {
      throw replay(call, receipt, what);
    }
    LOG.debug(
        "{}: {} in block {}, gas {}",
        what,
        receipt.getTransactionHash(),
        receipt.getBlockNumber(),
        receipt.getGasUsed());
    return receipt;
  }

  /**
   * {@code fees} lowered, where they exceed it, to the most the fee cap allows per gas for a gas
   * limit of {@code gas} (as Lotus's {@code capGasFee}: the max fee to cap / gas limit, the tip to
   * at most that).
   *
   * @throws ChainException when that is under {@code base}, the latest block's base fee: the
   *     transaction could not be mined, and would hold up the account's next ones
   */
  private Fees withinCap(
      Fees fees, BigInteger gas, BigInteger base, EthBlock.Block head, String what) {
    if (maxFee.signum() == 0) {
      return fees;
    }
    BigInteger perGas = maxFee.divide(gas);
    if (perGas.compareTo(base) < 0) {
      refusedAtCap.incrementAndGet();
      throw new ChainException(
          what
              + ": not sent: "
              + cap()
              + " allows at most "
              + perGas
              + " wei per gas for its gas limit of "
              + gas
              + ", under the base fee of "
              + base
              + " wei in block "
              + head.getNumber()
              + "; nothing was spent: send it again when the base fee falls, or raise Chain.MaxFee",
          null,
          null);
    }
    Fees capped = fees.cappedAt(perGas);
    if (!capped.equals(fees)) {
      LOG.info(
          "{}: max fee per gas {} lowered to {} and tip {} to {}, the most {} allows for a gas"
              + " limit of {}",
          what,
          fees.maxFee(),
          capped.maxFee(),
          fees.tip(),
          capped.tip(),
          cap(),
          gas);
    }
    return capped;
  }

  /** How often the fee cap held a transaction back since this transactor was made. */
  FeeCapHits feeCapHits() {
    return new FeeCapHits(refusedAtCap.get(), withheldAtCap.get());
  }

  /** The fee cap, named for the operator who set it. */
  private String cap() {
    return "the fee cap (Chain.MaxFee) of "
        + maxFee
        + " wei ("
        + Convert.fromWei(new BigDecimal(maxFee), Convert.Unit.ETHER)
            .stripTrailingZeros()
            .toPlainString()
        + " ether)";
  }

  static TxResult result(TransactionReceipt r) {
    return new TxResult(
        r.getTransactionHash(),
        r.getBlockNumber().longValueExact(),
        r.getGasUsed().longValueExact());
  }

  /** Calls a contract at the latest block; returns the raw hex output. */
  String call(String to, String data, String what) {
    Transaction call = Transaction.createEthCallTransaction(from(), to, data);
    var r = JsonRpc.answer(web3.ethCall(call, DefaultBlockParameterName.LATEST), what);
    if (r.hasError()) {
      throw revert(what, "eth_call", r.getError());
    }
    if (r.isReverted()) {
      throw new ChainException(
          what + ": eth_call reverted: " + r.getRevertReason(), null, r.getRevertReason());
    }
    return r.getValue();
  }

  /** A sent transaction and the replacements sent for it, newest last. */
  private static final class Pending {
    final RawTransaction tx;
    final List<String> hashes = new ArrayList<>();
    Fees fees;
    BigInteger sentAt;
    int replacements;
    boolean nonceUsed;

    /** Why no more replacements are sent though it is stuck (the fee cap), or null. */
    String stopped;

    Pending(RawTransaction tx, String hash, Fees fees, BigInteger sentAt) {
      this.tx = tx;
      this.hashes.add(hash);
      this.fees = fees;
      this.sentAt = sentAt;
    }

    String named() {
      return hashes.size() == 1
          ? "transaction " + hashes.getFirst()
          : "transaction "
              + hashes.getFirst()
              + " (and its replacements "
              + String.join(", ", hashes.subList(1, hashes.size()))
              + ")";
    }
  }

  /** The latest block's number and the base fee of the block after it. */
  private record Head(BigInteger number, BigInteger nextBaseFee) {}

  private TransactionReceipt await(Pending p, String what) {
    long deadline = System.nanoTime() + receiptTimeout.toNanos();
    int unknown = 0;
    while (true) {
      // Any of the versions may be mined, an older one too if it was mined before its
      // replacement reached the miner; once one is, the others no longer can be.
      for (String hash : p.hashes.reversed()) {
        var r = JsonRpc.result(web3.ethGetTransactionReceipt(hash), what).getTransactionReceipt();
        if (r.isPresent()) {
          return r.get();
        }
      }
      // Not mined: still pending, or gone from the node's pool (replaced, evicted, the node
      // restarted). A node behind a load balancer may not know a fresh transaction yet, so only
      // several answers in a row that it is unknown count.
      boolean known = false;
      for (String hash : p.hashes.reversed()) {
        if (JsonRpc.result(web3.ethGetTransactionByHash(hash), what).getTransaction().isPresent()) {
          known = true;
          break;
        }
      }
      unknown = known ? 0 : unknown + 1;
      if (unknown >= UNKNOWN_POLLS) {
        throw new ChainException(
            what
                + ": "
                + p.named()
                + " was dropped before it was mined: the chain's node no longer knows it;"
                + " nothing was spent, send it again",
            null,
            null);
      }
      if (System.nanoTime() > deadline) {
        throw new ChainException(
            what
                + ": "
                + p.named()
                + " not mined within "
                + receiptTimeout
                + (p.stopped == null ? "" : ": " + p.stopped),
            null,
            null);
      }
      if (known && !p.nonceUsed && p.stopped == null && p.replacements < MAX_REPLACEMENTS) {
        replaceIfStuck(p, what);
      }
      try {
        Thread.sleep(poll.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ChainException(what + ": interrupted while waiting for " + p.hashes.getLast(), e);
      }
    }
  }

  /**
   * Sends {@code p} again with the same nonce, gas and data and higher fees when it cannot be mined
   * in the next block (its max fee is under that block's base fee) or {@link #STUCK_BLOCKS} blocks
   * were mined since it was last sent. The new fees stay within the fee cap; where the cap leaves
   * no room for a replacement nodes take (each fee raised by 1/8), none is sent, then or later: the
   * versions sent wait at their fees, and the operator is told. A refusal leaves the versions
   * already sent to be waited on.
   */
  private void replaceIfStuck(Pending p, String what) {
    Head head = head(what);
    boolean underpriced = head.nextBaseFee().compareTo(p.fees.maxFee()) > 0;
    long blocks = head.number().subtract(p.sentAt).longValue();
    if (!underpriced && blocks < STUCK_BLOCKS) {
      return;
    }
    Fees wanted = p.fees.bumped(head.nextBaseFee(), suggestedTip(what));
    BigInteger gas = p.tx.getGasLimit();
    Fees fees = maxFee.signum() == 0 ? wanted : wanted.cappedAt(maxFee.divide(gas));
    if (!fees.replaces(p.fees)) {
      withheldAtCap.incrementAndGet();
      p.stopped =
          "a replacement must raise the max fee per gas of "
              + p.fees.maxFee()
              + " wei last offered by 1/8 (the next base fee is "
              + head.nextBaseFee()
              + " wei), and "
              + cap()
              + " allows at most "
              + maxFee.divide(gas)
              + " per gas for its gas limit of "
              + gas
              + "; it is still pending, and is mined if the base fee falls under its max fee per"
              + " gas: raise Chain.MaxFee to have it replaced";
      LOG.warn(
          "{}: transaction {} (nonce {}) is not mined after {} blocks and is not replaced: {}",
          what,
          p.hashes.getLast(),
          p.tx.getNonce(),
          blocks,
          p.stopped);
      return;
    }
    String signed = sign(priced(p.tx, fees));
    String hash = Hash.sha3(signed);
    p.replacements++;
    LOG.info(
        "{}: transaction {} (nonce {}) is not mined after {} blocks, its max fee per gas {} against"
            + " a next base fee of {}: sending it again as {} with tip {} and max fee {}"
            + " (replacement {} of at most {}{})",
        what,
        p.hashes.getLast(),
        p.tx.getNonce(),
        blocks,
        p.fees.maxFee(),
        head.nextBaseFee(),
        hash,
        fees.tip(),
        fees.maxFee(),
        p.replacements,
        MAX_REPLACEMENTS,
        fees.equals(wanted) ? "" : "; lowered to " + cap() + " from max fee " + wanted.maxFee());
    p.fees = fees;
    p.sentAt = head.number();
    Response.Error refused;
    try {
      var sent = web3.ethSendRawTransaction(signed).send();
      if (!sent.hasError()) {
        p.hashes.add(sent.getTransactionHash());
        return;
      }
      refused = sent.getError();
    } catch (IOException | ClientConnectionException e) {
      // It may have reached the node: watch it too.
      LOG.warn("{}: sending replacement {} failed: {}", what, hash, e.getMessage());
      p.hashes.add(hash);
      return;
    }
    String message = String.valueOf(refused.getMessage());
    String lower = message.toLowerCase(Locale.ROOT);
    if (lower.contains("already known") || lower.contains("known transaction")) {
      p.hashes.add(hash);
    } else if (lower.contains("nonce too low") || lower.contains("oldnonce")) {
      // A version already sent was mined (its receipt comes with the next poll); no other can be.
      p.nonceUsed = true;
      LOG.info(
          "{}: replacement {} refused, a version already sent was mined: {}", what, hash, message);
    } else {
      // "replacement transaction underpriced" (the node wants a larger raise: the next
      // replacement raises these fees), or a refusal of the node's own; the versions already
      // sent are still pending.
      LOG.warn("{}: replacement {} refused: {}", what, hash, message);
    }
  }

  /**
   * The latest block and the next one's base fee ({@code eth_feeHistory}; the latest's without).
   */
  private Head head(String what) {
    var history =
        JsonRpc.answer(web3.ethFeeHistory(1, DefaultBlockParameterName.LATEST, List.of()), what);
    if (!history.hasError() && history.getFeeHistory() != null) {
      List<BigInteger> baseFees = history.getFeeHistory().getBaseFeePerGas();
      if (baseFees != null && !baseFees.isEmpty()) {
        return new Head(history.getFeeHistory().getOldestBlock(), baseFees.getLast());
      }
    }
    EthBlock.Block b =
        JsonRpc.result(web3.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false), what)
            .getBlock();
    return new Head(
        b.getNumber(), Optional.ofNullable(b.getBaseFeePerGas()).orElse(BigInteger.ZERO));
  }

  private BigInteger suggestedTip(String what) {
    return JsonRpc.result(web3.ethMaxPriorityFeePerGas(), what).getMaxPriorityFeePerGas();
  }

  private RawTransaction priced(RawTransaction tx, Fees fees) {
    return RawTransaction.createTransaction(
        chainId,
        tx.getNonce(),
        tx.getGasLimit(),
        tx.getTo(),
        tx.getValue(),
        tx.getData(),
        fees.tip(),
        fees.maxFee());
  }

  private String sign(RawTransaction tx) {
    return Numeric.toHexString(TransactionEncoder.signMessage(tx, chainId, credentials));
  }

  private ChainException replay(Transaction call, TransactionReceipt receipt, String what) {
    String mined = what + " (mined in block " + receipt.getBlockNumber() + ")";
    var r =
        JsonRpc.answer(
            web3.ethCall(call, DefaultBlockParameter.valueOf(receipt.getBlockNumber())), mined);
    if (r.hasError()) {
      return revert(mined, "eth_call", r.getError());
    }
    return new ChainException(
        what
            + ": transaction "
            + receipt.getTransactionHash()
            + " reverted in block "
            + receipt.getBlockNumber(),
        null,
        null);
  }

  /** A JSON-RPC error answer to {@code method}: the contract's error where it carries one. */
  private ChainException revert(String what, String method, Response.Error error) {
    String[] decoded = abi.decodeError(error.getData());
    if (decoded == null) {
      return JsonRpc.failed(what, method, error);
    }
    return new ChainException(
        what + ": " + method + " reverted: " + decoded[1], decoded[0], decoded[1]);
  }

  static String hex(byte[] data) {
    return "0x" + HexFormat.of().formatHex(data);
  }
}
