package io.cairn.config;

import io.cairn.storage.PeerId;
import io.cairn.storage.codec.KeyProtobuf;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The node's Ed25519 key pair and the peer ID derived from it. Keys are read and written in
 * libp2p's protobuf encoding (the private key's data is the 32-byte seed followed by the 32-byte
 * public key); {@link #privKey()} is that encoding in base64, as Kubo keeps it in {@code
 * Identity.PrivKey}. {@link #toString()} never shows the private key.
 */
public final class Identity {
  private static final int SEED_LENGTH = Ed25519PrivateKeyParameters.KEY_SIZE;
  private static final int PUBLIC_LENGTH = Ed25519PublicKeyParameters.KEY_SIZE;

  private final Ed25519PrivateKeyParameters privateKey;
  private final byte[] publicKey;
  private final PeerId peerId;

  private Identity(Ed25519PrivateKeyParameters privateKey) {
    this.privateKey = privateKey;
    this.publicKey = privateKey.generatePublicKey().getEncoded();
    this.peerId = PeerId.fromPublicKey(publicKeyProtobuf());
  }

  /** A new random key pair. */
  public static Identity generate() {
    return generate(new SecureRandom());
  }

  public static Identity generate(SecureRandom random) {
    return new Identity(new Ed25519PrivateKeyParameters(random));
  }

  /** The key pair of a 32-byte Ed25519 seed (RFC 8032 private key). */
  public static Identity fromSeed(byte[] seed) {
    if (seed.length != SEED_LENGTH) {
      throw new IllegalArgumentException(
          "an Ed25519 seed has " + SEED_LENGTH + " bytes, not " + seed.length);
    }
    return new Identity(new Ed25519PrivateKeyParameters(seed, 0));
  }

  /**
   * Reads a libp2p {@code PrivateKey} protobuf. Its data is the seed followed by the public key (64
   * bytes), or in the older form the seed and the public key twice (96 bytes); the public key must
   * be the one the seed gives.
   *
   * @throws IllegalArgumentException if the message is malformed, not Ed25519, or inconsistent
   */
  public static Identity fromPrivateKey(byte[] protobuf) {
    KeyProtobuf.Key key = KeyProtobuf.decode(protobuf, "private key");
    if (key.type() != KeyProtobuf.ED25519) {
      throw new IllegalArgumentException(
          "the private key has type " + key.typeName() + "; Cairn node keys must be Ed25519");
    }
    byte[] data = key.data();
    if (data.length != SEED_LENGTH + PUBLIC_LENGTH
        && data.length != SEED_LENGTH + 2 * PUBLIC_LENGTH) {
      throw new IllegalArgumentException(
          "an Ed25519 private key has 64 bytes (seed and public key), not " + data.length);
    }
    if (data.length == SEED_LENGTH + 2 * PUBLIC_LENGTH
        && !Arrays.equals(data, 32, 64, data, 64, 96)) {
      throw new IllegalArgumentException(
          "the 96-byte Ed25519 private key holds two different public keys");
    }
    Identity identity = fromSeed(Arrays.copyOf(data, SEED_LENGTH));
    if (!Arrays.equals(data, SEED_LENGTH, SEED_LENGTH + PUBLIC_LENGTH, identity.publicKey, 0, 32)) {
      throw new IllegalArgumentException(
          "the Ed25519 private key's public half does not belong to its seed");
    }
    return identity;
  }

  /**
   * Reads a private key as Kubo stores it in {@code Identity.PrivKey}: the base64 of the libp2p
   * protobuf.
   */
  public static Identity fromPrivKey(String base64) {
    byte[] protobuf;
    try {
      protobuf = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the private key is not valid base64: " + e.getMessage());
    }
    return fromPrivateKey(protobuf);
  }

  /** The private key as Kubo stores it in {@code Identity.PrivKey} (base64 of the protobuf). */
  public String privKey() {
    return Base64.getEncoder().encodeToString(privateKeyProtobuf());
  }

  /** The libp2p {@code PrivateKey} protobuf: type Ed25519, data seed || public key. */
  public byte[] privateKeyProtobuf() {
    byte[] data = new byte[SEED_LENGTH + PUBLIC_LENGTH];
    privateKey.encode(data, 0);
    System.arraycopy(publicKey, 0, data, SEED_LENGTH, PUBLIC_LENGTH);
    return KeyProtobuf.encode(KeyProtobuf.ED25519, data);
  }

  /** The libp2p {@code PublicKey} protobuf: type Ed25519, data the 32-byte public key. */
  public byte[] publicKeyProtobuf() {
    return KeyProtobuf.encode(KeyProtobuf.ED25519, publicKey);
  }

  /** The raw 32-byte Ed25519 public key. */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  public PeerId peerId() {
    return peerId;
  }

  /** The key type as Kubo names it when it generates one ({@code ED25519}). */
  public String keyType() {
    return "ED25519";
  }

  /** An Ed25519 signature (64 bytes) of {@code message}. */
  public byte[] sign(byte[] message) {
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, privateKey);
    signer.update(message, 0, message.length);
    return signer.generateSignature();
  }

  /** Whether {@code signature} is this key's signature of {@code message}. */
  public boolean verify(byte[] message, byte[] signature) {
    return peerId.verify(message, signature);
  }

  /** Two identities are equal when they hold the same key. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Identity other
        && peerId.equals(other.peerId)
        && MessageDigest.isEqual(privateKey.getEncoded(), other.privateKey.getEncoded());
  }

  @Override
  public int hashCode() {
    return peerId.hashCode();
  }

  @Override
  public String toString() {
    return "Identity[" + peerId + "]";
  }
}
