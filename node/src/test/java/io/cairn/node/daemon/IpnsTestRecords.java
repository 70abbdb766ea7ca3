package io.cairn.node.daemon;

import io.cairn.config.Identity;
import io.cairn.node.p2p.NameKeys;
import io.cairn.retrieval.ipns.IpnsRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/** IPNS keys and records for tests of names other than the node's own: keys from a seed byte. */
public final class IpnsTestRecords {
  private IpnsTestRecords() {}

  /** The Ed25519 key whose 32-byte seed is {@code seed} repeated. */
  public static Identity key(byte seed) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, seed);
    return Identity.fromSeed(bytes);
  }

  /** A record of {@code value} signed by {@link #key key(seed)}, with a TTL of 5 minutes. */
  public static IpnsRecord record(byte seed, String value, long sequence, Instant eol, boolean v1) {
    return IpnsRecord.create(
        NameKeys.signer(key(seed)), value, sequence, eol, Duration.ofMinutes(5), v1);
  }

  /** As {@link #record(byte, String, long, Instant, boolean)}, valid for an hour from now. */
  public static IpnsRecord fresh(byte seed, String value, long sequence) {
    return record(seed, value, sequence, Instant.now().plus(Duration.ofHours(1)), true);
  }
}
