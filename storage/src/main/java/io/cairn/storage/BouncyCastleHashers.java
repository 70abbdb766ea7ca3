package io.cairn.storage;

import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.bouncycastle.crypto.digests.Blake3Digest;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * The hash functions {@link HashFunction} takes from Bouncy Castle, in a class of their own: its
 * jar is signed, and the first class loaded from it costs a verification of the whole jar (about
 * 0.15 s) and cannot be kept in the class-data sharing archive. {@link HashFunction} names no
 * Bouncy Castle type, so a command that hashes with SHA-256 alone never loads the jar.
 */
final class BouncyCastleHashers {
  private BouncyCastleHashers() {}

  static HashFunction.Hasher keccak256() {
    return of(new KeccakDigest(256));
  }

  static HashFunction.Hasher blake2b256() {
    return of(new Blake2bDigest(256));
  }

  static HashFunction.Hasher blake3() {
    return of(new Blake3Digest(256));
  }

  private static HashFunction.Hasher of(Digest digest) {
    return (d, o, l) -> {
      digest.update(d, o, l);
      byte[] out = new byte[digest.getDigestSize()];
      digest.doFinal(out, 0);
      return out;
    };
  }
}
