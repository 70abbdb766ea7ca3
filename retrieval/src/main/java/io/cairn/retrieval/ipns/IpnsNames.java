package io.cairn.retrieval.ipns;

import io.cairn.storage.HashFunction;
import io.cairn.storage.Multihash;
import io.cairn.storage.PeerId;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * IPNS names and their DHT routing keys. A name is a libp2p peer ID: written as a CIDv1 with the
 * libp2p-key codec in base36 ({@code k51...}, as Kubo shows names), read in that form in any
 * multibase or as a bare base58btc peer ID ({@code 12D3KooW...}, {@code Qm...}). Its routing key is
 * {@code "/ipns/"} followed by the peer ID's multihash bytes.
 */
final class IpnsNames {
  private static final byte[] PREFIX = "/ipns/".getBytes(StandardCharsets.US_ASCII);

  private IpnsNames() {}

  static PeerId parse(String text) {
    try {
      return PeerId.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IpnsException("IPNS name is not valid: " + e.getMessage(), e);
    }
  }

  static String format(PeerId name) {
    return name.toBase36();
  }

  static byte[] routingKey(PeerId name) {
    byte[] id = name.bytes();
    byte[] key = Arrays.copyOf(PREFIX, PREFIX.length + id.length);
    System.arraycopy(id, 0, key, PREFIX.length, id.length);
    return key;
  }

  static PeerId nameOfRoutingKey(byte[] key) {
    if (key.length < PREFIX.length
        || !Arrays.equals(key, 0, PREFIX.length, PREFIX, 0, PREFIX.length)) {
      throw new IpnsException("IPNS routing key does not start with /ipns/");
    }
    Multihash multihash;
    try {
      multihash = Multihash.decode(Arrays.copyOfRange(key, PREFIX.length, key.length));
    } catch (IllegalArgumentException e) {
      throw new IpnsException("IPNS routing key's multihash is malformed: " + e.getMessage(), e);
    }
    if (multihash.code() != HashFunction.IDENTITY.code()
        && multihash.code() != HashFunction.SHA2_256.code()) {
      throw new IpnsException(
          "IPNS routing key's multihash must be identity or sha2-256, not "
              + multihash.functionName());
    }
    try {
      return PeerId.fromMultihash(multihash);
    } catch (IllegalArgumentException e) {
      throw new IpnsException("IPNS routing key holds no peer ID: " + e.getMessage(), e);
    }
  }
}
