package io.cairn.config;

import io.cairn.storage.PeerId;
import io.cairn.storage.codec.KeyProtobuf;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * The node's Ed25519 key pair and the peer ID derived from it. Keys are read and written in
 * libp2p's protobuf encoding (the private key's data is the 32-byte seed followed by the 32-byte
 * public key); {@link #privKey()} is that encoding in base64, as Kubo keeps it in {@code
 * Identity.PrivKey}. {@link #toString()} never shows the private key.
 *
 * <p>The Ed25519 arithmetic (Bouncy Castle's) lives in {@link Ed25519KeyPair}, made on first use: a
 * key read with {@link #fromPrivKeyDeferred} has its peer ID from the public half it carries, so a
 * command that never signs (an offline {@code add}) does not load and verify Bouncy Castle's signed
 * jar.
 */
public final class Identity {
  private static final int SEED_LENGTH = 32;
  private static final int PUBLIC_LENGTH = 32;

  private final byte[] seed;
  private final byte[] publicKey;
  private final PeerId peerId;
  private volatile Ed25519KeyPair keyPair;

  private Identity(byte[] seed, byte[] publicKey, Ed25519KeyPair keyPair) {
    this.seed = seed;
    this.publicKey = publicKey;
    this.keyPair = keyPair;
    this.peerId = PeerId.fromPublicKey(publicKeyProtobuf());
  }

  private static Identity of(Ed25519KeyPair keyPair) {
    return new Identity(keyPair.seed(), keyPair.publicKey(), keyPair);
  }

  /** A new random key pair. */
  public static Identity generate() {
    return generate(new SecureRandom());
  }

  public static Identity generate(SecureRandom random) {
    byte[] seed = new byte[SEED_LENGTH];
    random.nextBytes(seed);
    return fromSeed(seed);
  }

  /** The key pair of a 32-byte Ed25519 seed (RFC 8032 private key). */
  public static Identity fromSeed(byte[] seed) {
    if (seed.length != SEED_LENGTH) {
      throw new IllegalArgumentException(
          "an Ed25519 seed has " + SEED_LENGTH + " bytes, not " + seed.length);
    }
    return of(new Ed25519KeyPair(seed.clone()));
  }

  /**
   * Reads a libp2p {@code PrivateKey} protobuf. Its data is the seed followed by the public key (64
   * bytes), or in the older form the seed and the public key twice (96 bytes); the public key must
   * be the one the seed gives.
   *
   * @throws IllegalArgumentException if the message is malformed, not Ed25519, or inconsistent
   */
  public static Identity fromPrivateKey(byte[] protobuf) {
    return readPrivateKey(protobuf).checkKeyPair();
  }

  /**
   * As {@link #fromPrivateKey}, except that the seed is checked against the public half on first
   * use of the private key ({@link #sign}, {@link #privateKeyProtobuf}) or by {@link
   * #checkKeyPair}, not here: the peer ID comes from the public half.
   */
  private static Identity readPrivateKey(byte[] protobuf) {
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
    return new Identity(
        Arrays.copyOf(data, SEED_LENGTH),
        Arrays.copyOfRange(data, SEED_LENGTH, SEED_LENGTH + PUBLIC_LENGTH),
        null);
  }

  /**
   * Checks that the seed gives the public key this identity was read with.
   *
   * @return this
   * @throws IllegalArgumentException if it does not
   */
  public Identity checkKeyPair() {
    keyPair();
    return this;
  }

  private Ed25519KeyPair keyPair() {
    Ed25519KeyPair pair = keyPair;
    if (pair == null) {
      pair = new Ed25519KeyPair(seed);
      if (!Arrays.equals(pair.publicKey(), publicKey)) {
        throw new IllegalArgumentException(
            "the Ed25519 private key's public half does not belong to its seed");
      }
      keyPair = pair;
    }
    return pair;
  }

  /**
   * Reads a private key as Kubo stores it in {@code Identity.PrivKey}: the base64 of the libp2p
   * protobuf.
   */
  public static Identity fromPrivKey(String base64) {
    return fromPrivKeyDeferred(base64).checkKeyPair();
  }

  /**
   * As {@link #fromPrivKey}, with the seed checked against the public half on first use of the
   * private key ({@link #checkKeyPair}): for the config, read by every command.
   */
  static Identity fromPrivKeyDeferred(String base64) {
    byte[] protobuf;
    try {
      protobuf = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the private key is not valid base64: " + e.getMessage());
    }
    return readPrivateKey(protobuf);
  }

  /** The private key as Kubo stores it in {@code Identity.PrivKey} (base64 of the protobuf). */
  public String privKey() {
    return Base64.getEncoder().encodeToString(privateKeyProtobuf());
  }

  /** The libp2p {@code PrivateKey} protobuf: type Ed25519, data seed || public key. */
  public byte[] privateKeyProtobuf() {
    checkKeyPair();
    byte[] data = new byte[SEED_LENGTH + PUBLIC_LENGTH];
    System.arraycopy(seed, 0, data, 0, SEED_LENGTH);
    System.arraycopy(publicKey, 0, data, SEED_LENGTH, PUBLIC_LENGTH);
    return KeyProtobuf.encode(KeyProtobuf.ED25519, data);
  }

  /** The libp2p {@code PublicKey} protobuf: type Ed25519, data the 32-byte public key. */
  public byte[] publicKeyProtobuf() {
    return KeyProtobuf.encode(KeyProtobuf.ED25519, publicKey);
  }

  /** The 32-byte Ed25519 seed (RFC 8032 private key), checked against the public half. */
  byte[] seed() {
    checkKeyPair();
    return seed.clone();
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
    return keyPair().sign(message);
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
        && MessageDigest.isEqual(seed, other.seed);
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
