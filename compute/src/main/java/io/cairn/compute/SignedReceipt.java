package io.cairn.compute;

import io.cairn.compute.receipt.ReceiptCodec;
import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import io.cairn.storage.Multicodec;
import java.util.Arrays;
import java.util.Objects;

/**
 * A receipt with its two signatures: Ed25519 by the node's identity key and ML-DSA-65 (FIPS 204) by
 * its post-quantum key. Both cover the same message ({@link Receipts#signedMessage}); {@link
 * Receipts#verify} checks both.
 *
 * @param receipt what is signed
 * @param ed25519Key the raw 32-byte Ed25519 public key
 * @param ed25519Signature 64 bytes
 * @param mlDsaKey the ML-DSA-65 public key, X.509 SubjectPublicKeyInfo encoding
 * @param mlDsaSignature the ML-DSA-65 signature
 */
public record SignedReceipt(
    Receipt receipt,
    byte[] ed25519Key,
    byte[] ed25519Signature,
    byte[] mlDsaKey,
    byte[] mlDsaSignature) {
  public SignedReceipt {
    Objects.requireNonNull(receipt, "receipt");
    ed25519Key = ed25519Key.clone();
    ed25519Signature = ed25519Signature.clone();
    mlDsaKey = mlDsaKey.clone();
    mlDsaSignature = mlDsaSignature.clone();
  }

  @Override
  public byte[] ed25519Key() {
    return ed25519Key.clone();
  }

  @Override
  public byte[] ed25519Signature() {
    return ed25519Signature.clone();
  }

  @Override
  public byte[] mlDsaKey() {
    return mlDsaKey.clone();
  }

  @Override
  public byte[] mlDsaSignature() {
    return mlDsaSignature.clone();
  }

  public byte[] toDagCbor() {
    return ReceiptCodec.toDagCbor(this);
  }

  /** The receipt's CID: CIDv1, dag-cbor, sha2-256. */
  public Cid cid() {
    return Cid.compute(1, Multicodec.DAG_CBOR.code(), HashFunction.SHA2_256, toDagCbor());
  }

  /**
   * Reads a signed receipt; the signatures are not checked here (see {@link Receipts#verify}).
   *
   * @throws IllegalArgumentException naming the field that is missing or malformed
   */
  public static SignedReceipt fromDagCbor(byte[] bytes) {
    return ReceiptCodec.fromDagCbor(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignedReceipt s
        && receipt.equals(s.receipt)
        && Arrays.equals(ed25519Key, s.ed25519Key)
        && Arrays.equals(ed25519Signature, s.ed25519Signature)
        && Arrays.equals(mlDsaKey, s.mlDsaKey)
        && Arrays.equals(mlDsaSignature, s.mlDsaSignature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        receipt, Arrays.hashCode(ed25519Signature), Arrays.hashCode(mlDsaSignature));
  }

  @Override
  public String toString() {
    return "SignedReceipt[" + receipt + "]";
  }
}
