package io.cairn.config;

import io.cairn.storage.PeerId;
import io.cairn.storage.codec.KeyProtobuf;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * A libp2p key pair and the peer ID derived from it: the node's identity (Ed25519) or a keystore
 * key (Ed25519, RSA or secp256k1, as Kubo's keystore holds). Keys are read and written in libp2p's
 * protobuf encoding (an Ed25519 private key's data is the 32-byte seed followed by the 32-byte
 * public key; RSA's PKCS#1 DER; secp256k1's the 32-byte scalar); {@link #privKey()} is that
 * encoding in base64, as Kubo keeps it in {@code Identity.PrivKey}. {@link #toString()} never shows
 * the private key.
 *
 * <p>The Ed25519 arithmetic (Bouncy Castle's) lives in {@link Ed25519KeyPair}, made on first use: a
 * key read with {@link #fromPrivKeyDeferred} has its peer ID from the public half it carries, so a
 * command that never signs (an offline {@code add}) does not load and verify Bouncy Castle's signed
 * jar. RSA ({@link RsaKeyPair}) and secp256k1 ({@link Secp256k1KeyPair}) keys are made when read.
 */
public final class Identity {
  private static final int SEED_LENGTH = 32;
  private static final int PUBLIC_LENGTH = 32;

  private final int type;
  private final byte[] privateData;
  private final byte[] publicKey;
  private final PeerId peerId;
  private volatile SigningKey keyPair;

  private Identity(int type, byte[] privateData, byte[] publicKey, SigningKey keyPair) {
    this.type = type;
    this.privateData = privateData;
    this.publicKey = publicKey;
    this.keyPair = keyPair;
    this.peerId = PeerId.fromPublicKey(publicKeyProtobuf());
  }

  /** The identity of a key pair (one {@link Pkcs8Pem} has read, or a new one). */
  static Identity of(SigningKey keyPair) {
    return new Identity(keyPair.type(), keyPair.privateData(), keyPair.publicData(), keyPair);
  }

  /** A new random Ed25519 key pair. */
  public static Identity generate() {
    return generate(new SecureRandom());
  }

  public static Identity generate(SecureRandom random) {
    byte[] seed = new byte[SEED_LENGTH];
    random.nextBytes(seed);
    return fromSeed(seed);
  }

  /**
   * A new random RSA key pair of {@code bits} bits (2048 to 8192), public exponent 65537.
   *
   * @throws IllegalArgumentException outside those sizes, in go-libp2p's words
   */
  public static Identity generateRsa(int bits) {
    return of(RsaKeyPair.generate(bits, new SecureRandom()));
  }

  /** A new random secp256k1 key pair. */
  public static Identity generateSecp256k1() {
    return of(Secp256k1KeyPair.generate(new SecureRandom()));
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
   * Reads a libp2p {@code PrivateKey} protobuf of an Ed25519, RSA or secp256k1 key. An Ed25519
   * key's data is the seed followed by the public key (64 bytes), or in the older form the seed and
   * the public key twice (96 bytes); the public key must be the one the seed gives. An RSA key's is
   * PKCS#1 DER of 2048 to 8192 bits, a secp256k1 key's the 32-byte scalar.
   *
   * @throws IllegalArgumentException if the message is malformed, of another type, or inconsistent
   */
  public static Identity fromPrivateKey(byte[] protobuf) {
    KeyProtobuf.Key key = KeyProtobuf.decode(protobuf, "private key");
    return switch (key.type()) {
      case KeyProtobuf.RSA -> of(RsaKeyPair.fromPkcs1(key.data()));
      case KeyProtobuf.SECP256K1 -> of(Secp256k1KeyPair.fromScalar(key.data()));
      case KeyProtobuf.ED25519 -> readEd25519(key).checkKeyPair();
      default ->
          throw new IllegalArgumentException(
              "the private key has type "
                  + key.typeName()
                  + "; Cairn's keys are Ed25519, RSA or Secp256k1");
    };
  }

  /**
   * An Ed25519 private key whose seed is checked against the public half on first use of the
   * private key ({@link #sign}, {@link #privateKeyProtobuf}) or by {@link #checkKeyPair}, not here:
   * the peer ID comes from the public half.
   */
  private static Identity readEd25519(KeyProtobuf.Key key) {
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
        KeyProtobuf.ED25519,
        Arrays.copyOf(data, SEED_LENGTH + PUBLIC_LENGTH),
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

  private SigningKey keyPair() {
    SigningKey pair = keyPair;
    if (pair == null) {
      pair = new Ed25519KeyPair(Arrays.copyOf(privateData, SEED_LENGTH));
      if (!Arrays.equals(pair.publicData(), publicKey)) {
        throw new IllegalArgumentException(
            "the Ed25519 private key's public half does not belong to its seed");
      }
      keyPair = pair;
    }
    return pair;
  }

  /**
   * Reads a node identity as Kubo stores it in {@code Identity.PrivKey}: the base64 of the libp2p
   * protobuf. Cairn's node identity is Ed25519.
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
    KeyProtobuf.Key key = KeyProtobuf.decode(protobuf, "private key");
    if (key.type() != KeyProtobuf.ED25519) {
      throw new IllegalArgumentException(
          "the private key has type " + key.typeName() + "; Cairn node keys must be Ed25519");
    }
    return readEd25519(key);
  }

  /** The private key as Kubo stores it in {@code Identity.PrivKey} (base64 of the protobuf). */
  public String privKey() {
    return Base64.getEncoder().encodeToString(privateKeyProtobuf());
  }

  /**
   * The libp2p {@code PrivateKey} protobuf: Ed25519 data seed || public key, RSA PKCS#1 DER,
   * secp256k1 the 32-byte scalar.
   */
  public byte[] privateKeyProtobuf() {
    checkKeyPair();
    return KeyProtobuf.encode(type, privateData);
  }

  /**
   * The libp2p {@code PublicKey} protobuf: Ed25519 data the 32-byte public key, RSA PKIX DER,
   * secp256k1 the 33-byte compressed point.
   */
  public byte[] publicKeyProtobuf() {
    return KeyProtobuf.encode(type, publicKey);
  }

  /**
   * The unencrypted PKCS#8 {@code PrivateKeyInfo} (DER), as Kubo's {@code key export} writes it.
   */
  byte[] pkcs8() {
    return keyPair().pkcs8();
  }

  /** The 32-byte Ed25519 seed (RFC 8032 private key), checked against the public half. */
  byte[] seed() {
    if (type != KeyProtobuf.ED25519) {
      throw new IllegalStateException("a " + KeyProtobuf.typeName(type) + " key has no seed");
    }
    checkKeyPair();
    return Arrays.copyOf(privateData, SEED_LENGTH);
  }

  /** The public key's libp2p data: for Ed25519 the raw 32-byte key. */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** The libp2p {@code KeyType} ({@link KeyProtobuf#ED25519}, {@code RSA}, {@code SECP256K1}). */
  public int type() {
    return type;
  }

  public PeerId peerId() {
    return peerId;
  }

  /** The key type as Kubo names it when it generates one ({@code ED25519}, {@code RSA}...). */
  public String keyType() {
    return KeyProtobuf.typeName(type).toUpperCase(java.util.Locale.ROOT);
  }

  /**
   * The libp2p signature of {@code message}: Ed25519 (64 bytes) over the message, RSA
   * (RSASSA-PKCS1-v1_5) and secp256k1 (ECDSA, DER) over its SHA-256.
   */
  public byte[] sign(byte[] message) {
    return keyPair().sign(message);
  }

  /**
   * Whether {@code signature} is this key's signature of {@code message}, checked with its public
   * key (an RSA key's peer ID does not carry it).
   */
  public boolean verify(byte[] message, byte[] signature) {
    return PeerId.verifySignature(publicKeyProtobuf(), message, signature);
  }

  /** Two identities are equal when they hold the same key. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Identity other
        && peerId.equals(other.peerId)
        && type == other.type
        && MessageDigest.isEqual(privateData, other.privateData);
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
