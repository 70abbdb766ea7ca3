package io.cairn.chain;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.Web3jService;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.utils.Numeric;

/**
 * A block's RLP-encoded header, as the contracts' {@code Randomness.prevrandaoOf} reads it: every
 * field of {@code eth_getBlockByNumber}'s answer in the canonical order, integers minimal
 * big-endian (0 as the empty string), checked to hash to the block's hash.
 */
final class BlockHeaders {
  /** The header fields in their RLP order; those from {@code baseFeePerGas} on are optional. */
  private static final List<String> FIELDS =
      List.of(
          "parentHash",
          "sha3Uncles",
          "miner",
          "stateRoot",
          "transactionsRoot",
          "receiptsRoot",
          "logsBloom",
          "difficulty",
          "number",
          "gasLimit",
          "gasUsed",
          "timestamp",
          "extraData",
          "mixHash",
          "nonce",
          "baseFeePerGas",
          "withdrawalsRoot",
          "blobGasUsed",
          "excessBlobGas",
          "parentBeaconBlockRoot",
          "requestsHash");

  private static final java.util.Set<String> INTEGERS =
      java.util.Set.of(
          "difficulty",
          "number",
          "gasLimit",
          "gasUsed",
          "timestamp",
          "baseFeePerGas",
          "blobGasUsed",
          "excessBlobGas");

  private static final int REQUIRED = 15;

  /** A response whose result is the block as JSON. */
  static final class BlockResponse extends Response<Map<String, Object>> {}

  private BlockHeaders() {}

  /**
   * The RLP header of block {@code blockNumber}.
   *
   * @throws ChainException when the block is not available or its header does not hash to its hash
   *     (a field this encoding does not know)
   */
  static byte[] rlpHeader(Web3j web3, long blockNumber) {
    Map<String, Object> block;
    try {
      Request<?, ?> probe =
          web3.ethGetBlockByNumber(
              DefaultBlockParameter.valueOf(BigInteger.valueOf(blockNumber)), false);
      BlockResponse r =
          new Request<>(
                  "eth_getBlockByNumber",
                  List.of(Numeric.encodeQuantity(BigInteger.valueOf(blockNumber)), false),
                  serviceOf(probe),
                  BlockResponse.class)
              .send();
      if (r.hasError() || r.getResult() == null) {
        throw new ChainException("block " + blockNumber + " is not available", null, null);
      }
      block = r.getResult();
    } catch (IOException e) {
      throw new ChainException(
          "block " + blockNumber + ": chain unreachable: " + e.getMessage(), e);
    }
    ByteArrayOutputStream fields = new ByteArrayOutputStream();
    for (int i = 0; i < FIELDS.size(); i++) {
      Object v = block.get(FIELDS.get(i));
      if (v == null) {
        if (i < REQUIRED) {
          throw new ChainException(
              "block " + blockNumber + " has no " + FIELDS.get(i) + " field", null, null);
        }
        break;
      }
      byte[] raw = Numeric.hexStringToByteArray((String) v);
      if (INTEGERS.contains(FIELDS.get(i))) {
        raw = new BigInteger(1, raw).toByteArray();
        raw = raw[0] == 0 ? Arrays.copyOfRange(raw, 1, raw.length) : raw;
      }
      fields.writeBytes(string(raw));
    }
    byte[] header = list(fields.toByteArray());
    String hash = (String) block.get("hash");
    if (hash == null || !Arrays.equals(Hash.sha3(header), Numeric.hexStringToByteArray(hash))) {
      throw new ChainException(
          "block " + blockNumber + ": its encoded header does not hash to its hash " + hash,
          null,
          null);
    }
    return header;
  }

  private static Web3jService serviceOf(Request<?, ?> r) {
    try {
      Field f = Request.class.getDeclaredField("web3jService");
      f.setAccessible(true);
      return (Web3jService) f.get(r);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("web3j request without its service", e);
    }
  }

  private static byte[] string(byte[] b) {
    if (b.length == 1 && (b[0] & 0xff) < 0x80) {
      return b;
    }
    return concat(length(b.length, 0x80), b);
  }

  private static byte[] list(byte[] payload) {
    return concat(length(payload.length, 0xc0), payload);
  }

  private static byte[] length(int n, int offset) {
    if (n < 56) {
      return new byte[] {(byte) (offset + n)};
    }
    byte[] len = BigInteger.valueOf(n).toByteArray();
    len = len[0] == 0 ? Arrays.copyOfRange(len, 1, len.length) : len;
    byte[] out = new byte[1 + len.length];
    out[0] = (byte) (offset + 55 + len.length);
    System.arraycopy(len, 0, out, 1, len.length);
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
