package io.cairn.compute.receipt;

import io.cairn.compute.NodeKey;
import io.cairn.compute.Receipt;
import io.cairn.compute.ReceiptException;
import io.cairn.compute.SignedReceipt;
import io.cairn.storage.HashFunction;
import io.cairn.storage.Multibase;
import io.cairn.storage.Multihash;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** Signs receipts with Ed25519 and ML-DSA-65 and checks both signatures. */
public final class ReceiptSigning {
  /** Keeps a receipt signature from being valid as any other kind of signed message. */
  private static final byte[] DOMAIN = "cairn-receipt-v2\0".getBytes(StandardCharsets.US_ASCII);

  private ReceiptSigning() {}

  /**
   * The bytes both signatures cover: the domain tag, the SHA-256 of the ML-DSA-65 public key (as
   * the receipt carries it), then the receipt's dag-cbor. The Ed25519 signature thus binds the
   * ML-DSA key to the node's identity, as a composite signature binds its component keys: without
   * it anyone could replace the ML-DSA key and signature with their own, and the receipt would
   * still verify (under another CID), so the post-quantum signature would prove nothing.
   */
  public static byte[] message(Receipt receipt, byte[] mlDsaKey) {
    byte[] keyHash = HashFunction.SHA2_256.digest(mlDsaKey);
    byte[] payload = receipt.toDagCbor();
    byte[] out = new byte[DOMAIN.length + keyHash.length + payload.length];
    System.arraycopy(DOMAIN, 0, out, 0, DOMAIN.length);
    System.arraycopy(keyHash, 0, out, DOMAIN.length, keyHash.length);
    System.arraycopy(payload, 0, out, DOMAIN.length + keyHash.length, payload.length);
    return out;
  }

  public static SignedReceipt sign(Receipt receipt, NodeKey nodeKey, KeyPair mlDsa) {
    byte[] edKey = nodeKey.ed25519PublicKey();
    String expected = peerId(edKey);
    if (!expected.equals(receipt.peerId())) {
      throw new IllegalArgumentException(
          "receipt names peer " + receipt.peerId() + " but the node key is " + expected);
    }
    byte[] pqKey = mlDsa.getPublic().getEncoded();
    byte[] message = message(receipt, pqKey);
    byte[] edSig = nodeKey.sign(message);
    byte[] pqSig;
    try {
      Signature s = Signature.getInstance(MlDsaKeyStore.ALGORITHM, MlDsaKeyStore.PROVIDER);
      s.initSign(mlDsa.getPrivate());
      s.update(message);
      pqSig = s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot sign with the ML-DSA-65 key: " + e.getMessage(), e);
    }
    return new SignedReceipt(receipt, edKey, edSig, pqKey, pqSig);
  }

  public static void verify(SignedReceipt signed) {
    byte[] message = message(signed.receipt(), signed.mlDsaKey());
    byte[] edKey = signed.ed25519Key();
    if (edKey.length != Ed25519PublicKeyParameters.KEY_SIZE) {
      throw new ReceiptException("receipt's Ed25519 key has " + edKey.length + " bytes, not 32");
    }
    String peer = peerId(edKey);
    if (!peer.equals(signed.receipt().peerId())) {
      throw new ReceiptException(
          "receipt names peer " + signed.receipt().peerId() + " but is signed by " + peer);
    }
    var ed = new Ed25519Signer();
    ed.init(false, new Ed25519PublicKeyParameters(edKey, 0));
    ed.update(message, 0, message.length);
    if (!ed.verifySignature(signed.ed25519Signature())) {
      throw new ReceiptException("receipt's Ed25519 signature does not verify");
    }
    boolean pqValid;
    try {
      PublicKey key = MlDsaKeyStore.publicKey(signed.mlDsaKey());
      Signature s = Signature.getInstance(MlDsaKeyStore.ALGORITHM, MlDsaKeyStore.PROVIDER);
      s.initVerify(key);
      s.update(message);
      pqValid = s.verify(signed.mlDsaSignature());
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new ReceiptException(
          "receipt's ML-DSA-65 key or signature is malformed: " + e.getMessage());
    }
    if (!pqValid) {
      throw new ReceiptException("receipt's ML-DSA-65 signature does not verify");
    }
  }

  /** libp2p: PublicKey{Type: Ed25519, Data: key} protobuf in an identity multihash, base58btc. */
  public static String peerId(byte[] ed25519PublicKey) {
    byte[] protobuf = new byte[4 + ed25519PublicKey.length];
    protobuf[0] = 0x08; // field 1 (Type), varint
    protobuf[1] = 0x01; // Ed25519
    protobuf[2] = 0x12; // field 2 (Data), length-delimited
    protobuf[3] = (byte) ed25519PublicKey.length;
    System.arraycopy(ed25519PublicKey, 0, protobuf, 4, ed25519PublicKey.length);
    return Multibase.BASE58_BTC.encodeBare(Multihash.of(0x00, protobuf).bytes());
  }
}
