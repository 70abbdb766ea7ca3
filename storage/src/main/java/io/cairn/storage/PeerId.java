package io.cairn.storage;

import io.cairn.storage.codec.KeyProtobuf;
import java.util.Optional;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * A libp2p peer ID: the multihash of a peer's encoded public key, the identity multihash when the
 * encoded key is at most 42 bytes (Ed25519: {@code 12D3KooW...}), sha2-256 otherwise ({@code
 * Qm...}). Shown as bare base58btc; also as a CIDv1 with the libp2p-key codec ({@code k51...} in
 * base36, as IPNS names are shown). Immutable; compares by its multihash.
 */
public final class PeerId implements Comparable<PeerId> {
  /** Encoded public keys up to this length are inlined in the peer ID (libp2p peer-ids spec). */
  static final int MAX_INLINE_KEY_LENGTH = 42;

  private final Multihash multihash;

  private PeerId(Multihash multihash) {
    this.multihash = multihash;
  }

  /**
   * Parses a peer ID as base58btc multihash ({@code 12D3KooW...}, {@code Qm...}) or as a multibase
   * CIDv1 with the libp2p-key codec ({@code k51...}, {@code bafz...}).
   *
   * @throws IllegalArgumentException naming the text and what is wrong with it
   */
  public static PeerId parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("peer ID is empty");
    }
    try {
      if (text.startsWith("1") || text.startsWith("Qm")) {
        return fromMultihash(Multihash.decode(Multibase.BASE58_BTC.decodeBare(text)));
      }
      Cid cid = Cid.parse(text);
      if (!cid.isCodec(Multicodec.LIBP2P_KEY)) {
        throw new IllegalArgumentException(
            "it is a CID with codec " + Multicodec.nameOf(cid.codec()) + ", not libp2p-key");
      }
      return fromMultihash(cid.multihash());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "peer ID '" + text + "' is not valid: " + e.getMessage(), e);
    }
  }

  /** A peer ID from its binary form (a multihash). */
  public static PeerId decode(byte[] bytes) {
    return fromMultihash(Multihash.decode(bytes));
  }

  /**
   * A peer ID from its multihash, which must be sha2-256 or an identity multihash holding a libp2p
   * public key.
   */
  public static PeerId fromMultihash(Multihash multihash) {
    if (multihash.code() == HashFunction.IDENTITY.code()) {
      KeyProtobuf.decode(multihash.digest(), "public key");
    } else if (multihash.code() != HashFunction.SHA2_256.code()) {
      throw new IllegalArgumentException(
          "a peer ID's multihash must be identity or sha2-256, not " + multihash.functionName());
    }
    return new PeerId(multihash);
  }

  /** The peer ID of a public key in its libp2p protobuf encoding. */
  public static PeerId fromPublicKey(byte[] publicKeyProtobuf) {
    KeyProtobuf.Key key = KeyProtobuf.decode(publicKeyProtobuf, "public key");
    if (key.type() == KeyProtobuf.ED25519
        && key.data().length != Ed25519PublicKeyParameters.KEY_SIZE) {
      throw new IllegalArgumentException(
          "an Ed25519 public key has 32 bytes, not " + key.data().length);
    }
    HashFunction f =
        publicKeyProtobuf.length <= MAX_INLINE_KEY_LENGTH
            ? HashFunction.IDENTITY
            : HashFunction.SHA2_256;
    return new PeerId(f.multihash(publicKeyProtobuf));
  }

  public Multihash multihash() {
    return multihash;
  }

  /** The binary form: the multihash bytes. */
  public byte[] bytes() {
    return multihash.bytes();
  }

  /** The CIDv1 form, codec libp2p-key. */
  public Cid toCid() {
    return Cid.v1(Multicodec.LIBP2P_KEY, multihash);
  }

  /** The CIDv1 form in base36, such as {@code k51qzi5uqu5d...}. */
  public String toBase36() {
    return toCid().toString(Multibase.BASE36);
  }

  /**
   * The public key inlined in the peer ID, in its libp2p protobuf encoding; empty for sha2-256 peer
   * IDs, whose key must be obtained from the peer.
   */
  public Optional<byte[]> publicKey() {
    return multihash.code() == HashFunction.IDENTITY.code()
        ? Optional.of(multihash.digest())
        : Optional.empty();
  }

  /**
   * Whether {@code signature} is this peer's signature of {@code message}.
   *
   * @throws IllegalArgumentException if the peer ID does not inline its public key, or the key type
   *     cannot be verified
   */
  public boolean verify(byte[] message, byte[] signature) {
    byte[] encoded =
        publicKey()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "peer ID " + this + " does not inline its public key"));
    return verifySignature(encoded, message, signature);
  }

  /**
   * Whether {@code signature} is a valid libp2p signature of {@code message} by the public key
   * {@code publicKeyProtobuf}: Ed25519 over the message; secp256k1 and ECDSA (DER signatures) over
   * its SHA-256; RSA (2048 to 8192 bits, PKCS#1 v1.5) over its SHA-256.
   *
   * @throws IllegalArgumentException if the key does not decode, or is an RSA key of a size outside
   *     those bounds
   */
  public static boolean verifySignature(
      byte[] publicKeyProtobuf, byte[] message, byte[] signature) {
    return Signatures.verify(
        KeyProtobuf.decode(publicKeyProtobuf, "public key"), message, signature);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PeerId other && multihash.equals(other.multihash);
  }

  @Override
  public int hashCode() {
    return multihash.hashCode();
  }

  @Override
  public int compareTo(PeerId o) {
    return multihash.compareTo(o.multihash);
  }

  /** Base58btc, as libp2p and Kubo show peer IDs. */
  @Override
  public String toString() {
    return multihash.toString();
  }
}
