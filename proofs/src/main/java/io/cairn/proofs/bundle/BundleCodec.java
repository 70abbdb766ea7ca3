package io.cairn.proofs.bundle;

import io.cairn.proofs.ProofBundle;

/** Encodes and decodes proof bundles; the formats are in {@code docs/proofs.md}. */
public final class BundleCodec {
  private BundleCodec() {}

  public static String toJson(ProofBundle bundle) {
    return BundleJson.encode(bundle);
  }

  public static byte[] toBinary(ProofBundle bundle) {
    return BundleBinary.encode(bundle);
  }

  public static byte[] calldata(ProofBundle bundle) {
    return Calldata.provePossession(bundle);
  }

  public static byte[] provePeriodCalldata(ProofBundle bundle, byte[] header) {
    return Calldata.provePeriod(bundle, header);
  }

  /** Decodes JSON (first non-blank byte {@code '{'}) or binary. */
  public static ProofBundle decode(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      throw new IllegalArgumentException("proof bundle is empty");
    }
    for (byte b : bytes) {
      if (b == '{') {
        return BundleJson.decode(bytes);
      }
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        break;
      }
    }
    return BundleBinary.decode(bytes);
  }
}
