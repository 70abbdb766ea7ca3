package io.cairn.retrieval.p2p.kad;

import io.cairn.storage.Multihash;
import io.cairn.storage.PeerId;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code /pk/} namespace (libp2p's public-key records): the key is {@code /pk/} and a peer ID's
 * multihash, the value that peer's public key in libp2p's protobuf encoding, valid when the peer ID
 * of the value is the key's. Every valid value for a key is the same key, so any is the best.
 */
final class PublicKeyValidator implements RecordValidator {
  static final String NAMESPACE = "pk";
  private static final byte[] PREFIX = "/pk/".getBytes(StandardCharsets.US_ASCII);

  @Override
  public void validate(byte[] key, byte[] value) {
    if (key.length <= PREFIX.length
        || !Arrays.equals(key, 0, PREFIX.length, PREFIX, 0, PREFIX.length)) {
      throw new IllegalArgumentException("a public-key record's key does not start with /pk/");
    }
    Multihash named;
    try {
      named = Multihash.decode(Arrays.copyOfRange(key, PREFIX.length, key.length));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "a public-key record's key does not end in a multihash: " + e.getMessage(), e);
    }
    PeerId of;
    try {
      of = PeerId.fromPublicKey(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "a public-key record's value is not a public key: " + e.getMessage(), e);
    }
    if (!of.multihash().equals(named)) {
      throw new IllegalArgumentException(
          "a public-key record's value is the key of " + of + ", not of the peer its key names");
    }
  }

  @Override
  public int select(byte[] key, List<byte[]> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no values to select from");
    }
    return 0;
  }
}
