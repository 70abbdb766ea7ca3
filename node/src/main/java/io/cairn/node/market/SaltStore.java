package io.cairn.node.market;

import io.cairn.storage.KeyValueTable;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a verifier committed for a disputed job (its salt, output CID and fuel), kept in the node
 * state so that a restart between the commit and the reveal still reveals. The salt is random per
 * job.
 */
final class SaltStore {
  /** The node-state table. */
  static final String TABLE = "market-commitments";

  private static final SecureRandom RANDOM = new SecureRandom();
  private final KeyValueTable table;

  /** A commitment's contents. */
  record Committed(byte[] salt, byte[] outputCid, long fuelUsed) {}

  SaltStore(KeyValueTable table) {
    this.table = table;
  }

  /** The salt for {@code jobId}: the stored one, or a fresh random one stored now. */
  Committed remember(BigInteger jobId, byte[] outputCid, long fuelUsed) {
    Optional<Committed> old = get(jobId);
    if (old.isPresent()
        && Arrays.equals(old.get().outputCid(), outputCid)
        && old.get().fuelUsed() == fuelUsed) {
      return old.get();
    }
    byte[] salt = new byte[32];
    RANDOM.nextBytes(salt);
    ByteBuffer b = ByteBuffer.allocate(32 + Long.BYTES + outputCid.length);
    b.put(salt).putLong(fuelUsed).put(outputCid);
    table.put(key(jobId), b.array());
    return new Committed(salt, outputCid.clone(), fuelUsed);
  }

  Optional<Committed> get(BigInteger jobId) {
    return table
        .get(key(jobId))
        .map(
            v -> {
              ByteBuffer b = ByteBuffer.wrap(v);
              byte[] salt = new byte[32];
              b.get(salt);
              long fuel = b.getLong();
              byte[] cid = new byte[b.remaining()];
              b.get(cid);
              return new Committed(salt, cid, fuel);
            });
  }

  void forget(BigInteger jobId) {
    table.delete(key(jobId));
  }

  private static byte[] key(BigInteger jobId) {
    byte[] k = new byte[32];
    byte[] v = jobId.toByteArray();
    int n = Math.min(v.length, 32);
    System.arraycopy(v, v.length - n, k, 32 - n, n);
    return k;
  }
}
