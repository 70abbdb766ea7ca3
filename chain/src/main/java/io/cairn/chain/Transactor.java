package io.cairn.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
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
import org.web3j.utils.Numeric;

/**
 * Sends EIP-1559 transactions signed by one account and waits for their receipts; makes calls. Gas
 * is estimated first, so a transaction that would revert fails here with the decoded error and
 * costs nothing; one that reverts once mined is replayed as a call at its block to name the error.
 * Sending is serialised so nonces follow one another; a transaction the node drops before mining it
 * fails as dropped rather than holding up the account's next ones until the receipt timeout.
 */
final class Transactor {
  private static final Logger LOG = LoggerFactory.getLogger(Transactor.class);

  /** EIP-7825's cap on a transaction's gas. */
  private static final BigInteger MAX_GAS = BigInteger.valueOf(1L << 24);

  private static final Duration RECEIPT_TIMEOUT = Duration.ofMinutes(5);

  /** Polls in a row in which the node does not know a sent transaction before it counts dropped. */
  private static final int UNKNOWN_POLLS = 3;

  private final Web3j web3;
  private final Credentials credentials;
  private final long chainId;
  private final Duration poll;
  private final ContractAbi abi;

  Transactor(Web3j web3, Credentials credentials, long chainId, Duration poll, ContractAbi abi) {
    this.web3 = web3;
    this.credentials = credentials;
    this.chainId = chainId;
    this.poll = poll;
    this.abi = abi;
  }

  String from() {
    return Addresses.check(credentials.getAddress(), "account");
  }

  /** Sends a transaction ({@code to == null}: a contract creation) and waits for its receipt. */
  synchronized TransactionReceipt send(String to, String data, BigInteger value, String what) {
    BigInteger wei = value == null ? BigInteger.ZERO : value;
    try {
      Transaction call =
          Transaction.createFunctionCallTransaction(from(), null, null, null, to, wei, data);
      var estimate = web3.ethEstimateGas(call).send();
      if (estimate.hasError()) {
        throw revert(what, estimate.getError());
      }
      BigInteger gas =
          estimate
              .getAmountUsed()
              .multiply(BigInteger.valueOf(5))
              .shiftRight(2)
              .add(BigInteger.valueOf(20_000))
              .min(MAX_GAS);
      BigInteger nonce =
          check(web3.ethGetTransactionCount(from(), DefaultBlockParameterName.PENDING).send(), what)
              .getTransactionCount();
      EthBlock.Block head =
          check(web3.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send(), what)
              .getBlock();
      BigInteger base = Optional.ofNullable(head.getBaseFeePerGas()).orElse(BigInteger.ZERO);
      BigInteger tip = check(web3.ethMaxPriorityFeePerGas().send(), what).getMaxPriorityFeePerGas();
      BigInteger maxFee = base.shiftLeft(1).add(tip);
      RawTransaction tx =
          RawTransaction.createTransaction(
              chainId, nonce, gas, to == null ? "" : to, wei, data, tip, maxFee);
      String signed = Numeric.toHexString(TransactionEncoder.signMessage(tx, chainId, credentials));
      var sent = web3.ethSendRawTransaction(signed).send();
      if (sent.hasError()) {
        throw revert(what, sent.getError());
      }
      TransactionReceipt receipt = await(sent.getTransactionHash(), what);
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
    } catch (IOException e) {
      throw new ChainException(what + ": chain unreachable: " + e.getMessage(), e);
    } catch (ClientConnectionException e) {
      throw httpError(what, e);
    }
  }

  static TxResult result(TransactionReceipt r) {
    return new TxResult(
        r.getTransactionHash(),
        r.getBlockNumber().longValueExact(),
        r.getGasUsed().longValueExact());
  }

  /** Calls a contract at the latest block; returns the raw hex output. */
  String call(String to, String data, String what) {
    try {
      Transaction call = Transaction.createEthCallTransaction(from(), to, data);
      var r = web3.ethCall(call, DefaultBlockParameterName.LATEST).send();
      if (r.hasError()) {
        throw revert(what, r.getError());
      }
      if (r.isReverted()) {
        throw new ChainException(
            what + " reverted: " + r.getRevertReason(), null, r.getRevertReason());
      }
      return r.getValue();
    } catch (IOException e) {
      throw new ChainException(what + ": chain unreachable: " + e.getMessage(), e);
    } catch (ClientConnectionException e) {
      throw httpError(what, e);
    }
  }

  private TransactionReceipt await(String hash, String what) throws IOException {
    long deadline = System.nanoTime() + RECEIPT_TIMEOUT.toNanos();
    int unknown = 0;
    while (true) {
      var r = check(web3.ethGetTransactionReceipt(hash).send(), what).getTransactionReceipt();
      if (r.isPresent()) {
        return r.get();
      }
      // Not mined: still pending, or gone from the node's pool (replaced, evicted, the node
      // restarted). A node behind a load balancer may not know a fresh transaction yet, so only
      // several answers in a row that it is unknown count.
      boolean known =
          check(web3.ethGetTransactionByHash(hash).send(), what).getTransaction().isPresent();
      unknown = known ? 0 : unknown + 1;
      if (unknown >= UNKNOWN_POLLS) {
        throw new ChainException(
            what
                + ": transaction "
                + hash
                + " was dropped before it was mined: the chain's node no longer knows it;"
                + " nothing was spent, send it again",
            null,
            null);
      }
      if (System.nanoTime() > deadline) {
        throw new ChainException(
            what + ": transaction " + hash + " not mined within " + RECEIPT_TIMEOUT, null, null);
      }
      try {
        Thread.sleep(poll.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ChainException(what + ": interrupted while waiting for " + hash, e);
      }
    }
  }

  private ChainException replay(Transaction call, TransactionReceipt receipt, String what)
      throws IOException {
    var r = web3.ethCall(call, DefaultBlockParameter.valueOf(receipt.getBlockNumber())).send();
    if (r.hasError()) {
      return revert(what + " (mined in block " + receipt.getBlockNumber() + ")", r.getError());
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

  /** web3j's unchecked exception for an answer that is no JSON-RPC (an HTTP 4xx or 5xx). */
  private static ChainException httpError(String what, ClientConnectionException e) {
    return new ChainException(
        what + ": the chain's node answered with an HTTP error: " + e.getMessage(), e);
  }

  private ChainException revert(String what, Response.Error error) {
    String[] decoded = abi.decodeError(error.getData());
    if (decoded == null) {
      return new ChainException(what + " failed: " + error.getMessage(), null, null);
    }
    return new ChainException(what + " reverted: " + decoded[1], decoded[0], decoded[1]);
  }

  private static <T extends Response<?>> T check(T response, String what) {
    if (response.hasError()) {
      throw new ChainException(what + " failed: " + response.getError().getMessage(), null, null);
    }
    return response;
  }

  static String hex(byte[] data) {
    return "0x" + HexFormat.of().formatHex(data);
  }
}
