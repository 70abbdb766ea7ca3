package io.cairn.chain;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.BatchResponse;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.exceptions.ClientConnectionException;
import org.web3j.rlp.RlpEncoder;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpString;
import org.web3j.rlp.RlpType;

/**
 * A block's header in the RLP encoding its hash is taken over, which {@code
 * Randomness.prevrandaoOf} checks against the block hash on chain before it reads the header's
 * {@code mixHash} (the block's {@code prevrandao}).
 *
 * <p>The header is rebuilt from {@code eth_getBlockByNumber}: every header field the answer has, in
 * the canonical order ({@link #FIELDS}); integers as minimal big-endian bytes (0 as the empty
 * string), hashes, addresses, the bloom and the nonce as their fixed bytes. A chain that adds a
 * header field this does not know yields an encoding that does not hash to the block's hash: that
 * is refused here, before a transaction carries it.
 */
final class BlockHeaders {
  /** How a header field is encoded. */
  private enum Kind {
    BYTES,
    INTEGER
  }

  private record Field(String name, Kind kind) {}

  /** The header fields in their canonical order, up to Prague's {@code requestsHash}. */
  private static final List<Field> FIELDS =
      List.of(
          new Field("parentHash", Kind.BYTES),
          new Field("sha3Uncles", Kind.BYTES),
          new Field("miner", Kind.BYTES),
          new Field("stateRoot", Kind.BYTES),
          new Field("transactionsRoot", Kind.BYTES),
          new Field("receiptsRoot", Kind.BYTES),
          new Field("logsBloom", Kind.BYTES),
          new Field("difficulty", Kind.INTEGER),
          new Field("number", Kind.INTEGER),
          new Field("gasLimit", Kind.INTEGER),
          new Field("gasUsed", Kind.INTEGER),
          new Field("timestamp", Kind.INTEGER),
          new Field("extraData", Kind.BYTES),
          new Field("mixHash", Kind.BYTES),
          new Field("nonce", Kind.BYTES),
          new Field("baseFeePerGas", Kind.INTEGER),
          new Field("withdrawalsRoot", Kind.BYTES),
          new Field("blobGasUsed", Kind.INTEGER),
          new Field("excessBlobGas", Kind.INTEGER),
          new Field("parentBeaconBlockRoot", Kind.BYTES),
          new Field("requestsHash", Kind.BYTES));

  /** The fields up to {@code nonce} every header has since Frontier. */
  private static final int REQUIRED = 15;

  /** {@code eth_getBlockByNumber}'s answer as raw JSON, all fields kept. */
  static final class BlockResponse extends Response<Map<String, Object>> {}

  private BlockHeaders() {}

  /**
   * The RLP-encoded header of block {@code blockNumber}, checked to hash to the block's hash.
   *
   * @throws ChainException when the node cannot be reached, has no such block, or the header
   *     rebuilt from its answer does not hash to the block's hash
   */
  static byte[] rlpHeader(Web3j web3, long blockNumber) {
    if (blockNumber < 0) {
      throw new IllegalArgumentException("block number " + blockNumber + " is negative");
    }
    // web3j's typed EthBlock.Block lacks the newest fields (requestsHash), and a Web3j does not
    // show its service to build a raw Request on: the request rides in a batch of one, which the
    // Web3j sends on its own service and answers with the request's own response type.
    Request<Object, BlockResponse> request =
        new Request<>(
            "eth_getBlockByNumber",
            List.of("0x" + Long.toHexString(blockNumber), false),
            null,
            BlockResponse.class);
    BatchResponse batch;
    try {
      batch = web3.newBatch().add(request).send();
    } catch (IOException e) {
      throw new ChainException(
          "block "
              + blockNumber
              + "'s header: eth_getBlockByNumber: chain unreachable: "
              + e.getMessage(),
          e);
    } catch (ClientConnectionException e) {
      throw new ChainException(
          "block "
              + blockNumber
              + "'s header: eth_getBlockByNumber: the chain's node answered with an HTTP error: "
              + e.getMessage(),
          e);
    }
    if (batch.getResponses().size() != 1) {
      throw new ChainException(
          "eth_getBlockByNumber for block " + blockNumber + " got no answer", null, null);
    }
    Response<?> answer = batch.getResponses().get(0);
    if (answer.hasError()) {
      throw new ChainException(
          "eth_getBlockByNumber for block "
              + blockNumber
              + " failed: "
              + answer.getError().getMessage(),
          null,
          null);
    }
    if (!(answer.getResult() instanceof Map<?, ?> block)) {
      throw new ChainException("block " + blockNumber + " does not exist yet", null, null);
    }
    return encode(blockNumber, block);
  }

  /**
   * Encodes the header of {@code block}, an {@code eth_getBlockByNumber} answer, and checks that it
   * hashes to the answer's {@code hash}.
   */
  static byte[] encode(long blockNumber, Map<?, ?> block) {
    List<RlpType> fields = new ArrayList<>(FIELDS.size());
    for (int i = 0; i < FIELDS.size(); i++) {
      Field f = FIELDS.get(i);
      Object value = block.get(f.name());
      if (value == null) {
        if (i < REQUIRED) {
          throw new ChainException(
              "block " + blockNumber + "'s answer has no header field " + f.name(), null, null);
        }
        continue;
      }
      byte[] bytes = hex(blockNumber, f.name(), value);
      fields.add(RlpString.create(f.kind() == Kind.INTEGER ? minimal(bytes) : bytes));
    }
    byte[] rlp = RlpEncoder.encode(new RlpList(fields));
    byte[] hash = hex(blockNumber, "hash", block.get("hash"));
    if (!Arrays.equals(Hash.sha3(rlp), hash)) {
      throw new ChainException(
          "block "
              + blockNumber
              + ": the header encoding does not match the block hash "
              + block.get("hash")
              + " (the chain's headers have fields this node does not know)",
          null,
          null);
    }
    return rlp;
  }

  private static byte[] hex(long blockNumber, String field, Object value) {
    if (!(value instanceof String s) || !s.startsWith("0x")) {
      throw new ChainException(
          "block " + blockNumber + "'s " + field + " is not a hex string: " + value, null, null);
    }
    String digits = s.substring(2);
    if (digits.length() % 2 != 0) {
      digits = "0" + digits;
    }
    try {
      return HexFormat.of().parseHex(digits);
    } catch (IllegalArgumentException e) {
      throw new ChainException(
          "block " + blockNumber + "'s " + field + " is not a hex string: " + value, e);
    }
  }

  /** The integer's bytes without leading zeros (0 is the empty string). */
  private static byte[] minimal(byte[] bytes) {
    int start = 0;
    while (start < bytes.length && bytes[start] == 0) {
      start++;
    }
    return Arrays.copyOfRange(bytes, start, bytes.length);
  }
}
