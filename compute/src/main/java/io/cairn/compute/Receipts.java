package io.cairn.compute;

import io.cairn.compute.receipt.ReceiptSigning;
import java.security.KeyPair;

/** Signs and verifies job receipts. */
public final class Receipts {
  private Receipts() {}

  /**
   * Signs {@code receipt} with the node's Ed25519 key and its ML-DSA-65 key pair.
   *
   * @throws IllegalArgumentException if the receipt's peer ID is not the Ed25519 key's, or the pair
   *     is not ML-DSA-65
   */
  public static SignedReceipt sign(Receipt receipt, NodeKey nodeKey, KeyPair mlDsa65) {
    return ReceiptSigning.sign(receipt, nodeKey, mlDsa65);
  }

  /**
   * Checks both signatures, and that the receipt's peer ID is the Ed25519 key's.
   *
   * @throws ReceiptException naming the check that failed
   */
  public static void verify(SignedReceipt receipt) {
    ReceiptSigning.verify(receipt);
  }

  /**
   * The bytes both signatures cover: a domain tag, the SHA-256 of the ML-DSA-65 public key ({@code
   * mlDsaKey}, X.509 encoding), then the receipt's dag-cbor.
   */
  public static byte[] signedMessage(Receipt receipt, byte[] mlDsaKey) {
    return ReceiptSigning.message(receipt, mlDsaKey);
  }

  /** The libp2p peer ID ({@code 12D3KooW…}) of a raw Ed25519 public key. */
  public static String peerId(byte[] ed25519PublicKey) {
    return ReceiptSigning.peerId(ed25519PublicKey);
  }
}
