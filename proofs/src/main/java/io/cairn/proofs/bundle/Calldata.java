package io.cairn.proofs.bundle;

import io.cairn.proofs.ProofBundle;
import io.cairn.storage.HashFunction;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The Solidity ABI encoding of {@code PDPVerifier.provePossession(uint256 setId, IPDPTypes.Proof[]
 * proofs)} where {@code Proof} is {@code (bytes32 leaf, bytes32[] proof)}: the selector, then the
 * head (set ID, offset of the array), the array length, one offset per element (elements are
 * dynamic tuples; offsets count from just after the length word), and each tuple as leaf, offset of
 * its path (0x40), path length and path.
 */
final class Calldata {
  static final String SIGNATURE = "provePossession(uint256,(bytes32,bytes32[])[])";

  private Calldata() {}

  static byte[] selector() {
    byte[] hash = HashFunction.KECCAK_256.digest(SIGNATURE.getBytes(StandardCharsets.US_ASCII));
    return Arrays.copyOf(hash, 4);
  }

  static byte[] provePossession(ProofBundle bundle) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(selector());
    out.writeBytes(word(bundle.setId()));
    out.writeBytes(word(0x40));
    List<ProofBundle.Proof> proofs = bundle.proofs();
    out.writeBytes(word(proofs.size()));
    long offset = 32L * proofs.size();
    for (ProofBundle.Proof p : proofs) {
      out.writeBytes(word(offset));
      offset += 32L * (3 + p.path().length);
    }
    for (ProofBundle.Proof p : proofs) {
      out.writeBytes(p.leaf());
      out.writeBytes(word(0x40));
      byte[][] path = p.path();
      out.writeBytes(word(path.length));
      for (byte[] node : path) {
        out.writeBytes(node);
      }
    }
    return out.toByteArray();
  }

  private static byte[] word(long v) {
    byte[] raw = BigInteger.valueOf(v).toByteArray();
    byte[] w = new byte[32];
    int n = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - n, w, 32 - n, n);
    return w;
  }
}
